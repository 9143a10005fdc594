package io.mqlengine.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.mqlengine.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Clients of the tracking API that send each of their requests until the twin answers 202, as browsers and
 * servers retry (events are deduplicated by event id), and that remember which events were acknowledged, by
 * which run of the twin. Each client sends its own requests in order, one at a time.
 */
final class RetryingSenders {
    /** One POST /v1/events: its event ids and the body it sends, with the timestamps of the moment it is sent. */
    record Request(List<String> eventIds, Function<Instant, String> body) {
    }

    private final List<List<Request>> lanes;
    private final Supplier<Target> target;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, Integer> acknowledgedBy = new ConcurrentHashMap<>();
    private final AtomicInteger requestsLeft = new AtomicInteger();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopped;

    /** Where requests go: the running twin's API URL and which run (start) of the twin it is. */
    record Target(int run, String api) {
    }

    /** {@code target} is null while the twin is down. */
    RetryingSenders(List<List<Request>> lanes, Supplier<Target> target) {
        this.lanes = lanes;
        this.target = target;
        lanes.forEach(l -> requestsLeft.addAndGet(l.size()));
    }

    void start() {
        for (int i = 0; i < lanes.size(); i++) {
            List<Request> lane = lanes.get(i);
            Thread t = new Thread(() -> sendAll(lane), "sender-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    private void sendAll(List<Request> lane) {
        try {
            for (Request q : lane) {
                while (!stopped && !sendOnce(q)) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                }
                requestsLeft.decrementAndGet();
            }
        } catch (RuntimeException | AssertionError e) {
            failures.add(e);
        }
    }

    private boolean sendOnce(Request q) {
        Target to = target.get();
        if (to == null) {
            return false;
        }
        HttpResponse<String> r;
        try {
            r = http.send(HttpRequest.newBuilder(URI.create(to.api() + "/v1/events")).timeout(Duration.ofSeconds(15))
                    .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(q.body().apply(Instant.now())))
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return false; // the twin is down or going down: not acknowledged, send it again
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (r.statusCode() != 202) {
            return false; // 503 and 429 ask for the same request again
        }
        JsonNode answer = Json.read(r.body());
        if (answer.path("accepted").asInt() != q.eventIds().size()) {
            throw new AssertionError("the twin accepted only part of " + q.eventIds() + ": " + r.body());
        }
        q.eventIds().forEach(id -> acknowledgedBy.put(id, to.run()));
        return true;
    }

    int acknowledgedEvents() {
        return acknowledgedBy.size();
    }

    /** Event id to the run of the twin that answered 202 for it. */
    Map<String, Integer> acknowledged() {
        return Map.copyOf(acknowledgedBy);
    }

    boolean done() {
        return requestsLeft.get() == 0;
    }

    List<Throwable> failures() {
        return List.copyOf(failures);
    }

    void stop() throws InterruptedException {
        stopped = true;
        for (Thread t : threads) {
            t.join(20_000);
        }
    }
}
