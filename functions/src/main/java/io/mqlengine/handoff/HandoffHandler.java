package io.mqlengine.handoff;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.mqlengine.config.AwsClients;
import io.mqlengine.observe.AwsUsage;
import io.mqlengine.observe.Log;
import io.mqlengine.queue.SqsHandoffQueue;
import io.mqlengine.service.HandoffService;
import io.mqlengine.store.DynamoLeadStore;
import io.mqlengine.store.LeadItems;
import java.time.Clock;
import java.util.List;
import java.util.Map;

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

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        AwsUsage.startInvocation();
        int sent = 0;
        int ignored = 0;
        for (DynamodbEvent.DynamodbStreamRecord record : event.getRecords()) {
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
                Log.event("handoff.batch", Map.of("records", event.getRecords().size(), "sent", sent, "failedAt", sequence));
                return StreamsEventResponse.builder().withBatchItemFailures(List.of(
                        StreamsEventResponse.BatchItemFailure.builder().withItemIdentifier(sequence).build())).build();
            }
        }
        Log.event("handoff.batch", Map.of("records", event.getRecords().size(), "sent", sent, "ignored", ignored,
                "aws", AwsUsage.invocation()));
        if (sent > 0) {
            Log.metrics("handoff", Map.of("HandedOff", sent), clock.instant());
        }
        return StreamsEventResponse.builder().withBatchItemFailures(List.of()).build();
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
