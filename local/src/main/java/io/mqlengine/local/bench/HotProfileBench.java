package io.mqlengine.local.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqlengine.json.Json;
import io.mqlengine.local.RunningTwin;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.store.LeadItems;
import io.mqlengine.store.LeadKey;
import io.mqlengine.store.Stored;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One hot profile: a single anonymous id (a bot, or an id shared by many browsers) posting snippet batches of ten page
 * views from several senders at once, through the twin's API. Measured in three phases of as many events as the model's
 * daily limit of scored events per lead ({@code bots.maxEventsPerDay}): up to the limit, past it (the lead is flagged),
 * and once more after the flag; per phase, what the score
 * function wrote (requests, write units) and read, how many successful writes the lead's item took (its version), and
 * the item's size after the phase (its dedupe ids make a busy lead's item large).
 */
final class HotProfileBench {
    static final int EVENTS_PER_REQUEST = 10;
    static final int MAX_ATTEMPTS = 3;

    private HotProfileBench() {
    }

    static Map<String, Object> run(RunningTwin twin, int dailyLimit, int senders, String anonymousId) throws Exception {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("hot_daily_limit", dailyLimit);
        f.put("hot_senders", senders);
        phase(twin, anonymousId, 0, dailyLimit, senders, "hot_to_limit_", f);
        phase(twin, anonymousId, dailyLimit, 2 * dailyLimit, senders, "hot_past_limit_", f);
        phase(twin, anonymousId, 2 * dailyLimit, 3 * dailyLimit, senders, "hot_flagged_", f);
        return f;
    }

    private static void phase(RunningTwin twin, String anonymousId, int from, int to, int senders, String prefix,
                              Map<String, Object> f) throws Exception {
        Map<String, Number> before = twin.functionUsage("ScoreFunction");
        long versionBefore = version(twin, anonymousId);
        long started = System.nanoTime();
        int refused = post(twin, anonymousId, from, to, senders);
        if (!twin.awaitIdle(Duration.ofMinutes(5))) {
            throw new IllegalStateException("the twin did not score the hot profile's events within 5 minutes");
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        Map<String, Number> after = twin.functionUsage("ScoreFunction");
        int events = to - from;
        double writes = 0;
        for (String op : List.of("UpdateItem", "PutItem", "TransactWriteItems")) {
            writes += SweepBench.delta(before, after, "DynamoDB." + op).doubleValue();
        }
        double units = SweepBench.delta(before, after, "DynamoDB.writeUnits").doubleValue();
        double reads = SweepBench.delta(before, after, "DynamoDB.readUnits").doubleValue();
        long written = version(twin, anonymousId) - versionBefore;
        f.put(prefix + "events", events);
        f.put(prefix + "refused_requests", refused);
        f.put(prefix + "seconds", Figures.round(millis / 1000.0));
        f.put(prefix + "events_per_second", Math.round(events / (millis / 1000.0)));
        f.put(prefix + "item_writes", written);
        f.put(prefix + "write_requests", Math.round(writes));
        f.put(prefix + "write_units", Figures.round4(units));
        f.put(prefix + "read_units", Figures.round4(reads));
        f.put(prefix + "write_units_per_event", Figures.round4(units / events));
        f.put(prefix + "write_units_per_second", Figures.round(units / (millis / 1000.0)));
        f.put(prefix + "item_bytes", LeadItemSizes.size(item(twin, anonymousId)));
        Stored s = read(twin, anonymousId);
        if (s instanceof Stored.Lead lead) {
            LeadState.Bot bot = lead.state().bot();
            f.put(prefix + "bot_flag", bot == null ? null : bot.reason());
            f.put(prefix + "stage", lead.state().stage().name());
        }
    }

    /**
     * Posts events {@code from} to {@code to - 1} of the id, ten to a request, from {@code senders} threads; answers how
     * many times a request was refused and sent again.
     */
    private static int post(RunningTwin twin, String anonymousId, int from, int to, int senders) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI uri = URI.create(twin.apiUrl() + "/v1/events");
        AtomicInteger next = new AtomicInteger(from);
        AtomicInteger refused = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                done.add(pool.submit(() -> {
                    for (int first = next.getAndAdd(EVENTS_PER_REQUEST); first < to;
                         first = next.getAndAdd(EVENTS_PER_REQUEST)) {
                        String body = body(twin, anonymousId, first, Math.min(to, first + EVENTS_PER_REQUEST));
                        // a refused request is sent again, as the snippet does (its events are deduplicated by id)
                        for (int attempt = 1; ; attempt++) {
                            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri)
                                    .header("content-type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(body))
                                    .build(), HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 202) {
                                break;
                            }
                            refused.incrementAndGet();
                            if (attempt == MAX_ATTEMPTS) {
                                throw new IllegalStateException("a hot profile's request was refused " + attempt
                                        + " times, the last with " + r.statusCode() + ": " + r.body());
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> d : done) {
                d.get();
            }
        } finally {
            pool.shutdown();
        }
        return refused.get();
    }

    private static String body(RunningTwin twin, String anonymousId, int from, int to) {
        Instant now = twin.clock().instant();
        ObjectNode n = Json.object();
        n.put("writeKey", twin.writeKey() == null ? "demo-write-key" : twin.writeKey());
        n.put("sentAt", now.toString());
        ArrayNode events = n.putArray("events");
        for (int i = from; i < to; i++) {
            ObjectNode e = events.addObject();
            e.put("eventId", anonymousId + "-" + i);
            e.put("type", "page");
            e.put("anonymousId", anonymousId);
            e.put("timestamp", now.minusMillis(to - i).toString());
            ObjectNode context = e.putObject("context");
            context.put("userAgent", TrafficMix.BROWSER);
            context.putObject("page").put("path", "/blog/post-" + (i % 50));
        }
        return n.toString();
    }

    private static Stored read(RunningTwin twin, String anonymousId) {
        var item = item(twin, anonymousId);
        return item.isEmpty() ? null : LeadItems.read(item);
    }

    private static Map<String, AttributeValue> item(RunningTwin twin, String anonymousId) {
        var item = twin.clients().dynamo().getItem(b -> b.tableName(twin.tableName("LeadsTable"))
                .key(LeadItems.key(LeadKey.anonymous(anonymousId))).consistentRead(true)).item();
        return item == null ? Map.of() : item;
    }

    private static long version(RunningTwin twin, String anonymousId) {
        return read(twin, anonymousId) instanceof Stored.Lead lead ? lead.state().version() : 0;
    }
}
