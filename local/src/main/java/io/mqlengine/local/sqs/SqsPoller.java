package io.mqlengine.local.sqs;

import io.mqlengine.emulator.lambda.SqsEvents;
import io.mqlengine.local.lambda.BatchResponses;
import io.mqlengine.local.lambda.FunctionPool;
import io.mqlengine.local.lambda.Invocation;
import io.mqlengine.local.lambda.InvokeLog;
import io.mqlengine.local.log.JsonLines;
import io.mqlengine.local.plan.QueuePlan;
import io.mqlengine.local.plan.Trigger;
import io.mqlengine.local.template.Intrinsics;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * An SQS event source mapping: long-polls the queue, gathers batches (BatchSize, batching window),
 * invokes the function, deletes what succeeded — all of it, or all but the reported
 * batchItemFailures — and leaves failures to reappear after the visibility timeout (at once with
 * fast retries). ElasticMQ counts receives and moves messages to the dead-letter queue. Like Lambda,
 * which starts with five concurrent batches per mapping, it runs up to {@link #POLLERS} batches at once,
 * never more than the function's instances.
 */
public final class SqsPoller implements AutoCloseable {
    private final Trigger.Sqs trigger;
    private final QueuePlan queue;
    private final FunctionPool pool;
    private final SqsClient sqs;
    private final JsonLines log;
    private final boolean fastRetries;
    private final AtomicBoolean running = new AtomicBoolean(true);
    /** Lambda's initial number of concurrent batches for an SQS mapping. */
    static final int POLLERS = 2;
    /** Within a batching window, the pause after a receive that found fewer messages than it asked for. */
    static final long RECEIVE_PAUSE_MILLIS = 200;

    private final AtomicInteger busy = new AtomicInteger();
    private final List<Thread> threads = new ArrayList<>();

    public SqsPoller(Trigger.Sqs trigger, QueuePlan queue, FunctionPool pool, SqsClient sqs, JsonLines log,
            boolean fastRetries) {
        this.trigger = trigger;
        this.queue = queue;
        this.pool = pool;
        this.sqs = sqs;
        this.log = log;
        this.fastRetries = fastRetries;
        for (int i = 0; i < Math.min(POLLERS, pool.plan().maxInstances()); i++) {
            Thread t = new Thread(this::run, "sqs-" + trigger.functionId() + "-" + trigger.eventName() + "-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
    }

    public void start() {
        threads.forEach(Thread::start);
    }

    /** The mapping's name: function and template event. */
    public String mapping() {
        return trigger.functionId() + "." + trigger.eventName();
    }

    /** True while a received batch is being processed. */
    public boolean busy() {
        return busy.get() > 0;
    }

    public String queueUrl() {
        return queue.url();
    }

    private void run() {
        // messages received past a full batch (the payload limit) start this thread's next batch
        List<Message> carried = new ArrayList<>();
        while (running.get()) {
            boolean[] counted = {false};
            try {
                Batch batch = gather(counted, carried);
                if (!batch.messages().isEmpty()) {
                    process(batch);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (running.get()) {
                    System.err.println("[sqs " + trigger.functionId() + "] poll failed: " + e.getMessage());
                }
            } finally {
                if (counted[0]) {
                    busy.decrementAndGet();
                }
            }
        }
    }

    /** A gathered batch: its messages, their size in the invocation's event, when its first message was received. */
    record Batch(List<Message> messages, long bytes, long firstReceivedNanos) {
    }

    /**
     * Receives until the batch has BatchSize messages, the next message would take the event past Lambda's 6 MB
     * payload limit (it is carried over to the next batch), or the batching window that began with the first
     * message has passed; with no window, whatever one receive returns.
     */
    Batch gather(boolean[] counted, List<Message> carried) throws InterruptedException {
        List<Message> batch = new ArrayList<>();
        long[] bytes = {LambdaPayload.EVENT_BYTES};
        long firstReceived = 0;
        long windowEnd = Long.MAX_VALUE;
        boolean full = false;
        boolean lastFull = true;
        if (!carried.isEmpty()) {
            List<Message> from = new ArrayList<>(carried);
            carried.clear();
            full = add(batch, bytes, from, carried);
        }
        while (true) {
            if (!batch.isEmpty() && firstReceived == 0) {
                firstReceived = System.nanoTime();
                windowEnd = System.currentTimeMillis() + trigger.windowSeconds() * 1000L;
            }
            if (full || !running.get() || batch.size() >= trigger.batchSize()
                    || !batch.isEmpty() && (trigger.windowSeconds() == 0 || System.currentTimeMillis() >= windowEnd)) {
                break;
            }
            if (!batch.isEmpty() && !lastFull) {
                // the queue had fewer messages than asked for: let the window fill it a while instead of receiving
                // one or two at a time, so that each receive (an SQS request) brings back up to 10 messages
                long pause = Math.min(RECEIVE_PAUSE_MILLIS, windowEnd - System.currentTimeMillis() - 1);
                if (pause > 0) {
                    Thread.sleep(pause);
                }
            }
            long remaining = windowEnd - System.currentTimeMillis();
            int wait = batch.isEmpty() || remaining > 500 ? 1 : 0;
            int want = Math.min(10, trigger.batchSize() - batch.size());
            List<Message> received = sqs.receiveMessage(b -> b.queueUrl(queue.url()).maxNumberOfMessages(want)
                    .waitTimeSeconds(wait).attributeNames(QueueAttributeName.ALL)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL).messageAttributeNames("All")).messages();
            full = add(batch, bytes, received, carried);
            lastFull = received.size() == want;
            if (!batch.isEmpty() && !counted[0]) {
                busy.incrementAndGet();
                counted[0] = true;
            }
            if (received.isEmpty() && (batch.isEmpty() || wait == 0)) {
                break;
            }
        }
        if (!batch.isEmpty() && !counted[0]) {
            busy.incrementAndGet();
            counted[0] = true;
        }
        return new Batch(batch, bytes[0], firstReceived == 0 ? System.nanoTime() : firstReceived);
    }

    /** Adds messages while they fit the payload limit; the rest go to {@code carried}. True when the batch is full. */
    private boolean add(List<Message> batch, long[] bytes, List<Message> messages, List<Message> carried) {
        boolean full = false;
        for (Message m : messages) {
            long size = LambdaPayload.recordBytes(m, queue.arn(), Intrinsics.REGION);
            // a batch holds at least one message, as Lambda's does (SQS keeps a message far below 6 MB)
            if (full || (!batch.isEmpty() && bytes[0] + size > LambdaPayload.MAX_BYTES)) {
                full = true;
                carried.add(m);
            } else {
                batch.add(m);
                bytes[0] += size;
            }
        }
        return full;
    }

    private void process(Batch gathered) throws InterruptedException {
        List<Message> batch = gathered.messages();
        long now = System.currentTimeMillis();
        long oldest = now;
        for (Message m : batch) {
            String sent = m.attributesAsStrings().get("SentTimestamp");
            if (sent != null) {
                oldest = Math.min(oldest, Long.parseLong(sent));
            }
        }
        InvokeLog.QueueTimes times = new InvokeLog.QueueTimes(now - oldest,
                (System.nanoTime() - gathered.firstReceivedNanos()) / 1_000_000, gathered.bytes());
        Invocation invocation = pool.invoke(SqsEvents.event(batch, queue.arn(), Intrinsics.REGION));
        Set<String> failed = new HashSet<>();
        Set<String> ids = new HashSet<>();
        batch.forEach(m -> ids.add(m.messageId()));
        String outcome;
        if (invocation.failed()) {
            failed.addAll(ids);
            outcome = "error";
        } else if (trigger.reportFailures()) {
            Optional<List<String>> reported = BatchResponses.failedItems(invocation.response());
            if (reported.isEmpty() || !ids.containsAll(reported.get())) {
                failed.addAll(ids);
                outcome = "error";
            } else {
                failed.addAll(reported.get());
                outcome = failed.isEmpty() ? "ok" : "partial";
            }
        } else {
            outcome = "ok";
        }
        // the line goes out before the messages move on (deleted, or visible again and then dead-lettered), so whoever
        // sees a message's next state finds the invocation that led to it logged already
        InvokeLog.emit(log, trigger.functionId(), "sqs", trigger.eventName(), invocation, outcome, batch.size(),
                failed.size(), times);
        List<Message> done = batch.stream().filter(m -> !failed.contains(m.messageId())).toList();
        List<Message> retry = batch.stream().filter(m -> failed.contains(m.messageId())).toList();
        for (int i = 0; i < done.size(); i += 10) {
            List<Message> chunk = done.subList(i, Math.min(done.size(), i + 10));
            DeleteMessageBatchResponse deleted = sqs.deleteMessageBatch(b -> b.queueUrl(queue.url()).entries(chunk.stream()
                    .map(m -> DeleteMessageBatchRequestEntry.builder().id(m.messageId()).receiptHandle(m.receiptHandle()).build())
                    .toList()));
            // a message not deleted comes back after the visibility timeout and is processed again: say so, as Lambda's
            // mapping would in its metrics, instead of leaving a queue that looks stuck
            deleted.failed().forEach(f -> System.err.println("[sqs " + trigger.functionId() + "] could not delete message "
                    + f.id() + " from " + queue.url() + ": " + f.code() + " " + f.message()
                    + "; it is processed again after the visibility timeout"));
        }
        if (fastRetries) {
            for (int i = 0; i < retry.size(); i += 10) {
                List<Message> chunk = retry.subList(i, Math.min(retry.size(), i + 10));
                sqs.changeMessageVisibilityBatch(b -> b.queueUrl(queue.url()).entries(chunk.stream().map(m -> software.amazon
                        .awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry.builder().id(m.messageId())
                        .receiptHandle(m.receiptHandle()).visibilityTimeout(0).build()).toList()));
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) {
            t.join((pool.plan().timeoutSeconds() + 3) * 1000L);
            t.interrupt();
        }
    }
}
