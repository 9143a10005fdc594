package io.mqlengine.local.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Turns what a function returned into the HTTP response API Gateway (payload 2.0) would send. */
final class HttpResponses {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter DATE = DateTimeFormatter.RFC_1123_DATE_TIME;
    private static final Set<String> FRAMING = Set.of("content-length", "transfer-encoding", "connection", "keep-alive");
    private static final Map<Integer, String> REASONS = Map.ofEntries(Map.entry(200, "OK"), Map.entry(201, "Created"),
            Map.entry(202, "Accepted"), Map.entry(204, "No Content"), Map.entry(301, "Moved Permanently"),
            Map.entry(302, "Found"), Map.entry(304, "Not Modified"), Map.entry(400, "Bad Request"),
            Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"),
            Map.entry(405, "Method Not Allowed"), Map.entry(408, "Request Timeout"), Map.entry(409, "Conflict"),
            Map.entry(413, "Payload Too Large"), Map.entry(414, "URI Too Long"), Map.entry(417, "Expectation Failed"),
            Map.entry(422, "Unprocessable Entity"), Map.entry(429, "Too Many Requests"),
            Map.entry(431, "Request Header Fields Too Large"), Map.entry(500, "Internal Server Error"),
            Map.entry(502, "Bad Gateway"), Map.entry(503, "Service Unavailable"), Map.entry(504, "Gateway Timeout"));

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
        for (Map.Entry<String, String> h : headers) {
            String field = h.getKey() + h.getValue();
            if (field.indexOf('\r') >= 0 || field.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("the function returned a header with a line break");
            }
        }
        byte[] body = r.getBody() == null ? new byte[0]
                : r.getIsBase64Encoded() ? Base64.getDecoder().decode(r.getBody()) : r.getBody().getBytes(StandardCharsets.UTF_8);
        return new Response(r.getStatusCode() == 0 ? 200 : r.getStatusCode(), headers, body);
    }

    /**
     * Writes the status line, the headers (names lower-cased, as API Gateway sends them; framing headers are the
     * server's own) and the body. HEAD gets the length but no body; 1xx, 204 and 304 get neither.
     */
    static void write(OutputStream out, Response response, boolean head, boolean keepAlive) throws IOException {
        StringBuilder text = new StringBuilder(256);
        int status = response.status();
        text.append("HTTP/1.1 ").append(status).append(' ').append(REASONS.getOrDefault(status, "")).append("\r\n");
        boolean hasDate = false;
        for (Map.Entry<String, String> h : response.headers()) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (FRAMING.contains(name)) {
                continue;
            }
            hasDate |= name.equals("date");
            text.append(name).append(": ").append(h.getValue()).append("\r\n");
        }
        if (!hasDate) {
            text.append("date: ").append(DATE.format(ZonedDateTime.now(ZoneOffset.UTC))).append("\r\n");
        }
        boolean bodiless = status < 200 || status == 204 || status == 304;
        if (!bodiless) {
            text.append("content-length: ").append(response.body().length).append("\r\n");
        }
        text.append(keepAlive ? "connection: keep-alive\r\n" : "connection: close\r\n").append("\r\n");
        out.write(text.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (!bodiless && !head) {
            out.write(response.body());
        }
    }
}
