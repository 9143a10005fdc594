package io.mqlengine.local.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.mqlengine.local.clock.TwinClock;
import io.mqlengine.local.lambda.FunctionPool;
import io.mqlengine.local.lambda.Invocation;
import io.mqlengine.local.lambda.InvokeLog;
import io.mqlengine.local.log.JsonLines;
import io.mqlengine.local.plan.HttpApiPlan;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves the template's HttpApi as API Gateway's HTTP API (payload 2.0) would, on an {@link HttpListener} that
 * reads each request whole within {@link HttpLimits} before a function sees it, with routes that set
 * Authorizer: AWS_IAM behind {@link IamAuthorizer}; beside it, GET and HEAD of the tracking snippet and the demo
 * site ({@link StaticFiles}).
 */
public final class HttpApiGateway implements AutoCloseable {
    private final HttpListener listener;
    private final Optional<HttpApiPlan> plan;
    private final RouteTable routes;
    private final Optional<CorsPolicy> cors;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final Map<String, FunctionPool> pools;
    private final TwinClock clock;
    private final IamAuthorizer iam;
    private final JsonLines log;
    private final Optional<TestHooks> hooks;

    /** Binds the loopback {@code port} (0 picks a free one) for a gateway; nothing is accepted before {@link #start}. */
    public static ServerSocket bind(int port) throws IOException {
        return HttpListener.bind(port);
    }

    /** Serves on {@code socket}, from {@link #bind}; closing the gateway closes it. */
    public HttpApiGateway(ServerSocket socket, HttpLimits limits, Optional<HttpApiPlan> plan, Map<String, FunctionPool> pools,
            TwinClock clock, JsonLines log, Optional<TestHooks.Twin> hooks) {
        this.plan = plan;
        this.routes = new RouteTable(plan.map(HttpApiPlan::routes).orElse(List.of()));
        this.cors = plan.flatMap(HttpApiPlan::cors).map(CorsPolicy::new);
        this.pools = pools;
        this.clock = clock;
        this.iam = new IamAuthorizer(clock, Clock.systemUTC());
        this.log = log;
        this.hooks = hooks.map(TestHooks::new);
        this.listener = new HttpListener(socket, limits, this::handle);
    }

    public void start() {
        listener.start();
    }

    public String url() {
        return "http://127.0.0.1:" + listener.port();
    }

    private HttpResponses.Response handle(ApiRequest request) {
        String requestId = HttpEvents.requestId();
        String method = request.method().toUpperCase(Locale.ROOT);
        String path = request.uri().getRawPath();
        String origin = request.header("Origin");
        HttpResponses.Response response;
        boolean api = false;
        try {
            Optional<HttpResponses.Response> file = StaticFiles.answer(method, path, request.header("If-None-Match"));
            if (hooks.isPresent() && path.startsWith("/_twin/")) {
                response = hooks.get().handle(method, path, request.body());
            } else if (file.isPresent()) {
                response = file.get();
            } else if (cors.isPresent() && CorsPolicy.isPreflight(method, origin,
                    request.header("Access-Control-Request-Method"))) {
                api = true;
                response = new HttpResponses.Response(204, new ArrayList<>(), new byte[0]).plus(cors.get().preflight(origin,
                        request.header("Access-Control-Request-Method"), request.header("Access-Control-Request-Headers")));
            } else {
                api = true;
                Optional<HttpResponses.Response> fault = hooks.flatMap(h -> h.nextFault(request.body()));
                response = fault.isPresent() ? fault.get() : route(request, method, path, requestId);
                if (cors.isPresent()) {
                    response = response.withoutCorsHeaders().plus(cors.get().actual(origin));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            response = HttpResponses.message(503, "Service Unavailable");
        } catch (RuntimeException e) {
            System.err.println("[http] " + method + " " + path + ": " + e);
            response = HttpResponses.message(500, "Internal Server Error");
        }
        if (api && hooks.isPresent()) {
            hooks.get().record(request, method, path, response.status());
        }
        return response.plus(Map.of("apigw-requestid", requestId));
    }

    private HttpResponses.Response route(ApiRequest request, String method, String path, String requestId)
            throws InterruptedException {
        Optional<RouteTable.Match> match = plan.isPresent() ? routes.match(method, path) : Optional.empty();
        if (match.isEmpty()) {
            return HttpResponses.message(404, "Not Found");
        }
        HttpApiPlan.Route route = match.get().route();
        if (route.iam()) {
            Optional<HttpResponses.Response> refusal = iam.refusal(request);
            if (refusal.isPresent()) {
                return refusal.get();
            }
        }
        if (plan.get().throttle().isPresent()) {
            HttpApiPlan.Throttle t = plan.get().throttle().get();
            if (!buckets.computeIfAbsent(route.routeKey(), k -> new TokenBucket(t.ratePerSecond(), t.burst())).tryTake()) {
                return HttpResponses.message(429, "Too Many Requests");
            }
        }
        FunctionPool pool = pools.get(route.functionId());
        APIGatewayV2HTTPEvent event = HttpEvents.build(request, match.get(), plan.get().apiId(), requestId, clock.instant());
        if (route.iam()) {
            event.getRequestContext().setAuthorizer(IamAuthorizer.identity());
        }
        Invocation invocation = pool.invoke(event);
        HttpResponses.Response response;
        String outcome = "ok";
        if (invocation.failed()) {
            response = HttpResponses.message(500, "Internal Server Error");
            outcome = "error";
        } else {
            try {
                response = HttpResponses.fromFunction(invocation.response());
            } catch (RuntimeException malformed) {
                response = HttpResponses.message(500, "Internal Server Error");
                outcome = "error";
            }
        }
        InvokeLog.emit(log, route.functionId(), "http", invocation, outcome, 1, outcome.equals("ok") ? 0 : 1);
        return response;
    }

    @Override
    public void close() {
        listener.close();
    }
}
