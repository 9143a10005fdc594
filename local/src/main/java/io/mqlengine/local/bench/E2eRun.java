package io.mqlengine.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.mqlengine.identity.LeadIds;
import io.mqlengine.json.Json;
import io.mqlengine.local.RunningTwin;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The mix through the twin's HTTP API, as browsers would send it: {@code senders} concurrent clients, each
 * duplicated request sent twice. Measures request latency at the API, the time until every event is scored,
 * and for each handoff the time from the acceptance of the lead's qualifying request to the message on the
 * handoff queue (read by a consumer the whole time, as a sales tool would).
 */
final class E2eRun {
    /** What the run measured. */
    record Result(int requests, long[] latenciesMicros, long millisToScored, List<Long> handoffMillis, int handoffs,
                  List<Long> acceptedToQualifiedMillis, List<Long> qualifiedToHandoffMillis,
                  Map<Integer, Long> non202ByStatus) {
        /** Requests answered with anything but 202. */
        int non202() {
            return (int) non202ByStatus.values().stream().mapToLong(Long::longValue).sum();
        }

        /** "156 requests were not accepted {429=6, 503=150}": the refused requests by status. */
        String refusals(String what) {
            return non202() + " requests" + what + " were not accepted " + new TreeMap<>(non202ByStatus);
        }
    }

    private E2eRun() {
    }

    static Result run(RunningTwin twin, TrafficMix mix, String leadIdSecret, int senders) throws Exception {
        URL url = URI.create(twin.apiUrl() + "/v1/events").toURL();
        LeadIds ids = new LeadIds(leadIdSecret);
        Map<String, Integer> personByLead = new HashMap<>();
        mix.people().forEach(p -> personByLead.put(ids.forEmail(p.email()), p.index()));
        Map<Integer, List<Long>> acceptedAt = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Integer> failures = new ConcurrentLinkedQueue<>();
        Handoffs handoffs = new Handoffs();
        AtomicBoolean reading = new AtomicBoolean(true);
        Thread reader = new Thread(() -> readHandoffs(twin, personByLead, acceptedAt, handoffs, reading), "bench-handoffs");
        reader.start();

        List<List<TrafficMix.Request>> lanes = new ArrayList<>();
        for (int i = 0; i < senders; i++) {
            lanes.add(new ArrayList<>());
        }
        // one person's requests stay in one lane, in order, as one browser sends them (a server batch goes in its
        // first person's lane)
        mix.requests().forEach(q -> lanes.get(q.person().index() % senders).add(q));
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        long started = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (List<TrafficMix.Request> lane : lanes) {
            done.add(pool.submit(() -> {
                for (TrafficMix.Request q : lane) {
                    for (int copy = 0; copy < (q.duplicated() ? 2 : 1); copy++) {
                        String body = q.body(twin.clock().instant());
                        long t0 = System.nanoTime();
                        int status = post(url, body);
                        latencies.add((System.nanoTime() - t0) / 1000);
                        if (status != 202) {
                            failures.add(status);
                        } else {
                            long now = System.currentTimeMillis();
                            for (TrafficMix.Person p : q.people()) {
                                acceptedAt.computeIfAbsent(p.index(), k -> Collections.synchronizedList(new ArrayList<>()))
                                        .add(now);
                            }
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        if (!twin.awaitIdle(Duration.ofMinutes(10))) {
            throw new IllegalStateException("the twin did not finish scoring within 10 minutes");
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        long drainUntil = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (System.nanoTime() < drainUntil) {
            LockSupport.parkNanos(100_000_000);
        }
        reading.set(false);
        reader.join();
        long[] micros = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Result(micros.length, micros, millis, List.copyOf(handoffs.total), handoffs.total.size(),
                List.copyOf(handoffs.toQualified), List.copyOf(handoffs.fromQualified),
                failures.stream().collect(Collectors.groupingBy(Integer::intValue, Collectors.counting())));
    }

    /**
     * One POST on a kept-alive connection, in the sending thread: a blocking client, so the benchmark's own share of
     * the 2 cores is one thread per sender (the JDK's {@code HttpClient} adds a selector thread and hands every
     * response to a worker).
     */
    static int post(URL url, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpURLConnection c = (HttpURLConnection) url.openConnection();
        c.setConnectTimeout(5_000);
        c.setReadTimeout(120_000);
        c.setRequestMethod("POST");
        c.setRequestProperty("content-type", "text/plain");
        c.setDoOutput(true);
        c.setFixedLengthStreamingMode(bytes.length);
        try (OutputStream out = c.getOutputStream()) {
            out.write(bytes);
        }
        int status = c.getResponseCode();
        try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
            if (in != null) {
                in.readAllBytes(); // read to the end, so the connection goes back to the keep-alive cache
            }
        }
        return status;
    }

    /**
     * Each handoff's time from the acceptance of its qualifying request to its message on the handoff queue, split at
     * the lead's qualifiedAt (the score function's write): ingest, events queue and scoring before it; the table
     * stream, the handoff function and the handoff queue after it.
     */
    private static final class Handoffs {
        final List<Long> total = Collections.synchronizedList(new ArrayList<>());
        final List<Long> toQualified = Collections.synchronizedList(new ArrayList<>());
        final List<Long> fromQualified = Collections.synchronizedList(new ArrayList<>());
    }

    private static void readHandoffs(RunningTwin twin, Map<String, Integer> personByLead,
                                     Map<Integer, List<Long>> acceptedAt, Handoffs handoffs, AtomicBoolean reading) {
        String url = twin.queueUrl("HandoffQueue");
        var sqs = twin.clients().sqs();
        while (reading.get()) {
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
            long arrived = System.currentTimeMillis();
            for (Message m : batch) {
                JsonNode n = Json.read(m.body());
                Integer person = personByLead.get(n.path("leadId").asText());
                long qualifiedAt = Instant.parse(n.path("qualifiedAt").asText()).toEpochMilli();
                List<Long> accepted = person == null ? null : acceptedAt.get(person);
                if (accepted != null) {
                    long qualifying = -1;
                    synchronized (accepted) {
                        for (long t : accepted) {
                            if (t <= qualifiedAt + 5 && t > qualifying) {
                                qualifying = t;
                            }
                        }
                    }
                    if (qualifying > 0) {
                        handoffs.total.add(arrived - qualifying);
                        handoffs.toQualified.add(Math.max(0, qualifiedAt - qualifying));
                        handoffs.fromQualified.add(arrived - qualifiedAt);
                    }
                }
                sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
            }
        }
    }
}
