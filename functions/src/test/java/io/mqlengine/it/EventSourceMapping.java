package io.mqlengine.it;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import io.mqlengine.emulator.lambda.SqsEvents;
import io.mqlengine.score.ScoreHandler;
import io.mqlengine.testing.TemplateResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * One of the score function's SQS event source mappings of template.yaml, driven the way Lambda drives it:
 * batches of up to the template's {@code BatchSize} messages, the reported batch item failures left on the
 * queue (a failure with a null or empty id, or naming a message not in the batch, fails the whole batch, as
 * does a thrown error), everything else deleted. ElasticMQ counts every receive and moves a message to the events DLQ
 * after the template's {@code maxReceiveCount}. Time is compressed: a failed message is visible again at
 * once instead of after the queue's visibility timeout, and the batching window is not waited for.
 */
final class EventSourceMapping {
    private final Stack stack;
    private final String queue;
    private final String url;
    private final String arn;
    private final int batchSize;
    private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();

    /** The mapping {@code eventName} of the ScoreFunction in template.yaml, reading {@code queueLogicalId}. */
    EventSourceMapping(Stack stack, String eventName, String queueLogicalId) {
        this.stack = stack;
        this.queue = queueLogicalId;
        this.url = stack.queues.get(queueLogicalId);
        this.arn = stack.queueArn(url);
        this.batchSize = TemplateResources.properties("ScoreFunction").path("Events").path(eventName)
                .path("Properties").path("BatchSize").asInt(10);
    }

    /** The mapping of the events queue, the lane of every event but hand raisers. */
    static EventSourceMapping events(Stack stack) {
        return new EventSourceMapping(stack, "Events", "EventsQueue");
    }

    /** Errors the function threw, which Lambda would count as a failed invocation. */
    List<String> errors() {
        return List.copyOf(errors);
    }

    /**
     * Receives one batch and invokes {@code function} with it, as one poller of the mapping does.
     *
     * @return the number of messages delivered, 0 when the queue had none visible
     */
    int poll(ScoreHandler function) {
        List<Message> batch = new ArrayList<>();
        while (batch.size() < batchSize) {
            List<Message> got = stack.receive(url, Math.min(10, batchSize - batch.size()));
            if (got.isEmpty()) {
                break;
            }
            batch.addAll(got);
        }
        if (batch.isEmpty()) {
            return 0;
        }
        Set<String> failed = failures(function, batch);
        List<Message> done = batch.stream().filter(m -> !failed.contains(m.messageId())).toList();
        List<Message> retry = batch.stream().filter(m -> failed.contains(m.messageId())).toList();
        for (int i = 0; i < done.size(); i += 10) {
            List<Message> chunk = done.subList(i, Math.min(done.size(), i + 10));
            stack.backend.sqs().deleteMessageBatch(b -> b.queueUrl(url).entries(chunk.stream()
                    .map(m -> DeleteMessageBatchRequestEntry.builder().id(m.messageId()).receiptHandle(m.receiptHandle())
                            .build()).toList()));
        }
        // the visibility timeout has passed: whatever the function did to a failed message's visibility, it is back
        for (int i = 0; i < retry.size(); i += 10) {
            List<Message> chunk = retry.subList(i, Math.min(retry.size(), i + 10));
            stack.backend.sqs().changeMessageVisibilityBatch(b -> b.queueUrl(url).entries(chunk.stream()
                    .map(m -> ChangeMessageVisibilityBatchRequestEntry.builder().id(m.messageId())
                            .receiptHandle(m.receiptHandle()).visibilityTimeout(0).build()).toList()));
        }
        return batch.size();
    }

    /** The messages of {@code batch} Lambda would leave on the queue after invoking {@code function}. */
    private Set<String> failures(ScoreHandler function, List<Message> batch) {
        Set<String> ids = new HashSet<>();
        batch.forEach(m -> ids.add(m.messageId()));
        SQSBatchResponse r;
        try {
            r = function.handleRequest(SqsEvents.event(batch, arn, stack.env.get("AWS_REGION")), null);
        } catch (RuntimeException e) {
            errors.add(e + (e.getStackTrace().length > 0 ? " at " + e.getStackTrace()[0] : ""));
            return ids;
        }
        Set<String> reported = new HashSet<>();
        if (r == null || r.getBatchItemFailures() == null) {
            return reported;
        }
        for (SQSBatchResponse.BatchItemFailure f : r.getBatchItemFailures()) {
            String id = f.getItemIdentifier();
            if (id == null || !ids.contains(id)) {
                errors.add("batch item failure naming " + id + ", not a message of the batch");
                return ids;
            }
            reported.add(id);
        }
        return reported;
    }

    /** Polls with one poller until the mapping's queue is empty; fails after {@code deadline}. */
    void drain(ScoreHandler function, Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        while (stack.depth(queue) > 0) {
            if (poll(function) == 0) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
            if (System.nanoTime() > end) {
                throw new AssertionError(queue + " did not drain in " + deadline + ": " + stack.depth(queue)
                        + " messages left, " + stack.depth("EventsDeadLetterQueue") + " dead-lettered");
            }
        }
    }

    /**
     * Runs {@code functions.size()} pollers at once, each invoking its own instance of the function as Lambda
     * runs concurrent batches on separate instances, until {@code done} holds; fails after {@code deadline}.
     */
    void runUntil(List<ScoreHandler> functions, BooleanSupplier done, Duration deadline) throws InterruptedException {
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> pollers = new ArrayList<>();
        for (ScoreHandler f : functions) {
            Thread t = new Thread(() -> {
                while (running.get()) {
                    try {
                        if (poll(f) == 0) {
                            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
                        }
                    } catch (RuntimeException e) {
                        errors.add("poller: " + e);
                    }
                }
            }, "score-poller-" + pollers.size());
            t.setDaemon(true);
            pollers.add(t);
            t.start();
        }
        long end = System.nanoTime() + deadline.toNanos();
        try {
            while (!done.getAsBoolean()) {
                if (System.nanoTime() > end) {
                    throw new AssertionError("not done in " + deadline + ": " + stack.eventsQueued()
                            + " messages left on the score function's queues, " + stack.depth("EventsDeadLetterQueue")
                            + " dead-lettered");
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        } finally {
            running.set(false);
            for (Thread t : pollers) {
                t.join(TimeUnit.SECONDS.toMillis(30));
            }
        }
    }
}
