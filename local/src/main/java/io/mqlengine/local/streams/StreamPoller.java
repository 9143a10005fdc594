package io.mqlengine.local.streams;

import io.mqlengine.emulator.lambda.FilterFields;
import io.mqlengine.emulator.lambda.StreamEvents;
import io.mqlengine.local.lambda.FunctionPool;
import io.mqlengine.local.log.JsonLines;
import io.mqlengine.local.plan.QueuePlan;
import io.mqlengine.local.plan.TablePlan;
import io.mqlengine.local.plan.Trigger;
import io.mqlengine.local.template.Intrinsics;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamDescription;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A DynamoDB Streams event source mapping: polls each shard of the table's stream (children only
 * after their parent is finished), filters records, hands batches to the {@link StreamBatchRunner},
 * and checkpoints after each batch.
 */
public final class StreamPoller implements AutoCloseable {
    private final Trigger.Stream trigger;
    private final String streamArn;
    private final String mapping;
    private final DynamoDbStreamsClient streams;
    private final StreamCheckpoints checkpoints;
    private final StreamBatchRunner runner;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicLong cycles = new AtomicLong();
    private volatile boolean lastCycleEmpty;
    private final Map<String, String> iterators = new HashMap<>();
    private Set<String> openAtStart;
    private final Thread thread;
    private static final long SHARD_REFRESH_NANOS = 5_000_000_000L;
    /** Lambda reads each shard of a DynamoDB stream 4 times a second. */
    static final long POLL_INTERVAL_MILLIS = 250;
    /** The most records one GetRecords call on a DynamoDB stream returns. */
    static final int READ_LIMIT = 1000;
    /** The shards last described (only the poller's thread touches them); null: describe again. */
    private List<Shard> shardList;
    private long describedAt;
    private final long stopMillis;
    /** What the mapping's filters read of a record: the rest of its images is not converted for them. */
    private final FilterFields filtered;

