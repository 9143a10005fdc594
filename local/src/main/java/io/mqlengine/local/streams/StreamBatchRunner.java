package io.mqlengine.local.streams;

import io.mqlengine.local.lambda.BatchResponses;
import io.mqlengine.local.lambda.FunctionPool;
import io.mqlengine.local.lambda.Invocation;
import io.mqlengine.local.lambda.InvokeLog;
import io.mqlengine.local.log.JsonLines;
import io.mqlengine.local.plan.Trigger;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * Runs one batch of stream records as Lambda does: on success move on; on reported
 * batchItemFailures retry from the lowest reported sequence number; on an error bisect (when
 * enabled) or retry; records past MaximumRecordAgeInSeconds or past MaximumRetryAttempts go to the
 * on-failure destination, and the mapping moves on.
 */
final class StreamBatchRunner {
    private record Attempt(List<Record> records, int retries, int invocations) {}

    private final Trigger.Stream trigger;
    private final FunctionPool pool;
    private final OnFailureDestination onFailure;
    private final JsonLines log;
    private final boolean fastRetries;
    private final Function<List<Record>, Object> eventBuilder;
    private final BooleanSupplier running;

    StreamBatchRunner(Trigger.Stream trigger, FunctionPool pool, OnFailureDestination onFailure, JsonLines log,
            boolean fastRetries, Function<List<Record>, Object> eventBuilder, BooleanSupplier running) {
        this.trigger = trigger;
        this.pool = pool;
        this.onFailure = onFailure;
        this.log = log;
        this.fastRetries = fastRetries;
        this.eventBuilder = eventBuilder;
        this.running = running;
    }

    /** Returns when every record was handled one way or the other (or the twin is stopping: false). */
    boolean run(List<Record> batch, String shardId, String streamArn) throws InterruptedException {
        Deque<Attempt> work = new ArrayDeque<>();
        work.push(new Attempt(batch, 0, 0));
        while (!work.isEmpty()) {
            if (!running.getAsBoolean()) {
                return false;
            }
            Attempt a = work.pop();
            List<Record> records = a.records();
            int expired = expired(records);
            if (expired > 0) {
                onFailure.send(records.subList(0, expired), shardId, streamArn, "RecordAgeExceeded", a.invocations(), null, false);
                if (expired < records.size()) {
                    work.push(new Attempt(records.subList(expired, records.size()), a.retries(), a.invocations()));
                }
                continue;
            }
            Invocation invocation = pool.invoke(eventBuilder.apply(records));
            int invocations = a.invocations() + 1;
            int from = firstFailed(invocation, records);
            String outcome = invocation.failed() || from == 0 && !reported(invocation) ? "error" : from < 0 ? "ok" : "partial";
            InvokeLog.emit(log, trigger.functionId(), "dynamodb", invocation, outcome, records.size(),
                    from < 0 ? 0 : records.size() - from);
            if (from < 0) {
                continue;
            }
            List<Record> rest = records.subList(from, records.size());
            boolean error = outcome.equals("error");
            if (error && trigger.bisect() && rest.size() > 1) {
                int half = rest.size() / 2;
                work.push(new Attempt(rest.subList(half, rest.size()), a.retries(), invocations));
                work.push(new Attempt(rest.subList(0, half), a.retries(), invocations));
                continue;
            }
            int retries = a.retries() + 1;
            if (trigger.maxRetries() >= 0 && retries > trigger.maxRetries()) {
                onFailure.send(rest, shardId, streamArn, "RetryAttemptsExhausted", invocations, invocation.requestId(),
                        invocation.failed());
                continue;
            }
            backoff(retries);
            work.push(new Attempt(rest, retries, invocations));
        }
        return true;
    }

    /** -1 when all succeeded; else the index of the first record to retry (0 for the whole batch). */
    private int firstFailed(Invocation invocation, List<Record> records) {
        if (invocation.failed()) {
            return 0;
        }
        if (!trigger.reportFailures()) {
            return -1;
        }
        Optional<List<String>> failed = BatchResponses.failedItems(invocation.response());
        if (failed.isEmpty()) {
            return 0;
        }
        int lowest = Integer.MAX_VALUE;
        for (String sequenceNumber : failed.get()) {
            int index = indexOf(records, sequenceNumber);
            if (index < 0) {
                return 0;
            }
            lowest = Math.min(lowest, index);
        }
        return lowest == Integer.MAX_VALUE ? -1 : lowest;
    }

    private boolean reported(Invocation invocation) {
        return trigger.reportFailures() && !invocation.failed()
                && BatchResponses.failedItems(invocation.response()).map(l -> !l.isEmpty()).orElse(false);
    }

    private static int indexOf(List<Record> records, String sequenceNumber) {
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i).dynamodb().sequenceNumber().equals(sequenceNumber)) {
                return i;
            }
        }
        return -1;
    }

    /** How many records at the head of the batch are older than MaximumRecordAgeInSeconds (host clock). */
    private int expired(List<Record> records) {
        if (trigger.maxRecordAgeSeconds() < 0) {
            return 0;
        }
        Instant oldest = Instant.now().minusSeconds(trigger.maxRecordAgeSeconds());
        int n = 0;
        while (n < records.size() && records.get(n).dynamodb().approximateCreationDateTime() != null
                && records.get(n).dynamodb().approximateCreationDateTime().isBefore(oldest)) {
            n++;
        }
        return n;
    }

    private void backoff(int retries) throws InterruptedException {
        if (!fastRetries) {
            Thread.sleep(Math.min(1000L, 100L << Math.min(retries, 4)));
        }
    }
}
