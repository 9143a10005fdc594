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
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The sweep on a table of {@code leads} leads of which 1 % are due: items read (index entries and leads)
 * per due lead, against what a scan would read.
 */
final class SweepBench {
    /** What one sweep over the seeded table read and did. */
    record Result(int leads, int due, long itemsRead, double readUnits, int written, long millis) {
    }

    private SweepBench() {
    }

    static Result run(DynamoDbClient counted, AwsUsage usage, DynamoDbClient loader, String table, LeadScorer scorer,
                                        int leads, Instant now) throws Exception {
        seed(loader, table, scorer, leads, now);
        Map<String, Number> before = usage.totals();
        SweepService sweep = new SweepService(new DynamoLeadStore(counted, table, Duration.ofDays(120)), scorer,
                Clock.fixed(now, ZoneOffset.UTC));
        long started = System.nanoTime();
        SweepService.Result r = sweep.sweep(() -> true);
        long millis = (System.nanoTime() - started) / 1_000_000;
        Map<String, Number> after = usage.totals();
        return new Result(leads, r.due(), delta(before, after, "DynamoDB.itemsRead").longValue(),
                delta(before, after, "DynamoDB.readUnits").doubleValue(), r.written(), millis);
    }

    static Number delta(Map<String, Number> before, Map<String, Number> after, String key) {
        return after.getOrDefault(key, 0).doubleValue() - before.getOrDefault(key, 0).doubleValue();
    }

    /** Known leads seen once, 1 % of them longer ago than the stale horizon, written 25 at a time on two threads. */
    private static void seed(DynamoDbClient dynamo, String table, LeadScorer scorer, int leads, Instant now) throws Exception {
        Duration stale = scorer.model().staleAfter();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<?>> writes = new ArrayList<>();
        List<WriteRequest> batch = new ArrayList<>(25);
        for (int i = 0; i < leads; i++) {
            boolean due = i % 100 == 0;
            Instant seen = due ? now.minus(stale).minusSeconds(3600 + i) : now.minusSeconds(60 + i % 86_400);
            String id = String.format("sweepbench%016d", i);
            TrackingEvent page = new TrackingEvent("s" + i, EventType.PAGE, null, "a" + i, null, null, seen,
                    Map.of("page", Map.of("path", "/pricing")), Map.of());
            LeadState s = scorer.apply(LeadState.fresh(id, false, scorer.model()), List.of(page), seen).state();
            Map<String, AttributeValue> item = WholeLeadItem.of(LeadKey.lead(id), s);
            batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
            if (batch.size() == 25 || i == leads - 1) {
                List<WriteRequest> requests = List.copyOf(batch);
                batch.clear();
                writes.add(pool.submit(() -> write(dynamo, table, requests)));
            }
        }
        for (Future<?> f : writes) {
            f.get();
        }
        pool.shutdown();
    }

    private static void write(DynamoDbClient dynamo, String table, List<WriteRequest> requests) {
        Map<String, List<WriteRequest>> pending = Map.of(table, requests);
        while (!pending.isEmpty()) {
            Map<String, List<WriteRequest>> p = pending;
            pending = dynamo.batchWriteItem(b -> b.requestItems(p)).unprocessedItems();
        }
    }
}
