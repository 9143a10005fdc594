package io.mqlengine.outcome;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.mqlengine.config.AwsClients;
import io.mqlengine.identity.LeadIds;
import io.mqlengine.observe.AwsUsage;
import io.mqlengine.observe.Log;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.scoring.SalesOutcomes;
import io.mqlengine.service.OutcomeService;
import io.mqlengine.store.DynamoLeadStore;
import io.mqlengine.validation.InvalidRequestException;
import io.mqlengine.validation.OutcomeMessages;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The outcomes consumer: reads a batch from the outcomes queue (messages sales tools send, and those the webhook
 * queued) and applies them ({@link OutcomeService}). A message that is not a valid outcome is poison: reported failed,
 * so that SQS moves it to the outcomes DLQ after maxReceiveCount. A refused outcome (no such lead, a stage it does not
 * fit) is not poison: it is logged with its reason and kept on the lead. A lead that could not be written fails its
 * messages, which SQS retries; their outcome ids make the retry harmless.
 */
public final class OutcomeHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final OutcomeService service;
    private final OutcomeMessages messages;
    private final Clock clock;

    public OutcomeHandler() {
        this(System.getenv(), Clock.systemUTC());
    }

    public OutcomeHandler(Map<String, String> env, Clock clock) {
        this(create(OutcomeConfig.from(env), new AwsClients(env), clock), clock);
    }

    public OutcomeHandler(OutcomeService service, Clock clock) {
        this.service = service;
        // the queue may hold a message a while: its time is checked against the clock with the queue's retention
        this.messages = new OutcomeMessages(Duration.ofMinutes(5));
        this.clock = clock;
    }

    private static OutcomeService create(OutcomeConfig config, AwsClients clients, Clock clock) {
        return new OutcomeService(new DynamoLeadStore(clients.dynamo(), config.table(), config.model().staleAfter(),
                Duration.ofSeconds(5)), new SalesOutcomes(config.model()), new LeadIds(config.leadIdSecret()), clock);
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        long started = clock.millis();
        AwsUsage.startInvocation();
        List<OutcomeService.Item> items = new ArrayList<>();
        Set<String> failed = new LinkedHashSet<>();
        for (SQSEvent.SQSMessage m : event.getRecords()) {
            try {
                items.add(new OutcomeService.Item(m.getMessageId(), messages.parse(m.getBody(), clock.instant())));
            } catch (InvalidRequestException e) {
                failed.add(m.getMessageId());
                Log.event("outcomes.poison", Map.of("messageId", m.getMessageId(), "problems",
                        e.problems().stream().map(p -> p.path() + " " + p.message()).toList()));
            }
        }
        OutcomeService.Result r = null;
        try {
            r = items.isEmpty() ? null : service.apply(items);
        } catch (RuntimeException e) {
            items.forEach(i -> failed.add(i.messageId()));
            Log.event("outcomes.error", Map.of("reason", e.toString()));
        }
        if (r != null) {
            failed.addAll(r.failedMessageIds());
            r.errors().forEach(err -> Log.event("outcomes.error", Map.of("reason", err)));
            for (OutcomeService.Decided d : r.decided()) {
                if (d.verdict().status() == LeadState.Verdict.Status.REFUSED && !d.duplicate()) {
                    Log.event("outcomes.refused", Map.of("outcomeId", d.verdict().outcomeId(), "leadId", d.leadId(),
                            "outcome", d.verdict().outcome().wireName(), "reason", d.verdict().note()));
                }
            }
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("messages", event.getRecords().size());
        summary.put("failed", failed.size());
        summary.put("applied", r == null ? 0 : r.count(LeadState.Verdict.Status.APPLIED));
        summary.put("pending", r == null ? 0 : r.count(LeadState.Verdict.Status.PENDING));
        summary.put("refused", r == null ? 0 : r.count(LeadState.Verdict.Status.REFUSED));
        summary.put("duplicates", r == null ? 0 : r.duplicates());
        summary.put("leadsWritten", r == null ? 0 : r.leadsWritten());
        summary.put("ms", clock.millis() - started);
        summary.put("aws", AwsUsage.invocation());
        Log.event("outcomes.batch", summary);
        Log.metrics("outcomes", Map.of("OutcomesApplied", r == null ? 0 : r.count(LeadState.Verdict.Status.APPLIED),
                "OutcomesRefused", r == null ? 0 : r.count(LeadState.Verdict.Status.REFUSED),
                "FailedMessages", failed.size()), clock.instant());
        return SQSBatchResponse.builder().withBatchItemFailures(failed.stream()
                .map(id -> SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(id).build()).toList()).build();
    }
}
