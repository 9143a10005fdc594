package io.mqlengine.local.bench;

import io.mqlengine.model.TrackingEvent;
import io.mqlengine.model.EventType;
import io.mqlengine.observe.AwsUsage;
import io.mqlengine.scoring.LeadScorer;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.service.SweepService;
import io.mqlengine.store.DynamoLeadStore;
import io.mqlengine.store.LeadKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The sweep on a table of {@code leads} leads of which 1 % are due: items read (index entries and leads)
 * per due lead, against what a scan would read. {@link #seed} and {@link #sweepOnce} let a caller choose how
 * many of a table's leads are due, and sweep the same table again after making more of them due.
 */
final class SweepBench {
    /** What one sweep over the seeded table read and did; {@code writeUnits} are the sweep's own writes. */
    record Result(int leads, int due, long itemsRead, double readUnits, int written, long millis, double writeUnits) {
    }

    private SweepBench() {
    }

    static Result run(DynamoDbClient counted, AwsUsage usage, DynamoDbClient loader, String table, LeadScorer scorer,
                                        int leads, Instant now) throws Exception {
        seed(loader, table, scorer, 0, leads, leads / 100 + (leads % 100 == 0 ? 0 : 1), now);
        return sweepOnce(counted, usage, table, scorer, leads, now);
    }

    /** One sweep at {@code now} over {@code table}, which holds {@code leads} leads, counted by {@code usage}. */
    static Result sweepOnce(DynamoDbClient counted, AwsUsage usage, String table, LeadScorer scorer, int leads,
                            Instant now) {
        Map<String, Number> before = usage.totals();
        SweepService sweep = new SweepService(new DynamoLeadStore(counted, table, Duration.ofDays(120)), scorer,
                Clock.fixed(now, ZoneOffset.UTC));
        long started = System.nanoTime();
        SweepService.Result r = sweep.sweep(() -> true);
        long millis = (System.nanoTime() - started) / 1_000_000;
        Map<String, Number> after = usage.totals();
        return new Result(leads, r.due(), delta(before, after, "DynamoDB.itemsRead").longValue(),
                delta(before, after, "DynamoDB.readUnits").doubleValue(), r.written(), millis,
                delta(before, after, "DynamoDB.writeUnits").doubleValue());
    }

    static Number delta(Map<String, Number> before, Map<String, Number> after, String key) {
        return after.getOrDefault(key, 0).doubleValue() - before.getOrDefault(key, 0).doubleValue();
    }

    /**
     * Writes leads {@code from} to {@code from + count - 1} (known leads seen once; a lead already there is
     * replaced), {@code due} of them, spread evenly, seen longer ago than the stale horizon so the sweep finds them
     * due; the others seen within the last day.
     */
    static void seed(DynamoDbClient dynamo, String table, LeadScorer scorer, int from, int count, int due, Instant now)
            throws Exception {
        if (due < 0 || due > count) {
            throw new IllegalArgumentException("due leads must be between 0 and " + count + ", got " + due);
        }
        // lead k is due when the running count of due leads steps up at k: exactly `due`, evenly spread
        put(dynamo, table, scorer, IntStream.range(from, from + count).toArray(),
                i -> (long) (i - from + 1) * due / count > (long) (i - from) * due / count, now);
    }

    /** Replaces every {@code every}-th of leads 0 to {@code leads - 1} by a due lead; the others stay as they are. */
    static int makeDue(DynamoDbClient dynamo, String table, LeadScorer scorer, int leads, int every, Instant now)
            throws Exception {
        int[] ids = IntStream.range(0, leads).filter(i -> i % every == every - 1).toArray();
        put(dynamo, table, scorer, ids, i -> true, now);
        return ids.length;
    }

    /** Puts the leads {@code ids}, those {@code due} holds for seen past the stale horizon; 25 a request, two threads. */
    private static void put(DynamoDbClient dynamo, String table, LeadScorer scorer, int[] ids, IntPredicate due,
                            Instant now) throws Exception {
        Duration stale = scorer.model().staleAfter();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> writes = new ArrayList<>();
            List<WriteRequest> batch = new ArrayList<>(25);
            for (int k = 0; k < ids.length; k++) {
                int i = ids[k];
                Instant seen = due.test(i) ? now.minus(stale).minusSeconds(3600 + i) : now.minusSeconds(60 + i % 86_400);
                String id = String.format("sweepbench%016d", i);
                TrackingEvent page = new TrackingEvent("s" + i, EventType.PAGE, null, "a" + i, null, null, seen,
                        Map.of("page", Map.of("path", "/pricing")), Map.of());
                LeadState s = scorer.apply(LeadState.fresh(id, false, scorer.model()), List.of(page), seen).state();
                Map<String, AttributeValue> item = WholeLeadItem.of(LeadKey.lead(id), s);
                batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
                if (batch.size() == 25 || k == ids.length - 1) {
                    List<WriteRequest> requests = List.copyOf(batch);
                    batch.clear();
                    writes.add(pool.submit(() -> write(dynamo, table, requests)));
                }
            }
            for (Future<?> f : writes) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private static void write(DynamoDbClient dynamo, String table, List<WriteRequest> requests) {
        Map<String, List<WriteRequest>> pending = Map.of(table, requests);
        while (!pending.isEmpty()) {
            Map<String, List<WriteRequest>> p = pending;
            pending = dynamo.batchWriteItem(b -> b.requestItems(p)).unprocessedItems();
        }
    }
}
