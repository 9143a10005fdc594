package io.mqlengine.emulator.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.Executors;
import java.util.zip.CRC32;

/**
 * The HTTP side of the emulator: POST / with {@code X-Amz-Target: DynamoDB_20120810.<Operation>} or
 * {@code DynamoDBStreams_20120810.<Operation>} and a JSON body, answered as DynamoDB answers (JSON 1.0,
 * {@code x-amz-crc32}, {@code x-amzn-RequestId}, errors as {@code {"__type", "message"}}).
 */
final class HttpFront implements AutoCloseable {
    static final String DYNAMODB = "DynamoDB_20120810";
    static final String STREAMS = "DynamoDBStreams_20120810";
    private static final int MAX_BODY = 16 * 1024 * 1024;
    private static final byte[] HEALTHY = "healthy: dynamodb.us-east-1.amazonaws.com ".getBytes(StandardCharsets.US_ASCII);
    private static final char[] ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();

    /** What the front calls for each request. */
    interface Service {
        JsonNode call(String api, String operation, JsonNode request);
    }

    private final ObjectMapper json;
    private final HttpServer server;
    private final ExecutorService threads;
    private final Service service;

    HttpFront(String host, int port, int threadCount, ObjectMapper json, Service service) throws IOException {
        this.json = json;
        this.service = service;
        // without TCP_NODELAY a response's header and body packets meet the client's delayed ACK: +40 ms each
        System.setProperty("sun.net.httpserver.nodelay", "true");
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), port), 512);
        this.threads = Executors.newFixedThreadPool(threadCount, r -> {
            Thread t = new Thread(r, "dynamodb-emulator-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext("/", this::handle);
    }

    void start() {
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            byte[] body = read(exchange.getRequestBody());
            if (body == null) {
                send(exchange, 413, new byte[0], "application/x-amz-json-1.0");
                return;
            }
            if (method.equals("GET")) {
                send(exchange, 200, HEALTHY, "text/plain");
                return;
            }
            String contentType = header(exchange, "Content-Type").split(";")[0].trim();
            if (!method.equals("POST") || (body.length > 0 && !contentType.equals("application/json")
                    && !contentType.equals("application/x-amz-json-1.0"))) {
                send(exchange, 404, "<UnknownOperationException/>\n".getBytes(StandardCharsets.US_ASCII), "text/xml");
                return;
            }
            String responseType = contentType.equals("application/json") ? "application/json" : "application/x-amz-json-1.0";
            JsonNode answer;
            int status = 200;
            try {
                answer = answer(exchange, body);
            } catch (ApiException e) {
                status = e.status();
                answer = error(e);
            } catch (RuntimeException e) {
                status = 500;
                answer = error(new ApiException(500, ApiException.DYNAMODB + "InternalServerError",
                        "Internal server error: " + e));
                System.err.println("[dynamodb-emulator] " + header(exchange, "X-Amz-Target") + " failed: " + e);
                e.printStackTrace();
            }
            send(exchange, status, json.writeValueAsBytes(answer), responseType);
        }
    }

    private JsonNode answer(HttpExchange exchange, byte[] body) {
        JsonNode request;
        try {
            request = body.length == 0 ? null : json.readTree(body);
        } catch (IOException e) {
            throw ApiException.serialization(null);
        }
        String target = header(exchange, "X-Amz-Target");
        int dot = target.indexOf('.');
        String api = dot < 0 ? "" : target.substring(0, dot);
        String operation = dot < 0 ? target : target.substring(dot + 1);
        if (!api.equals(DYNAMODB) && !api.equals(STREAMS)) {
            throw new ApiException(400, ApiException.SERVICE + "UnknownOperationException",
                    "Unknown operation: " + (target.isEmpty() ? "no X-Amz-Target header" : target));
        }
        String auth = header(exchange, "Authorization").trim();
        if (auth.isEmpty() && exchange.getRequestURI().getRawQuery() == null || !auth.isEmpty() && !auth.startsWith("AWS4-")) {
            throw new ApiException(400, ApiException.SERVICE + "MissingAuthenticationTokenException",
                    "Request is missing Authentication Token");
        }
        if (request == null || !request.isObject()) {
            throw ApiException.serialization(request == null ? null : "Start of list found where not expected");
        }
        return service.call(api, operation, request);
    }

    private ObjectNode error(ApiException e) {
        ObjectNode out = json.createObjectNode();
        out.put("__type", e.type());
        if (e.getMessage() != null) {
            // the service writes "Message" for serialization errors and "message" for the rest; clients read both
            out.put(e.type().endsWith("#SerializationException") ? "Message" : "message", e.getMessage());
        }
        if (e.details() != null) {
            out.setAll(e.details());
        }
        return out;
    }

    private void send(HttpExchange exchange, int status, byte[] body, String contentType) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(body);
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", contentType);
        headers.set("x-amz-crc32", String.valueOf(crc.getValue()));
        headers.set("x-amzn-RequestId", requestId());
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** A request id like the service's; not a secret, so a fast generator (SecureRandom costs ms here). */
    private static String requestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] id = new char[52];
        for (int i = 0; i < id.length; i++) {
            id[i] = ID_CHARS[random.nextInt(ID_CHARS.length)];
        }
        return new String(id);
    }

    private static String header(HttpExchange exchange, String name) {
        String v = exchange.getRequestHeaders().getFirst(name);
        return v == null ? "" : v;
    }

    private static byte[] read(InputStream in) throws IOException {
        byte[] buffer = in.readNBytes(MAX_BODY + 1);
        return buffer.length > MAX_BODY ? null : buffer;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
