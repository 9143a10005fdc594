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
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the leads table's stream and puts the lifecycle events each write announces ({@link LifecycleEvents}) on the
 * EventBridge bus: every written stage change and missed SLA is announced, at least once. The template's filter
 * passes only images marked as announcing. When the bus refuses events, the first record they came from is reported,
 * so the stream retries from there; events of the records after it that were put already are put again, with the
 * same {@code eventKey}.
 */
public final class LifecycleHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    private final LifecycleEvents events;
    private final EventBusPublisher bus;
    private final Clock clock;

    public LifecycleHandler() {
        this(System.getenv(), Clock.systemUTC());
    }

    public LifecycleHandler(Map<String, String> env, Clock clock) {
        this(LifecycleConfig.from(env), new AwsClients(env), clock);
    }

    private LifecycleHandler(LifecycleConfig config, AwsClients clients, Clock clock) {
        this(new LifecycleEvents(config.model()), new EventBusPublisher(clients.events(), config.busName()), clock);
    }

    public LifecycleHandler(LifecycleEvents events, EventBusPublisher bus, Clock clock) {
        this.events = events;
        this.bus = bus;
        this.clock = clock;
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        AwsUsage.startInvocation();
        List<BusEvent> entries = new ArrayList<>();
        List<String> sequenceOf = new ArrayList<>();
        for (DynamodbEvent.DynamodbStreamRecord r : event.getRecords()) {
            if (r.getDynamodb() == null || r.getDynamodb().getNewImage() == null) {
                continue; // a removal (TTL) announces nothing
            }
            var old = r.getDynamodb().getOldImage();
            for (BusEvent e : events.between(old == null ? null : StreamImages.toSdk(old),
                    StreamImages.toSdk(r.getDynamodb().getNewImage()))) {
                entries.add(e);
                sequenceOf.add(r.getDynamodb().getSequenceNumber());
            }
        }
        String failedAt = null;
        if (!entries.isEmpty()) {
            try {
                List<Integer> failed = bus.publish(entries);
                failedAt = failed.isEmpty() ? null : sequenceOf.get(failed.get(0));
            } catch (RuntimeException e) {
                Log.event("lifecycle.error", Map.of("reason", e.toString()));
                failedAt = sequenceOf.get(0);
            }
        }
        Map<String, Object> batch = new LinkedHashMap<>();
        batch.put("records", event.getRecords().size());
        batch.put("events", entries.size());
        if (failedAt != null) {
            batch.put("failedAt", failedAt);
        }
        batch.put("aws", AwsUsage.invocation());
        Log.event("lifecycle.batch", batch);
        if (!entries.isEmpty()) {
            Log.metrics("lifecycle", Map.of("LifecycleEvents", entries.size()), clock.instant());
        }
        List<StreamsEventResponse.BatchItemFailure> failures = failedAt == null ? List.of()
                : List.of(StreamsEventResponse.BatchItemFailure.builder().withItemIdentifier(failedAt).build());
        return StreamsEventResponse.builder().withBatchItemFailures(failures).build();
    }
}
