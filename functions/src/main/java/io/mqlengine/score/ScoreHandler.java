package io.mqlengine.score;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.mqlengine.archive.EventArchive;
import io.mqlengine.archive.S3EventArchive;
import io.mqlengine.config.AwsClients;
import io.mqlengine.identity.LeadIds;
import io.mqlengine.observe.AwsUsage;
import io.mqlengine.observe.Log;
import io.mqlengine.queue.EventEnvelope;
import io.mqlengine.queue.SqsRequeue;
import io.mqlengine.scoring.LeadScorer;
import io.mqlengine.service.ScoreService;
import io.mqlengine.store.DynamoLeadStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * Scores a batch from either events queue. A message holds the events of one request lane (envelope version 2)
 * or one event (version 1, still read); it is all or nothing. A message that is not an event envelope, or holds
 * one broken event, or one of whose leads could not be written, is reported alone; SQS retries it whole and,
 * after maxReceiveCount, moves it to the DLQ. The events of a retried message that were applied before are
 * skipped by the lead's dedupe on event id. A message that only waited (its lead's write kept conflicting with
 * other writers, or the invocation ran out of time first) is not broken: it is put back on its queue as a new
 * message after {@link #REQUEUE_SECONDS}, so that waiting never counts toward the DLQ, and reported done. Once
 * the invocation's remaining time falls below {@link #SAFETY_MARGIN_MILLIS}, no DynamoDB call starts and the
 * messages not applied yet are requeued, so that the batch ends with an answer instead of a timeout.
 *
 * <p>With an event archive ({@code ARCHIVE_BUCKET}), the batch's accepted events (those of the messages that are done)
 * are written as one archive object after scoring. When that write fails, those messages are reported failed: SQS
 * delivers them again, their events are found applied already (the lead's dedupe on event id; nothing is written
 * twice) and they are archived then; after maxReceiveCount they wait in the DLQ, whose redrive does the same. What-if
 * and re-scoring read the archive, so an accepted event is never kept out of it for good.
 */
public final class ScoreHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    /** Requeued messages come back this soon: after the write of the lead that kept them waiting. */
    public static final int REQUEUE_SECONDS = 2;

    private final ScoreService service;
    private final SqsRequeue requeue;
    private final EventArchive archive;
    private final Clock clock;

    public ScoreHandler() {
        this(System.getenv(), Clock.systemUTC());
    }

    public ScoreHandler(Map<String, String> env, Clock clock) {
        this(ScoreConfig.from(env), new AwsClients(env), clock);
    }

    private ScoreHandler(ScoreConfig config, AwsClients clients, Clock clock) {
        this(create(config, clients, clock), new SqsRequeue(clients::sqs, config.queueUrls()),
                config.archiveBucket().map(b -> (EventArchive) new S3EventArchive(clients::s3, b, clock)).orElse(null),
                clock);
    }

    /** @param requeue null to report busy messages failed, leaving them to the queue's retries */
    public ScoreHandler(ScoreService service, SqsRequeue requeue, Clock clock) {
        this(service, requeue, null, clock);
    }

    /** @param archive null when the event archive is off */
    public ScoreHandler(ScoreService service, SqsRequeue requeue, EventArchive archive, Clock clock) {
        this.service = service;
        this.requeue = requeue;
        this.archive = archive;
        this.clock = clock;
    }

    /** Leads of a batch are written this many at a time (the HTTP client keeps one connection each). */
    static final int WRITERS = 4;

    /**
     * How long one DynamoDB call may take, the SDK's retries of throttling included. The SDK's own limits for
     * DynamoDB (9 attempts, throttling backoff from 0.5 s doubling to 20 s) let one call retry for 35 seconds
     * or more, beyond the function's timeout; within 5 s a throttled call is still tried 4 or 5 times.
     */
    static final Duration DYNAMO_CALL_TIMEOUT = Duration.ofSeconds(5);

    /**
     * No DynamoDB call starts with less than this much of the invocation left: the longest call that may
     * still be running ({@link #DYNAMO_CALL_TIMEOUT}) and 2 s to answer (the busy messages' requeue, which may
     * build the SQS client, and the log lines).
     */
    public static final int SAFETY_MARGIN_MILLIS = (int) DYNAMO_CALL_TIMEOUT.toMillis() + 2_000;

    private static ScoreService create(ScoreConfig config, AwsClients clients, Clock clock) {
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS, r -> {
            Thread t = new Thread(r, "score-writer");
            t.setDaemon(true);
            return t;
        });
        return new ScoreService(new DynamoLeadStore(clients.dynamo(), config.table(), config.model().staleAfter(),
                DYNAMO_CALL_TIMEOUT),
                new LeadScorer(config.model(), config.dedupeHorizon()), new LeadIds(config.leadIdSecret()), clock, AwsUsage.propagating(writers));
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        long started = clock.millis();
        AwsUsage.startInvocation();
        List<ScoreService.Item> items = new ArrayList<>();
        Set<String> failed = new LinkedHashSet<>();
        int poison = 0;
        for (SQSEvent.SQSMessage m : event.getRecords()) {
            try {
                // every event of a message carries the message's id: the message fails, and comes back, as one
                EventEnvelope.fromJson(m.getBody()).events().forEach(e -> items.add(new ScoreService.Item(m.getMessageId(), e)));
            } catch (IllegalArgumentException e) {
                failed.add(m.getMessageId());
                poison++;
                Log.event("score.poison", Map.of("messageId", m.getMessageId(), "reason", e.getMessage()));
            }
        }
        // a null context (the tests that call the handler directly) sets no deadline
        BooleanSupplier inTime = context == null ? () -> true
                : () -> context.getRemainingTimeInMillis() >= SAFETY_MARGIN_MILLIS;
        ScoreService.Result r = null;
        try {
            r = items.isEmpty() ? null : service.score(items, inTime);
        } catch (RuntimeException e) {
            // the batch's reads failed (throttling, network): every message is retried by SQS
            items.forEach(i -> failed.add(i.messageId()));
            Log.event("score.error", Map.of("reason", e.toString()));
        }
        int requeued = 0;
        int unarchived = 0;
        if (r != null) {
            failed.addAll(r.failedMessageIds());
            unarchived = archive(event, r, failed);
            r.errors().forEach(err -> Log.event("score.error", Map.of("reason", err)));
            List<String> unsent = requeue(event, r.busyMessageIds());
            requeued = r.busyMessageIds().size() - unsent.size();
            failed.addAll(unsent);
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("messages", event.getRecords().size());
        summary.put("events", items.size());
        summary.put("failed", failed.size());
        summary.put("poison", poison);
        summary.put("requeued", requeued);
        summary.put("throttled", r == null ? 0 : r.throttled());
        summary.put("erased", r == null ? 0 : r.erased());
        summary.put("leadsWritten", r == null ? 0 : r.leadsWritten());
        summary.put("eventsApplied", r == null ? 0 : r.eventsApplied());
        summary.put("qualified", r == null ? 0 : r.qualifications());
        summary.put("conflicts", r == null ? 0 : r.conflicts());
        summary.put("outOfTime", r == null ? 0 : r.outOfTime());
        summary.put("archived", r == null || archive == null ? 0 : r.accepted().size() - unarchived);
        summary.put("ms", clock.millis() - started);
        summary.put("aws", AwsUsage.invocation());
        Log.event("score.batch", summary);
        Log.metrics("score", Map.of("EventsApplied", r == null ? 0 : r.eventsApplied(),
                "Qualified", r == null ? 0 : r.qualifications(), "FailedMessages", failed.size(),
                "RequeuedMessages", requeued, "ThrottledEvents", r == null ? 0 : r.throttled(),
                "UnarchivedEvents", unarchived), clock.instant());
        List<SQSBatchResponse.BatchItemFailure> failures = failed.stream()
                .map(id -> SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(id).build()).toList();
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    /**
     * Writes the batch's accepted events as one archive object; when that fails, adds the messages that are done to
     * {@code failed} (see the class comment) and returns how many events were not archived.
     */
    private int archive(SQSEvent event, ScoreService.Result r, Set<String> failed) {
        if (archive == null || r.accepted().isEmpty()) {
            return 0;
        }
        try {
            archive.write(r.accepted());
            return 0;
        } catch (RuntimeException e) {
            int before = failed.size();
            event.getRecords().stream().map(SQSEvent.SQSMessage::getMessageId)
                    .filter(id -> !r.busyMessageIds().contains(id)).forEach(failed::add);
            Log.event("score.archive-failed", Map.of("events", r.accepted().size(), "messages", failed.size() - before,
                    "reason", e.toString()));
            return r.accepted().size();
        }
    }

    /** Puts the busy messages back on their queues; the ids it could not send, to be reported failed. */
    private List<String> requeue(SQSEvent event, Set<String> busy) {
        if (busy.isEmpty()) {
            return List.of();
        }
        if (requeue == null) {
            return List.copyOf(busy);
        }
        List<SqsRequeue.Received> messages = event.getRecords().stream().filter(m -> busy.contains(m.getMessageId()))
                .map(m -> new SqsRequeue.Received(m.getEventSourceArn(), m.getMessageId(), m.getBody())).toList();
        List<String> unsent = requeue.requeue(messages, REQUEUE_SECONDS);
        if (!unsent.isEmpty()) {
            Log.event("score.error", Map.of("reason", unsent.size() + " waiting messages could not be requeued; "
                    + "SQS retries them after the queue's visibility timeout"));
        }
        return unsent;
    }
}
