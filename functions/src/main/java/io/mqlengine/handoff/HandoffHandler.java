package io.mqlengine.handoff;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import io.mqlengine.config.AwsClients;
import io.mqlengine.observe.AwsUsage;
import io.mqlengine.observe.Log;
import io.mqlengine.queue.SqsHandoffQueue;
import io.mqlengine.service.HandoffService;
import io.mqlengine.store.DynamoLeadStore;
import io.mqlengine.store.LeadItems;
import java.time.Clock;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the leads table's stream (the outbox): for every image carrying a qualification not yet handed
 * off, hands it to sales. Every other record (other stages, removals by TTL, unknown event names, aliases)
 * is ignored. On a failure it reports that record's sequence number, so the stream retries from there.
 */
public final class HandoffHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    private final HandoffService service;
    private final Clock clock;

    public HandoffHandler() {
        this(System.getenv(), Clock.systemUTC());
    }

    public HandoffHandler(Map<String, String> env, Clock clock) {
        this(create(HandoffConfig.from(env), new AwsClients(env), clock), clock);
    }

    public HandoffHandler(HandoffService service, Clock clock) {
        this.service = service;
        this.clock = clock;
    }

    private static HandoffService create(HandoffConfig config, AwsClients clients, Clock clock) {
        return new HandoffService(new DynamoLeadStore(clients.dynamo(), config.table(), config.model().staleAfter()),
                new SqsHandoffQueue(clients.sqs(), config.handoffQueueUrl()), config.model(), clock);
    }

    /**
     * Hands off every pending qualification of the batch. A record that fails does not hold back the records
     * after it, except those of the same lead, which keep their order: the batch reports the first failed
     * record, and Lambda retries from there; what was handed off meanwhile is found handed off and skipped.
     */
    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        AwsUsage.startInvocation();
        int sent = 0;
        int ignored = 0;
        String failedAt = null;
        Set<Map<String, AttributeValue>> failedLeads = new HashSet<>();
        for (DynamodbEvent.DynamodbStreamRecord record : event.getRecords()) {
            Map<String, AttributeValue> keys = record.getDynamodb() == null ? null : record.getDynamodb().getKeys();
            if (failedAt != null && keys != null && failedLeads.contains(keys)) {
                continue;
            }
            try {
                HandoffService.Result r = handle(record);
                if (r == HandoffService.Result.SENT) {
                    sent++;
                } else {
                    ignored++;
                }
            } catch (RuntimeException e) {
                String sequence = record.getDynamodb().getSequenceNumber();
                Log.event("handoff.error", Map.of("sequenceNumber", sequence, "reason", e.toString()));
                failedAt = failedAt == null ? sequence : failedAt;
                if (keys != null) {
                    failedLeads.add(keys);
                }
            }
        }
        Map<String, Object> batch = new LinkedHashMap<>();
        batch.put("records", event.getRecords().size());
        batch.put("sent", sent);
        batch.put("ignored", ignored);
        if (failedAt != null) {
            batch.put("failedAt", failedAt);
        }
        batch.put("aws", AwsUsage.invocation());
        Log.event("handoff.batch", batch);
        if (sent > 0) {
            Log.metrics("handoff", Map.of("HandedOff", sent), clock.instant());
        }
        List<StreamsEventResponse.BatchItemFailure> failures = failedAt == null ? List.of()
                : List.of(StreamsEventResponse.BatchItemFailure.builder().withItemIdentifier(failedAt).build());
        return StreamsEventResponse.builder().withBatchItemFailures(failures).build();
    }

    private HandoffService.Result handle(DynamodbEvent.DynamodbStreamRecord record) {
        String name = record.getEventName();
        if (!"INSERT".equals(name) && !"MODIFY".equals(name)) {
            return HandoffService.Result.NOT_PENDING;
        }
        var image = record.getDynamodb() == null ? null : record.getDynamodb().getNewImage();
        if (image == null) {
            return HandoffService.Result.NOT_PENDING;
        }
        return LeadItems.pendingHandoff(StreamImages.toSdk(image)).map(service::handOff)
                .orElse(HandoffService.Result.NOT_PENDING);
    }
}
