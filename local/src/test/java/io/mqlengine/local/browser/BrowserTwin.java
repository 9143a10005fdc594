package io.mqlengine.local.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mqlengine.local.LocalTwin;
import io.mqlengine.local.RunningTwin;
import io.mqlengine.local.TwinOptions;
import io.mqlengine.local.emulators.Ports;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.store.LeadItems;
import io.mqlengine.store.LeadKey;
import io.mqlengine.store.Stored;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The project's template.yaml on the twin, in-process, with the test hooks on and the given site origins allowed:
 * what reached its HTTP API ({@code GET /_twin/requests}), injected failures, and the leads in DynamoDB.
 */
final class BrowserTwin implements AutoCloseable {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One POST /v1/events as the twin answered it. */
    record Post(long seq, Instant at, int status, String contentType, String fetchMode, JsonNode body) {
        List<JsonNode> events() {
            List<JsonNode> out = new ArrayList<>();
            body.path("events").forEach(out::add);
            return out;
        }

        boolean accepted() {
            return status == 202;
        }
    }

    final RunningTwin twin;
    final String api;
    /** The twin's JSON lines, for a failure's message. */
    final List<String> lines;
    private final HttpClient http = HttpClient.newHttpClient();

    private BrowserTwin(RunningTwin twin, List<String> lines) {
        this.twin = twin;
        this.api = twin.apiUrl();
        this.lines = lines;
    }

    /**
     * Starts the twin on a free port; the ingest function and the API's CORS allow the twin's own origin (the demo
     * page) and {@code siteOrigin}.
     */
    static BrowserTwin start(String siteOrigin) throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        for (int attempt = 1; ; attempt++) {
            int port = freePort();
            try {
                return new BrowserTwin(LocalTwin.start(TwinOptions.of(ROOT.resolve("template.yaml")).withPort(port)
                        .withTestHooks(true).withFastRetries(true)
                        .withParameter("AllowedOrigins", "http://127.0.0.1:" + port + "," + siteOrigin).withOutput(lines::add)),
                        lines);
            } catch (Ports.Unavailable taken) {
                if (attempt == 3) {
                    throw taken; // another program took the free port three times in a row
                }
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    JsonNode call(String method, String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(api + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new AssertionError(method + " " + path + " answered " + r.statusCode() + " " + r.body());
            }
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every POST /v1/events the twin answered so far, oldest first. */
    List<Post> posts() {
        List<Post> out = new ArrayList<>();
        for (JsonNode r : call("GET", "/_twin/requests", null).path("requests")) {
            if (!r.path("method").asText().equals("POST") || !r.path("path").asText().equals("/v1/events")) {
                continue;
            }
            JsonNode body;
            try {
                body = JSON.readTree(r.path("body").asText());
            } catch (IOException e) {
                body = JSON.createObjectNode();
            }
            out.add(new Post(r.path("seq").asLong(), Instant.parse(r.path("at").asText()), r.path("status").asInt(),
                    r.path("contentType").asText(null), r.path("fetchMode").asText(null), body));
        }
        return out;
    }

    /** Every request the twin's API answered (preflights included), as the journal lists them. */
    List<JsonNode> requests() {
        List<JsonNode> out = new ArrayList<>();
        call("GET", "/_twin/requests", null).path("requests").forEach(out::add);
        return out;
    }

    /** The posts that carried at least one event of {@code anonymousId}. */
    List<Post> postsFrom(String anonymousId) {
        return posts().stream().filter(p -> p.events().stream()
                .anyMatch(e -> e.path("anonymousId").asText().equals(anonymousId))).toList();
    }

    /** The events of {@code anonymousId} the twin accepted (202), in arrival order, each as often as it arrived. */
    List<JsonNode> acceptedEvents(String anonymousId) {
        List<JsonNode> out = new ArrayList<>();
        for (Post p : posts()) {
            if (p.accepted()) {
                p.events().stream().filter(e -> e.path("anonymousId").asText().equals(anonymousId)).forEach(out::add);
            }
        }
        return out;
    }

    /**
     * The next {@code count} API requests whose body holds {@code bodyContains} (null: any) answer {@code status},
     * with Retry-After when {@code retryAfter} is set.
     */
    void failNext(int status, int count, Integer retryAfter, String bodyContains) {
        call("POST", "/_twin/faults", "{\"status\":" + status + ",\"count\":" + count
                + (retryAfter == null ? "" : ",\"retryAfter\":" + retryAfter)
                + (bodyContains == null ? "" : ",\"bodyContains\":\"" + bodyContains + "\"") + "}");
    }

    void clearFaults() {
        call("DELETE", "/_twin/faults", null);
    }

    /** What the leads table holds for the anonymous id. */
    Optional<Stored> anonymous(String anonymousId) {
        Map<String, AttributeValue> item = twin.clients().dynamo().getItem(b -> b.tableName(table())
                .key(LeadItems.key(LeadKey.anonymous(anonymousId))).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(LeadItems.read(item));
    }

    /** The known lead with this email, if the table has one. */
    Optional<LeadState> lead(String email) {
        for (Map<String, AttributeValue> item : twin.clients().dynamo().scanPaginator(b -> b.tableName(table())).items()) {
            if (LeadItems.read(item) instanceof Stored.Lead p && !p.state().anonymous()
                    && email.equals(p.state().traits().email())) {
                return Optional.of(p.state());
            }
        }
        return Optional.empty();
    }

    /** How many known (identified) leads the table holds. */
    long knownLeads() {
        long n = 0;
        for (Map<String, AttributeValue> item : twin.clients().dynamo().scanPaginator(b -> b.tableName(table())).items()) {
            if (item.get("pk").s().startsWith("LEAD#") && LeadItems.read(item) instanceof Stored.Lead p
                    && !p.state().anonymous()) {
                n++;
            }
        }
        return n;
    }

    private String table() {
        return twin.tableName("LeadsTable");
    }

    /** Polls {@code condition} every 50 ms until it holds; fails naming {@code what} at the deadline. */
    static void await(BooleanSupplier condition, Duration timeout, String what) {
        await(condition, timeout, () -> what);
    }

    /** As {@link #await(BooleanSupplier, Duration, String)}, with a message made at the deadline. */
    static void await(BooleanSupplier condition, Duration timeout, Supplier<String> what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what.get());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    @Override
    public void close() {
        twin.close();
    }
}
