package io.mqlengine.local.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Turns what a function returned into the HTTP response API Gateway (payload 2.0) would send. */
final class HttpResponses {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Status, headers (each may repeat), and body bytes. */
  record Response(int status, List<Map.Entry<String, String>> headers, byte[] body) {
    Response withoutCorsHeaders() {
      List<Map.Entry<String, String>> kept = new ArrayList<>();
      headers.stream().filter(h -> !h.getKey().toLowerCase(Locale.ROOT).startsWith("access-control-")).forEach(kept::add);
      return new Response(status, kept, body);
    }

    Response plus(Map<String, String> extra) {
      List<Map.Entry<String, String>> all = new ArrayList<>(headers);
      extra.forEach((k, v) -> all.add(Map.entry(k, v)));
      return new Response(status, all, body);
    }
  }

  private HttpResponses() {}

  static Response message(int status, String message) {
    return new Response(status, new ArrayList<>(List.of(Map.entry("content-type", "application/json"))),
        ("{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8));
  }

  static Response json(int status, Object value) {
    try {
      return new Response(status, new ArrayList<>(List.of(Map.entry("content-type", "application/json"))),
          JSON.writeValueAsBytes(value));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Response fromFunction(Object result) {
    APIGatewayV2HTTPResponse r;
    if (result instanceof APIGatewayV2HTTPResponse typed) {
      r = typed;
    } else {
      JsonNode tree = JSON.valueToTree(result);
      if (tree == null || !tree.isObject() || !tree.has("statusCode")) {
        // API Gateway: a result without statusCode is the body of a 200 application/json response.
        return json(200, tree);
      }
      r = JSON.convertValue(tree, APIGatewayV2HTTPResponse.class);
      r.setIsBase64Encoded(tree.path("isBase64Encoded").asBoolean(false));
    }
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    Map<String, String> single = r.getHeaders() == null ? Map.of() : r.getHeaders();
    single.forEach((k, v) -> headers.add(Map.entry(k, v)));
    if (r.getMultiValueHeaders() != null) {
      r.getMultiValueHeaders().forEach((k, values) -> values.forEach(v -> headers.add(Map.entry(k, v))));
    }
    if (r.getCookies() != null) {
      r.getCookies().forEach(c -> headers.add(Map.entry("set-cookie", c)));
    }
    byte[] body = r.getBody() == null ? new byte[0]
        : r.getIsBase64Encoded() ? Base64.getDecoder().decode(r.getBody()) : r.getBody().getBytes(StandardCharsets.UTF_8);
    return new Response(r.getStatusCode() == 0 ? 200 : r.getStatusCode(), headers, body);
  }

  static void send(HttpExchange exchange, Response response, String requestId) throws IOException {
    Map<String, List<String>> merged = new LinkedHashMap<>();
    response.headers().forEach(h -> merged.computeIfAbsent(h.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
        .add(h.getValue()));
    merged.forEach((k, v) -> exchange.getResponseHeaders().put(k, v));
    exchange.getResponseHeaders().set("apigw-requestid", requestId);
    boolean noBody = response.body().length == 0 || response.status() == 204 || response.status() == 304
        || exchange.getRequestMethod().equalsIgnoreCase("HEAD");
    exchange.sendResponseHeaders(response.status(), noBody ? -1 : response.body().length);
    if (!noBody) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(response.body());
      }
    }
    exchange.close();
  }
}
