package io.mqlengine.lifecycle;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.mqlengine.config.AwsClients;
import io.mqlengine.handoff.StreamImages;
import io.mqlengine.observe.AwsUsage;
import io.mqlengine.observe.Log;
import io.mqlengine.queue.BusEvent;
import io.mqlengine.queue.EventBusPublisher;
import io.mqlengine.service.LifecycleEvents;
import io.mqlengine.store.FunnelCounters;
import io.mqlengine.store.FunnelTally;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the leads table's stream, puts the lifecycle events each write announces ({@link LifecycleEvents}) on the
 * EventBridge bus, and counts each write's funnel steps ({@link FunnelTally}) with one conditional update of a
 * per-day counter item ({@link FunnelCounters}). Every written stage change and missed SLA is announced at least once
 * and counted exactly once. The template's filter passes only images marked as announcing, erasures, and inserts of
 * known leads (the funnel's new leads). When the bus refuses events, or a count fails, the first record concerned is
 * reported, so the stream retries from there; events of the records after it that were put already are put again,
 * with the same {@code eventKey}, and their counts, already made, are not made again.
 */
public final class LifecycleHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    private final LifecycleEvents events;
    private final EventBusPublisher bus;
    private final FunnelCounters funnel;
    private final Clock clock;

    public LifecycleHandler() {
        this(System.getenv(), Clock.systemUTC());
    }

    public LifecycleHandler(Map<String, String> env, Clock clock) {
        this(LifecycleConfig.from(env), new AwsClients(env), clock);
    }

    private LifecycleHandler(LifecycleConfig config, AwsClients clients, Clock clock) {
        this(new LifecycleEvents(config.model()), new EventBusPublisher(clients.events(), config.busName()),
                new FunnelCounters(clients.dynamo(), config.table()), clock);
    }

    public LifecycleHandler(LifecycleEvents events, EventBusPublisher bus, FunnelCounters funnel, Clock clock) {
        this.events = events;
        this.bus = bus;
        this.funnel = funnel;
        this.clock = clock;
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        AwsUsage.startInvocation();
        List<BusEvent> entries = new ArrayList<>();
        List<Integer> recordOf = new ArrayList<>();
        List<DynamodbEvent.DynamodbStreamRecord> records = event.getRecords();
        int failed = records.size();
        int steps = 0;
        int funnelWrites = 0;
        int repeats = 0;
        for (int i = 0; i < records.size(); i++) {
            DynamodbEvent.DynamodbStreamRecord r = records.get(i);
            if (r.getDynamodb() == null || r.getDynamodb().getNewImage() == null) {
                continue; // a removal (TTL) announces nothing
            }
            var oldImage = r.getDynamodb().getOldImage() == null ? null : StreamImages.toSdk(r.getDynamodb().getOldImage());
            var newImage = StreamImages.toSdk(r.getDynamodb().getNewImage());
            for (BusEvent e : events.between(oldImage, newImage)) {
                entries.add(e);
                recordOf.add(i);
            }
            Optional<FunnelTally> tally = FunnelTally.of(oldImage, newImage);
            if (tally.isPresent() && i < failed) {
                try {
                    funnelWrites++;
                    steps += tally.get().steps();
                    if (!funnel.add(tally.get(), clock.instant())) {
                        repeats++;
                    }
                } catch (RuntimeException e) {
                    Log.event("funnel.error", Map.of("reason", e.toString()));
                    failed = i;
                }
            }
        }
        if (!entries.isEmpty()) {
            try {
                List<Integer> refused = bus.publish(entries);
                if (!refused.isEmpty()) {
                    failed = Math.min(failed, recordOf.get(refused.get(0)));
                }
            } catch (RuntimeException e) {
                Log.event("lifecycle.error", Map.of("reason", e.toString()));
                failed = Math.min(failed, recordOf.get(0));
            }
        }
        String failedAt = failed < records.size() ? records.get(failed).getDynamodb().getSequenceNumber() : null;
        Map<String, Object> batch = new LinkedHashMap<>();
        batch.put("records", records.size());
        batch.put("events", entries.size());
        batch.put("funnelSteps", steps);
        batch.put("funnelWrites", funnelWrites);
        batch.put("funnelRepeats", repeats);
        if (failedAt != null) {
            batch.put("failedAt", failedAt);
        }
        batch.put("aws", AwsUsage.invocation());
        Log.event("lifecycle.batch", batch);
        if (!entries.isEmpty() || funnelWrites > 0) {
            Log.metrics("lifecycle", Map.of("LifecycleEvents", entries.size(), "FunnelSteps", steps), clock.instant());
        }
        List<StreamsEventResponse.BatchItemFailure> failures = failedAt == null ? List.of()
                : List.of(StreamsEventResponse.BatchItemFailure.builder().withItemIdentifier(failedAt).build());
        return StreamsEventResponse.builder().withBatchItemFailures(failures).build();
    }
}
