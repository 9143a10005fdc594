package io.mqlengine.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mqlengine.json.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A fault-injecting HTTP proxy in front of ElasticMQ: the test's SQS client talks to it through the unmodified
 * AWS SDK, and it forwards every request as is unless a planned fault says otherwise. Faults, each for a number of
 * SendMessageBatch requests (every HTTP attempt counts, the SDK's own retries too): some entries answered in
 * {@code Failed[]} (and not forwarded, as SQS would not have enqueued them), a whole call answered with an error
 * status and code, or the connection closed without an answer.
 */
final class FaultySqsProxy implements AutoCloseable {
    private static final String SEND_BATCH = "AmazonSQS.SendMessageBatch";

    /** A planned fault; {@code left}: for how many more SendMessageBatch requests. */
    private abstract static class Fault {
        final AtomicInteger left;

        Fault(int times) {
            left = new AtomicInteger(times);
        }
    }

    private static final class FailEntries extends Fault {
        final Predicate<String> body;
        final boolean senderFault;
        final String code;

        FailEntries(int times, Predicate<String> body, boolean senderFault, String code) {
            super(times);
            this.body = body;
            this.senderFault = senderFault;
            this.code = code;
        }
    }

    private static final class Answer extends Fault {
        final int status;
        final String code;

        Answer(int times, int status, String code) {
            super(times);
            this.status = status;
            this.code = code;
        }
    }

    private static final class Hangup extends Fault {
        Hangup(int times) {
            super(times);
        }
    }

    private final HttpServer server;
    private final String target;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final AtomicInteger faultsMet = new AtomicInteger();

    FaultySqsProxy(String target) throws IOException {
        this.target = target;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "faulty-sqs-proxy");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next {@code times} SendMessageBatch requests answer entries whose body matches as failed. */
    FaultySqsProxy failEntries(int times, Predicate<String> body, boolean senderFault, String code) {
        faults.add(new FailEntries(times, body, senderFault, code));
        return this;
    }

    /** The next {@code times} SendMessageBatch requests are answered with {@code status} and {@code code}. */
    FaultySqsProxy answer(int times, int status, String code) {
        faults.add(new Answer(times, status, code));
        return this;
    }

    /** The next {@code times} SendMessageBatch requests get no answer: the connection is closed. */
    FaultySqsProxy hangUp(int times) {
        faults.add(new Hangup(times));
        return this;
    }

    void clear() {
        faults.clear();
        requests.clear();
        faultsMet.set(0);
    }

    /** HTTP requests received for an SQS action (such as {@code SendMessageBatch}), attempts of retries included. */
    int requests(String action) {
        AtomicInteger n = requests.get("AmazonSQS." + action);
        return n == null ? 0 : n.get();
    }

    int faultsMet() {
        return faultsMet.get();
    }

    private Fault next() {
        for (Iterator<Fault> it = faults.iterator(); it.hasNext(); ) {
            Fault f = it.next();
            if (f.left.getAndDecrement() > 0) {
                return f;
            }
        }
        return null;
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            String action = x.getRequestHeaders().getFirst("X-Amz-Target");
            requests.computeIfAbsent(String.valueOf(action), a -> new AtomicInteger()).incrementAndGet();
            byte[] body = x.getRequestBody().readAllBytes();
            Fault fault = SEND_BATCH.equals(action) ? next() : null;
            if (fault != null) {
                faultsMet.incrementAndGet();
            }
            if (fault instanceof Hangup) {
                return; // closing the exchange before any answer closes the connection
            }
            if (fault instanceof Answer a) {
                ObjectNode error = Json.object().put("__type", "com.amazonaws.sqs#" + a.code)
                        .put("message", "injected by the test's proxy");
                reply(x, a.status, error.toString().getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (fault instanceof FailEntries f) {
                failEntries(x, body, f);
                return;
            }
            HttpResponse<byte[]> r = forward(x, body);
            reply(x, r.statusCode(), r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void failEntries(HttpExchange x, byte[] body, FailEntries f) throws IOException, InterruptedException {
        ObjectNode request = (ObjectNode) Json.read(new String(body, StandardCharsets.UTF_8));
        ArrayNode kept = Json.array();
        ArrayNode failed = Json.array();
        for (JsonNode e : request.get("Entries")) {
            if (f.body.test(e.path("MessageBody").asText())) {
                failed.addObject().put("Id", e.path("Id").asText()).put("SenderFault", f.senderFault)
                        .put("Code", f.code).put("Message", "injected by the test's proxy");
            } else {
                kept.add(e);
            }
        }
        ObjectNode answer;
        if (kept.isEmpty()) {
            answer = Json.object();
            answer.putArray("Successful");
        } else {
            request.set("Entries", kept);
            HttpResponse<byte[]> r = forward(x, request.toString().getBytes(StandardCharsets.UTF_8));
            if (r.statusCode() != 200) {
                reply(x, r.statusCode(), r.body());
                return;
            }
            answer = (ObjectNode) Json.read(new String(r.body(), StandardCharsets.UTF_8));
        }
        ArrayNode all = answer.has("Failed") ? (ArrayNode) answer.get("Failed") : answer.putArray("Failed");
        all.addAll(failed);
        reply(x, 200, answer.toString().getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<byte[]> forward(HttpExchange x, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target + x.getRequestURI()))
                .method(x.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        List<String> skip = List.of("host", "content-length", "connection", "expect", "upgrade", "transfer-encoding");
        x.getRequestHeaders().forEach((name, values) -> {
            if (!skip.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                values.forEach(v -> b.header(name, v));
            }
        });
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void reply(HttpExchange x, int status, byte[] body) throws IOException {
        x.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
        x.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            x.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