    public StreamPoller(Trigger.Stream trigger, TablePlan table, String streamArn, String functionArn, FunctionPool pool,
            DynamoDbStreamsClient streams, SqsClient sqs, Optional<QueuePlan> onFailureQueue, StreamCheckpoints checkpoints,
            Clock clock, JsonLines log, boolean fastRetries) {
        this.trigger = trigger;
        this.streamArn = streamArn;
        this.mapping = trigger.functionId() + "." + trigger.eventName();
        this.streams = streams;
        this.checkpoints = checkpoints;
        OnFailureDestination destination = new OnFailureDestination(onFailureQueue, sqs, functionArn, trigger.functionId(),
                clock, log);
        this.runner = new StreamBatchRunner(trigger, pool, destination, log, fastRetries, this::event, running::get);
        this.stopMillis = (pool.plan().timeoutSeconds() + 2) * 1000L;
        this.filtered = FilterFields.of(trigger.filters());
        this.thread = new Thread(this::run, "stream-" + mapping);
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    public long completedCycles() {
        return cycles.get();
    }

    /** The mapping's name: function and template event. */
    public String mapping() {
        return mapping;
    }

    /** True when the last full pass over the shards found no new record and nothing is in progress. */
    public boolean caughtUp() {
        return lastCycleEmpty && !busy.get();
    }

    private void run() {
        while (running.get()) {
            try {
                boolean any = cycle();
                lastCycleEmpty = !any;
                cycles.incrementAndGet();
                if (!any) {
                    Thread.sleep(200);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (running.get()) {
                    System.err.println("[stream " + mapping + "] poll failed: " + e);
                    iterators.clear();
                    shardList = null;
                }
            }
        }
    }

    private boolean cycle() throws InterruptedException {
        List<Shard> shards = knownShards();
        Set<String> ids = new HashSet<>();
        shards.forEach(s -> ids.add(s.shardId()));
        if (openAtStart == null) {
            openAtStart = new HashSet<>();
            shards.stream().filter(s -> s.sequenceNumberRange().endingSequenceNumber() == null)
                    .forEach(s -> openAtStart.add(s.shardId()));
        }
        boolean any = false;
        for (Shard shard : shards) {
            String parent = shard.parentShardId();
            if (checkpoints.finished(mapping, streamArn, shard.shardId())
                    || (parent != null && ids.contains(parent) && !checkpoints.finished(mapping, streamArn, parent))) {
                continue;
            }
            any |= poll(shard);
        }
        return any;
    }

    private boolean poll(Shard shard) throws InterruptedException {
        String id = shard.shardId();
        String iterator = iterators.computeIfAbsent(id, k -> iterator(shard));
        List<Record> records = new ArrayList<>();
        // the records that pass the filters, by their index in records
        List<Integer> kept = new ArrayList<>();
        GetRecordsResponse response;
        long windowEnd = System.currentTimeMillis() + trigger.windowSeconds() * 1000L;
        try {
            do {
                if (!records.isEmpty()) {
                    // within the batching window a shard is read at Lambda's rate (4 times a second), not in a busy loop
                    long pause = Math.min(POLL_INTERVAL_MILLIS, windowEnd - System.currentTimeMillis());
                    if (pause > 0) {
                        Thread.sleep(pause);
                    }
                }
                String current = iterator;
                // as Lambda, read as much as one GetRecords returns and filter it; BatchSize limits the records an
                // invocation gets, not the records read (a filtered mapping would otherwise read a few at a time)
                response = streams.getRecords(b -> b.shardIterator(current).limit(READ_LIMIT));
                for (Record r : response.records()) {
                    if (matches(r)) {
                        kept.add(records.size());
                    }
                    records.add(r);
                }
                iterator = response.nextShardIterator();
            } while (iterator != null && kept.size() < trigger.batchSize() && !records.isEmpty()
                    && System.currentTimeMillis() < windowEnd && running.get());
        } catch (ExpiredIteratorException | TrimmedDataAccessException e) {
            iterators.remove(id);
            return false;
        }
        if (records.isEmpty()) {
            if (iterator == null) {
                checkpoints.finish(mapping, streamArn, id);
                shardList = null;
                iterators.remove(id);
            } else {
                iterators.put(id, iterator);
            }
            return false;
        }
        busy.set(true);
        try {
            for (int from = 0; from < kept.size(); from += trigger.batchSize()) {
                int to = Math.min(kept.size(), from + trigger.batchSize());
                List<Record> batch = new ArrayList<>();
                kept.subList(from, to).forEach(i -> batch.add(records.get(i)));
                if (!runner.run(batch, id, streamArn)) {
                    return true;
                }
                if (to < kept.size()) {
                    // what comes before the next batch's first record is done: a restart goes on from there
                    int next = kept.get(to);
                    if (next > 0) {
                        checkpoints.advance(mapping, streamArn, id, records.get(next - 1).dynamodb().sequenceNumber());
                    }
                }
            }
            checkpoints.advance(mapping, streamArn, id, records.get(records.size() - 1).dynamodb().sequenceNumber());
            if (iterator == null) {
                checkpoints.finish(mapping, streamArn, id);
                shardList = null;
                iterators.remove(id);
            } else {
                iterators.put(id, iterator);
            }
        } finally {
            busy.set(false);
        }
        return true;
    }

    private String iterator(Shard shard) {
        Optional<String> after = checkpoints.position(mapping, streamArn, shard.shardId());
        if (after.isPresent()) {
            return streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).sequenceNumber(after.get())).shardIterator();
        }
        ShardIteratorType type = trigger.trimHorizon() || !openAtStart.contains(shard.shardId())
                ? ShardIteratorType.TRIM_HORIZON : ShardIteratorType.LATEST;
        return streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shard.shardId()).shardIteratorType(type))
                .shardIterator();
    }

    /**
     * The stream's shards, described again every few seconds or once a shard was finished (its children appear
     * then), as Lambda's poller discovers shards periodically rather than before every read.
     */
    private List<Shard> knownShards() {
        long now = System.nanoTime();
        if (shardList == null || now - describedAt > SHARD_REFRESH_NANOS) {
            shardList = shards();
            describedAt = now;
        }
        return shardList;
    }

    private List<Shard> shards() {
        List<Shard> all = new ArrayList<>();
        String start = null;
        do {
            String from = start;
            StreamDescription d = streams.describeStream(b -> b.streamArn(streamArn).exclusiveStartShardId(from))
                    .streamDescription();
            all.addAll(d.shards());
            start = d.lastEvaluatedShardId();
        } while (start != null);
        return all;
    }

    private boolean matches(Record r) {
        if (trigger.filters().isEmpty()) {
            return true;
        }
        var json = StreamEvents.filterJson(r, streamArn, Intrinsics.REGION, false, filtered);
        return trigger.filters().stream().anyMatch(f -> f.matches(json));
    }

    private Object event(List<Record> records) {
        return StreamEvents.event(records, streamArn, Intrinsics.REGION);
    }


    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(stopMillis);
        thread.interrupt();
    }
}
