package io.mqlengine.local.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mqlengine.local.TwinClock;
import io.mqlengine.local.lambda.FunctionPool;
import io.mqlengine.local.lambda.Invocation;
import io.mqlengine.local.lambda.InvokeLog;
import io.mqlengine.local.log.JsonLines;
import io.mqlengine.local.plan.HttpApiPlan;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Serves the template's HttpApi with the JDK HTTP server, as API Gateway's HTTP API (payload 2.0) would. */
public final class HttpApiGateway implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService threads;
  private final Optional<HttpApiPlan> plan;
  private final RouteTable routes;
  private final Optional<CorsPolicy> cors;
  private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
  private final Map<String, FunctionPool> pools;
  private final TwinClock clock;
  private final JsonLines log;
  private final Optional<TestHooks> hooks;

  public HttpApiGateway(int port, Optional<HttpApiPlan> plan, Map<String, FunctionPool> pools, TwinClock clock,
      JsonLines log, Optional<TestHooks.Twin> hooks) throws IOException {
    this.plan = plan;
    this.routes = new RouteTable(plan.map(HttpApiPlan::routes).orElse(List.of()));
    this.cors = plan.flatMap(HttpApiPlan::cors).map(CorsPolicy::new);
    this.pools = pools;
    this.clock = clock;
    this.log = log;
    this.hooks = hooks.map(TestHooks::new);
    // without TCP_NODELAY, a response's header and body packets meet the client's delayed ACK: +40 ms each
    System.setProperty("sun.net.httpserver.nodelay", "true");
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
    this.threads = Executors.newFixedThreadPool(16, r -> {
      Thread t = new Thread(r, "twin-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(threads);
    server.createContext("/", this::handle);
  }

  public void start() {
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String requestId = HttpEvents.requestId();
    String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
    String path = exchange.getRequestURI().getRawPath();
    String origin = exchange.getRequestHeaders().getFirst("Origin");
    HttpResponses.Response response;
    try {
      byte[] body = exchange.getRequestBody().readAllBytes();
      if (hooks.isPresent() && path.startsWith("/_twin/")) {
        response = hooks.get().handle(method, path, body);
      } else if (cors.isPresent() && CorsPolicy.isPreflight(method, origin,
          exchange.getRequestHeaders().getFirst("Access-Control-Request-Method"))) {
        response = new HttpResponses.Response(204, new java.util.ArrayList<>(), new byte[0]).plus(cors.get().preflight(origin,
            exchange.getRequestHeaders().getFirst("Access-Control-Request-Method"),
            exchange.getRequestHeaders().getFirst("Access-Control-Request-Headers")));
      } else {
        response = route(exchange, method, path, body, requestId);
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
    HttpResponses.send(exchange, response, requestId);
  }

  private HttpResponses.Response route(HttpExchange exchange, String method, String path, byte[] body, String requestId)
      throws InterruptedException {
    Optional<RouteTable.Match> match = plan.isPresent() ? routes.match(method, path) : Optional.empty();
    if (match.isEmpty()) {
      return HttpResponses.message(404, "Not Found");
    }
    HttpApiPlan.Route route = match.get().route();
    if (plan.get().throttle().isPresent()) {
      HttpApiPlan.Throttle t = plan.get().throttle().get();
      if (!buckets.computeIfAbsent(route.routeKey(), k -> new TokenBucket(t.ratePerSecond(), t.burst())).tryTake()) {
        return HttpResponses.message(429, "Too Many Requests");
      }
    }
    FunctionPool pool = pools.get(route.functionId());
    Invocation invocation = pool.invoke(HttpEvents.build(exchange, body, match.get(), plan.get().apiId(), requestId,
        clock.instant()));
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
    server.stop(1);
    threads.shutdownNow();
  }
}
