package io.mqlengine.score;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.mqlengine.config.AwsClients;
import io.mqlengine.identity.LeadIds;
import io.mqlengine.observe.AwsUsage;
import io.mqlengine.observe.Log;
import io.mqlengine.queue.EventEnvelope;
import io.mqlengine.scoring.LeadScorer;
import io.mqlengine.service.ScoreService;
import io.mqlengine.store.DynamoLeadStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Scores a batch from the events queue. A message that is not an event envelope, or whose profile could
 * not be written, is reported alone; SQS retries it and, after maxReceiveCount, moves it to the DLQ.
 */
public final class ScoreHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final ScoreService service;
    private final Clock clock;

    public ScoreHandler() {
        this(System.getenv(), Clock.systemUTC());
    }

    public ScoreHandler(Map<String, String> env, Clock clock) {
        this(create(ScoreConfig.from(env), new AwsClients(env), clock), clock);
    }

    public ScoreHandler(ScoreService service, Clock clock) {
        this.service = service;
        this.clock = clock;
    }

    /** Profiles of a batch are written this many at a time (the HTTP client keeps one connection each). */
    static final int WRITERS = 4;

    private static ScoreService create(ScoreConfig config, AwsClients clients, Clock clock) {
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS, r -> {
            Thread t = new Thread(r, "score-writer");
            t.setDaemon(true);
            return t;
        });
        return new ScoreService(new DynamoLeadStore(clients.dynamo(), config.table(), config.model().staleAfter()),
                new LeadScorer(config.model()), new LeadIds(config.leadIdSecret()), clock, AwsUsage.propagating(writers));
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
                items.add(new ScoreService.Item(m.getMessageId(), EventEnvelope.fromJson(m.getBody()).event()));
            } catch (IllegalArgumentException e) {
                failed.add(m.getMessageId());
                poison++;
                Log.event("score.poison", Map.of("messageId", m.getMessageId(), "reason", e.getMessage()));
            }
        }
        ScoreService.Result r = null;
        try {
            r = items.isEmpty() ? null : service.score(items);
        } catch (RuntimeException e) {
            // the batch's reads failed (throttling, network): every message is retried by SQS
            items.forEach(i -> failed.add(i.messageId()));
            Log.event("score.error", Map.of("reason", e.toString()));
        }
        if (r != null) {
            failed.addAll(r.failedMessageIds());
            r.errors().forEach(err -> Log.event("score.error", Map.of("reason", err)));
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("messages", event.getRecords().size());
        summary.put("failed", failed.size());
        summary.put("poison", poison);
        summary.put("profilesWritten", r == null ? 0 : r.profilesWritten());
        summary.put("eventsApplied", r == null ? 0 : r.eventsApplied());
        summary.put("qualified", r == null ? 0 : r.qualifications());
        summary.put("conflicts", r == null ? 0 : r.conflicts());
        summary.put("ms", clock.millis() - started);
        summary.put("aws", AwsUsage.invocation());
        Log.event("score.batch", summary);
        Log.metrics("score", Map.of("EventsApplied", r == null ? 0 : r.eventsApplied(),
                "Qualified", r == null ? 0 : r.qualifications(), "FailedMessages", failed.size()), clock.instant());
        List<SQSBatchResponse.BatchItemFailure> failures = failed.stream()
                .map(id -> SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(id).build()).toList();
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }
}
