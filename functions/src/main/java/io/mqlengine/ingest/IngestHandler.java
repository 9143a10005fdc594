package io.mqlengine.ingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.mqlengine.config.AwsClients;
import io.mqlengine.http.RequestBytes;
import io.mqlengine.observe.AwsUsage;
import io.mqlengine.observe.Log;
import io.mqlengine.queue.SqsEventQueue;
import io.mqlengine.service.IngestService;
import io.mqlengine.validation.Route;
import java.time.Clock;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The tracking routes (POST /v1/events, and Segment's /v1/batch, /v1/track, /v1/t, ... as {@link Route} lists them):
 * decodes the API Gateway request, lets {@link IngestService} decide, encodes the answer. Under SnapStart it is a CRaC
 * {@link Resource}: primed before the snapshot, its SQS client built anew after each restore.
 */
public final class IngestHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>, Resource {
    private final Map<String, String> env;
    private final IngestConfig config;
    private final Clock clock;
    private volatile SqsClient sqs;
    private volatile IngestService service;

    public IngestHandler() {
        this(System.getenv(), Clock.systemUTC());
        // the global context calls the hooks only on a JVM that takes snapshots (SnapStart); elsewhere it is inert
        Core.getGlobalContext().register(this);
    }

    /**
     * Builds the SQS client (one, for both queues) on a second thread while this one reads the configuration
     * and the scoring model and primes the request path: the two are most of a cold start and load disjoint
     * classes.
     */
    public IngestHandler(Map<String, String> env, Clock clock) {
        AwsClients clients = new AwsClients(env);
        FutureTask<SqsClient> building = new FutureTask<>(clients::sqs);
        Thread builder = new Thread(building, "sqs-client-init");
        builder.setDaemon(true);
        builder.start();
        this.env = env;
        this.config = IngestConfig.from(env);
        this.clock = clock;
        IngestService.prime(config.settings(), config.model()::raisesHand, clock);
        try {
            use(building.get());
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building the SQS client", e);
        }
    }

    public IngestHandler(IngestService service, Clock clock) {
        this.env = null;
        this.config = null;
        this.clock = clock;
        this.service = service;
    }

    private void use(SqsClient client) {
        sqs = client;
        service = new IngestService(config.settings(), new SqsEventQueue(client, config.eventsQueueUrl()),
                new SqsEventQueue(client, config.handRaiserQueueUrl()), config.model()::raisesHand, clock);
    }

    /**
     * Before the snapshot: the request path once more, and one SendMessageBatch with no entries to each queue,
     * which SQS refuses without storing anything (and which the send-only policy allows): the SDK's marshalling,
     * signing, HTTP and error paths are loaded and compiled in the snapshot instead of on the first request.
     */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        if (config == null) {
            return; // built around a given service: nothing of ours to prime
        }
        IngestService.prime(config.settings(), config.model()::raisesHand, clock);
        for (String queue : new String[] {config.eventsQueueUrl(), config.handRaiserQueueUrl()}) {
            try {
                sqs.sendMessageBatch(b -> b.queueUrl(queue));
            } catch (RuntimeException refused) {
                // the expected answer (EmptyBatchRequest); priming must never stop the snapshot
            }
        }
    }

    /**
     * After a restore: a new SQS client and HTTP client, so that no connection opened before the snapshot is reused
     * and credentials are resolved in the restored environment; the classes are loaded already, so this is quick.
     */
    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        if (config == null) {
            return;
        }
        SqsClient before = sqs;
        use(new AwsClients(env).sqs());
        before.close();
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        long started = clock.millis();
        AwsUsage.startInvocation();
        Map<String, String> headers = lowerCase(event.getHeaders());
        String origin = headers.get("origin");
        String path = path(event);
        IngestService.Response r = respond(event, path, headers, origin);
        Log.event("ingest", Map.of("status", r.status(), "ms", clock.millis() - started, "route", String.valueOf(path),
                "bytes", event.getBody() == null ? 0 : event.getBody().length(), "aws", AwsUsage.invocation()));
        Map<String, String> out = new HashMap<>();
        out.put("content-type", "application/json");
        if (origin != null && service.originAllowed(origin)) {
            out.put("access-control-allow-origin", origin);
            out.put("vary", "Origin");
        }
        return APIGatewayV2HTTPResponse.builder().withStatusCode(r.status()).withHeaders(out).withBody(r.body()).build();
    }

    /**
     * The route's path: from the route key ({@code POST /v1/batch}), which a stage or a custom domain's mapping does
     * not prefix, else the request's path; /v1/events when the event names neither.
     */
    static String path(APIGatewayV2HTTPEvent event) {
        String routeKey = event.getRouteKey();
        if (routeKey != null && routeKey.indexOf(' ') > 0) {
            return routeKey.substring(routeKey.indexOf(' ') + 1);
        }
        if (event.getRawPath() != null && !event.getRawPath().isEmpty()) {
            return event.getRawPath();
        }
        if (event.getRequestContext() != null && event.getRequestContext().getHttp() != null
                && event.getRequestContext().getHttp().getPath() != null) {
            return event.getRequestContext().getHttp().getPath();
        }
        return Route.EVENTS.path();
    }

    private IngestService.Response respond(APIGatewayV2HTTPEvent event, String path, Map<String, String> headers,
                                           String origin) {
        String method = event.getRequestContext() == null || event.getRequestContext().getHttp() == null ? "POST"
                : event.getRequestContext().getHttp().getMethod();
        if (!"POST".equalsIgnoreCase(method)) {
            return IngestService.error(405, "method_not_allowed", "use POST");
        }
        Optional<Route> route = Route.forPath(path);
        if (route.isEmpty()) {
            return IngestService.error(404, "not_found", "no tracking route at " + path);
        }
        String body = event.getBody() == null ? "" : event.getBody();
        int limit = service.settings().maxBodyBytes();
        // refuse on size before decoding or parsing anything: base64 holds 3 bytes per 4 characters, and
        // a character is at least one byte (the service checks the exact byte count again)
        long atLeast = event.getIsBase64Encoded() ? body.length() / 4L * 3 - 2 : body.length();
        if (atLeast > limit) {
            return IngestService.error(413, "payload_too_large", "body is larger than " + limit + " bytes");
        }
        byte[] bytes = RequestBytes.of(event);
        if (bytes == null) {
            return IngestService.error(400, "invalid_request", RequestBytes.NOT_BASE64);
        }
        return service.accept(route.get(), bytes, headers, origin);
    }

    private static Map<String, String> lowerCase(Map<String, String> headers) {
        Map<String, String> out = new HashMap<>();
        if (headers != null) {
            headers.forEach((k, v) -> out.put(k.toLowerCase(Locale.ROOT), v));
        }
        return out;
    }
}
