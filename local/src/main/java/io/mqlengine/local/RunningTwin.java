package io.mqlengine.local;

import io.mqlengine.local.alarms.QueueDepthAlarms;
import io.mqlengine.local.clock.TwinClock;
import io.mqlengine.local.emulators.AwsClients;
import io.mqlengine.local.emulators.DynamoEmulator;
import io.mqlengine.local.emulators.EventBridgeEmulator;
import io.mqlengine.local.emulators.ArchiveStorage;
import io.mqlengine.local.events.EventRouter;
import io.mqlengine.local.model.TwinRescore;
import io.mqlengine.local.emulators.SqsEmulator;
import io.mqlengine.local.http.HttpApiGateway;
import io.mqlengine.local.http.TestHooks;
import io.mqlengine.local.lambda.FunctionPool;
import io.mqlengine.local.log.JsonLines;
import io.mqlengine.local.model.LiveModels;
import io.mqlengine.local.plan.TwinPlan;
import io.mqlengine.local.schedule.Scheduler;
import io.mqlengine.local.sqs.SqsPoller;
import io.mqlengine.local.streams.StreamPoller;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** A started twin: its endpoints, its clock, test helpers, and an orderly {@link #close()}. */
public final class RunningTwin implements AutoCloseable, TestHooks.Twin {
    final TwinClock clock;
    final JsonLines log;
    DynamoEmulator dynamo;
    SqsEmulator sqs;
    EventBridgeEmulator events;
    EventRouter router;
    AwsClients clients;
    TwinPlan plan;
    final Map<String, FunctionPool> pools = new LinkedHashMap<>();
    final List<SqsPoller> sqsPollers = new ArrayList<>();
    final List<StreamPoller> streamPollers = new ArrayList<>();
    Scheduler scheduler;
    QueueDepthAlarms alarms;
    HttpApiGateway http;
    LiveModels models;
    ArchiveStorage s3;
    TwinRescore rescore;
    Runnable onClose = () -> { };
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);

    RunningTwin(TwinClock clock, JsonLines log) {
        this.clock = clock;
        this.log = log;
    }

    public String apiUrl() {
        return http.url();
    }

    public String sqsEndpoint() {
        return sqs.endpoint();
    }

    public String dynamoEndpoint() {
        return dynamo.endpoint();
    }

    /** The EventBridge endpoint (PutEvents), which functions get as AWS_ENDPOINT_URL_EVENTS. */
    public String eventsEndpoint() {
        return events.endpoint();
    }

    /** The physical name of an event bus of the template. */
    public String busName(String logicalId) {
        return require(plan.buses().get(logicalId), "event bus", logicalId).name();
    }

    public String queueUrl(String logicalId) {
        return require(plan.queues().get(logicalId), "queue", logicalId).url();
    }

    public String tableName(String logicalId) {
        return require(plan.tables().get(logicalId), "table", logicalId).name();
    }

    @Override
    public TwinClock clock() {
        return clock;
    }

    public TwinPlan plan() {
        return plan;
    }

    public AwsClients clients() {
        return clients;
    }

    /**
     * What a function's own AWS clients used, summed over its instances: the totals of
     * {@code io.mqlengine.observe.AwsUsage.PROCESS} in the function's class loader, or empty when its code has none.
     */
    @SuppressWarnings("unchecked")
    public Map<String, Number> functionUsage(String logicalId) {
        FunctionPool pool = require(pools.get(logicalId), "function", logicalId);
        try {
            Class<?> usage = Class.forName("io.mqlengine.observe.AwsUsage", true, pool.loader());
            Object process = usage.getField("PROCESS").get(null);
            return (Map<String, Number>) usage.getMethod("totals").invoke(process);
        } catch (ReflectiveOperationException e) {
            return Map.of();
        }
    }

    /** The first write key of the WriteKeys parameter, if the template has one. */
    public String writeKey() {
        return plan.writeKey().orElse(null);
    }

    public Map<String, String> outputs() {
        return plan.outputs();
    }

    /** Fires a schedule now (by function id, or FunctionId.EventName) and returns "ok" or "error". */
    @Override
    public String fireSchedule(String logicalId) throws InterruptedException {
        return scheduler.fireNow(logicalId);
    }

    /** The ready line's fields. */
    public Map<String, Object> readyFields() {
        Map<String, Object> ready = new LinkedHashMap<>();
        ready.put("ready", true);
        ready.put("api", apiUrl());
        ready.put("sqs", sqsEndpoint());
        ready.put("dynamodb", dynamoEndpoint());
        ready.put("events", eventsEndpoint());
        if (s3 != null) {
            ready.put("s3", s3Endpoint());
            ready.put("buckets", plan.buckets());
        }
        ready.put("writeKey", writeKey());
        Map<String, String> queues = new LinkedHashMap<>();
        plan.queues().forEach((id, q) -> queues.put(id, q.url()));
        ready.put("queues", queues);
        Map<String, String> tables = new LinkedHashMap<>();
        plan.tables().forEach((id, t) -> tables.put(id, t.name()));
        ready.put("tables", tables);
        return ready;
    }

    /** Whether nothing is running and nothing is waiting: consumed queues empty, streams caught up. */
    /** Reloads the scoring model the functions run with (the --test-hooks POST /_twin/model/reload). */
    @Override
    public LiveModels.Answer reloadModel() {
        LiveModels.Answer answer = models.reload();
        if (answer.status() != 200 || !LiveModels.versionChanged(answer)) {
            return answer;
        }
        Map<String, Object> body = new LinkedHashMap<>(answer.body());
        body.put("rescore", rescore.start());
        return new LiveModels.Answer(200, body);
    }

    /** The latest re-scoring's progress (the --test-hooks GET /_twin/rescore), or empty before the first. */
    @Override
    public Optional<Map<String, Object>> rescoreProgress() {
        return rescore == null ? Optional.empty() : rescore.progress();
    }

    /** The S3 endpoint of the template's buckets, or null when the template has none. */
    public String s3Endpoint() {
        return s3 == null ? null : s3.endpoint();
    }

    /** The directory holding the objects of the template's bucket {@code logicalId} (an archive what-if reads). */
    public java.nio.file.Path bucketDirectory(String logicalId) {
        return s3.directory(plan.buckets().get(logicalId));
    }

    @Override
    public boolean idle() {
        return waitingOn() == null;
    }

    /** What keeps the twin from being idle, the first thing found; null when idle. */
    @Override
    public String waitingOn() {
        for (FunctionPool p : pools.values()) {
            if (p.inFlight() > 0) {
                return p.plan().logicalId() + ": " + p.inFlight() + " invocations running";
            }
        }
        if (scheduler != null && !scheduler.idle()) {
            return "a scheduled invocation";
        }
        if (router != null && router.busy()) {
            return "an invocation by an EventBridge rule";
        }
        for (SqsPoller poller : sqsPollers) {
            if (poller.busy()) {
                return poller.mapping() + ": a batch being processed";
            }
            long depth = queueDepth(poller.queueUrl());
            if (depth > 0) {
                return poller.mapping() + ": " + depth + " messages on " + poller.queueUrl() + " (visible, in flight or delayed)";
            }
        }
        for (StreamPoller s : streamPollers) {
            if (!s.caughtUp()) {
                return s.mapping() + ": stream not caught up";
            }
        }
        return null;
    }

    /** Waits until idle (a full stream poll after the call finds nothing new); false at the deadline. */
    public boolean awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            long[] start = streamPollers.stream().mapToLong(StreamPoller::completedCycles).toArray();
            while (System.nanoTime() < deadline && !cycledTwice(start)) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
            if (idle()) {
                return true;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        return false;
    }

    /** Blocks until {@link #close()} finished (the CLI's main thread waits here). */
    public void awaitClosed() throws InterruptedException {
        stopped.await();
    }

    private boolean cycledTwice(long[] start) {
        for (int i = 0; i < start.length; i++) {
            if (streamPollers.get(i).completedCycles() < start[i] + 2) {
                return false;
            }
        }
        return true;
    }

    private long queueDepth(String url) {
        Map<QueueAttributeName, String> a = clients.sqs().getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        return a.values().stream().mapToLong(Long::parseLong).sum();
    }

    private static <T> T require(T value, String kind, String logicalId) {
        if (value == null) {
            throw new NoSuchElementException("the template has no " + kind + " " + logicalId);
        }
        return value;
    }

    /** Stops HTTP and the mappings, waits for in-flight invocations, saves state, stops the emulators. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        quietly(() -> http.close(), http);
        quietly(() -> events.close(), events);
        quietly(() -> router.close(), router);
        quietly(() -> scheduler.close(), scheduler);
        sqsPollers.forEach(p -> quietly(p::close, p));
        streamPollers.forEach(p -> quietly(p::close, p));
        pools.values().forEach(p -> quietly(() -> p.drain((p.plan().timeoutSeconds() + 1) * 1000L), p));
        quietly(() -> alarms.close(), alarms);
        quietly(onClose::run, onClose);
        pools.values().forEach(p -> quietly(p::close, p));
        quietly(() -> models.close(), models);
        quietly(() -> rescore.close(), rescore);
        quietly(() -> s3.close(), s3);
        quietly(() -> clients.close(), clients);
        quietly(() -> sqs.close(), sqs);
        quietly(() -> dynamo.close(), dynamo);
        if (plan != null) {
            log.emit("event", "stopped");
        }
        stopped.countDown();
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void quietly(Step step, Object part) {
        if (part == null) {
            return;
        }
        try {
            step.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            System.err.println("[twin] while stopping: " + e);
        }
    }
}
