package io.mqlengine.console;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.mqlengine.archive.ArchiveKeys;
import io.mqlengine.archive.EventSource;
import io.mqlengine.archive.S3EventSource;
import io.mqlengine.config.AwsClients;
import io.mqlengine.http.JsonApiAnswer;
import io.mqlengine.journey.ModelApi;
import io.mqlengine.json.Json;
import io.mqlengine.observe.Log;
import io.mqlengine.queue.SqsQueueDepths;
import io.mqlengine.service.FunnelApi;
import io.mqlengine.service.HealthApi;
import io.mqlengine.service.IngestService;
import io.mqlengine.service.TableOutcomes;
import io.mqlengine.service.WhatIf;
import io.mqlengine.service.WhatIfApi;
import io.mqlengine.store.FunnelCounters;
import io.mqlengine.store.FunnelTally;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The console's data API, {@code /v1/console/*} (IAM-authorised in the template): decodes the API Gateway request
 * and lets one service answer it ({@link FunnelApi}, {@link ModelApi}, {@link HealthApi}, {@link WhatIfApi}). Its log lines name the
 * route and the status.
 */
public final class ConsoleApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final FunnelApi funnel;
    private final ModelApi model;
    private final HealthApi health;
    private final WhatIfApi whatIf;
    private final Clock clock;

    public ConsoleApiHandler() {
        this(System.getenv(), Clock.systemUTC());
    }

    public ConsoleApiHandler(Map<String, String> env, Clock clock) {
        this(ConsoleApiConfig.from(env), new AwsClients(env), clock);
    }

    private ConsoleApiHandler(ConsoleApiConfig config, AwsClients clients, Clock clock) {
        this(new FunnelCounters(clients.dynamo(), config.table()), config, clients, clock);
    }

    private ConsoleApiHandler(FunnelCounters counters, ConsoleApiConfig config, AwsClients clients, Clock clock) {
        this(new FunnelApi(counters, clock),
                new ModelApi(config.modelFile(), document(config.modelFile()), config.model(), ConsoleJourneys.load()),
                new HealthApi(new SqsQueueDepths(clients.sqs()), config.queues(), config.alarms(), slaMisses(counters),
                        clock), whatIf(config, clients), clock);
    }

    /** {@code whatIf} null: the deployment keeps no event archive, and what-if answers 404 saying so. */
    public ConsoleApiHandler(FunnelApi funnel, ModelApi model, HealthApi health, WhatIfApi whatIf, Clock clock) {
        this.funnel = funnel;
        this.model = model;
        this.health = health;
        this.whatIf = whatIf;
        this.clock = clock;
    }

    private static WhatIfApi whatIf(ConsoleApiConfig config, AwsClients clients) {
        if (config.archiveBucket() == null) {
            return null;
        }
        // the S3 client is built once, on the first what-if: the other pages never load the S3 SDK
        AtomicReference<EventSource> s3 = new AtomicReference<>();
        EventSource archive = each -> s3.updateAndGet(built -> built != null ? built
                : new S3EventSource(clients.s3(), config.archiveBucket(), ArchiveKeys.PREFIX)).forEach(each);
        return new WhatIfApi(config::model, archive, new TableOutcomes(clients.dynamo(), config.table()),
                new WhatIf(config.leadIdSecret(), WhatIf.DEFAULT_SWEEP_EVERY));
    }

    /** The accept-SLA breaches per day: the funnel's counter of them. */
    private static HealthApi.SlaMisses slaMisses(FunnelCounters counters) {
        return (from, to) -> {
            Map<LocalDate, Long> out = new TreeMap<>();
            counters.days(from, to).forEach((day, counts) -> out.put(day, counts.getOrDefault(FunnelTally.SLA_MISSED, 0L)));
            return out;
        };
    }

    private static JsonNode document(String file) {
        try {
            return Json.read(Files.readString(Path.of(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("reading the scoring model " + file, e);
        }
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return JsonApiAnswer.answer(event, clock, "console.api", Map.of("content-type", "application/json", "cache-control", "no-store"), this::respond);
    }

    private IngestService.Response respond(APIGatewayV2HTTPEvent event) {
        String route = route(event);
        Map<String, String> query = event.getQueryStringParameters();
        try {
            return switch (route) {
                case "GET /v1/console/funnel" -> funnel.handle(query);
                case "GET /v1/console/model" -> model.handle(query);
                case "GET /v1/console/health" -> health.handle(query);
                case "POST /v1/console/what-if" -> whatIf == null
                        ? IngestService.error(404, "no_archive", "this deployment keeps no event archive (the template's "
                                + "EventArchive parameter is off), so there is nothing to replay")
                        : whatIf.handle("POST", body(event));
                default -> IngestService.error(404, "not_found", "the console API has no route " + route);
            };
        } catch (RuntimeException e) {
            // a table or queue failed (throttling, network): the caller may try again
            Log.event("console.api.error", Map.of("route", route, "reason", e.toString()));
            return IngestService.error(503, "unavailable", "a table or queue did not answer; send the request again");
        }
    }

    private static String body(APIGatewayV2HTTPEvent event) {
        if (event.getBody() == null || !event.getIsBase64Encoded()) {
            return event.getBody();
        }
        return new String(Base64.getDecoder().decode(event.getBody()), StandardCharsets.UTF_8);
    }

    /** {@code "GET /v1/console/model"}: the route key, or else the method and path of the request. */
    private static String route(APIGatewayV2HTTPEvent event) {
        if (event.getRouteKey() != null && !event.getRouteKey().startsWith("$")) {
            return event.getRouteKey();
        }
        APIGatewayV2HTTPEvent.RequestContext.Http http = event.getRequestContext() == null ? null
                : event.getRequestContext().getHttp();
        return http == null ? "" : http.getMethod() + " " + http.getPath();
    }
}
