package io.mqlengine.local.emulators;

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
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The twin's EventBridge endpoint, in-process: AWS JSON 1.1 ({@code POST /}, {@code X-Amz-Target: AWSEvents.<Operation>},
 * {@code Content-Type: application/x-amz-json-1.1}), errors as {@code {"__type", "message"}} with status 400, as the
 * unmodified SDK's EventBridgeClient and the AWS CLI expect. It answers PutEvents; any other operation gets
 * {@code UnknownOperationException} naming it.
 */
public final class EventBridgeEmulator implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSON_11 = "application/x-amz-json-1.1";
    private static final String PREFIX = "AWSEvents.";
    /** Far above PutEvents' 256 KB of entries, so an oversized request is answered by the service's own check. */
    private static final int MAX_BODY = 4 * 1024 * 1024;

    /** The operations the emulator serves, by name; a {@link Failure} is answered as a 400. */
    public interface Service {
        JsonNode putEvents(JsonNode request);
    }

    /** A request refused whole: the error type and message of the 400 answer. */
    public static final class Failure extends RuntimeException {
        private final String type;

        public Failure(String type, String message) {
            super(message);
            this.type = type;
        }
    }

    private final HttpServer server;
    private final ExecutorService threads;
    private final Service service;

    private EventBridgeEmulator(HttpServer server, ExecutorService threads, Service service) {
        this.server = server;
        this.threads = threads;
        this.service = service;
    }

    public static EventBridgeEmulator start(int port, Service service) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        ExecutorService threads = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "eventbridge-emulator-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        EventBridgeEmulator emulator = new EventBridgeEmulator(server, threads, service);
        server.createContext("/", emulator::handle);
        server.start();
        return emulator;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = read(exchange.getRequestBody());
            if (body == null) {
                send(exchange, 413, error("ValidationException", "the request body is larger than " + MAX_BODY + " bytes"));
                return;
            }
            String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
            if (!exchange.getRequestMethod().toUpperCase(Locale.ROOT).equals("POST") || !target.startsWith(PREFIX)) {
                send(exchange, 400, error("UnknownOperationException", "the local twin's EventBridge endpoint takes POST / with "
                        + "X-Amz-Target: AWSEvents.<Operation>; got " + exchange.getRequestMethod() + " "
                        + exchange.getRequestURI() + " with X-Amz-Target " + target));
                return;
            }
            String operation = target.substring(PREFIX.length());
            if (!operation.equals("PutEvents")) {
                send(exchange, 400, error("UnknownOperationException", "operation " + operation + " is not emulated by the "
                        + "local twin's EventBridge endpoint (it answers PutEvents; buses and rules come from the template)"));
                return;
            }
            JsonNode request;
            try {
                request = JSON.readTree(body);
            } catch (IOException e) {
                send(exchange, 400, error("SerializationException", "the request body is not valid JSON"));
                return;
            }
            try {
                send(exchange, 200, service.putEvents(request));
            } catch (Failure e) {
                send(exchange, 400, error(e.type, e.getMessage()));
            }
        }
    }

    private static ObjectNode error(String type, String message) {
        ObjectNode out = JSON.createObjectNode();
        out.put("__type", type);
        out.put("message", message);
        return out;
    }

    private static byte[] read(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY + 1);
        return body.length > MAX_BODY ? null : body;
    }

    private static void send(HttpExchange exchange, int status, JsonNode answer) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(answer);
        exchange.getResponseHeaders().set("Content-Type", JSON_11);
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        if (answer.has("__type")) {
            exchange.getResponseHeaders().set("x-amzn-ErrorType", answer.get("__type").asText());
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
