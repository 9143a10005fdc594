package io.mqlengine.queue;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * Puts events on an EventBridge bus, ten to a PutEvents call (its limit). Entries the bus refuses
 * (PutEvents answers per entry) are tried again, up to {@link #ATTEMPTS} times in all; what still fails is returned,
 * for the caller to retry the stream records they came from.
 */
public final class EventBusPublisher {
    static final int BATCH = 10;
    static final int ATTEMPTS = 3;

    private final EventBridgeClient events;
    private final String busName;

    public EventBusPublisher(EventBridgeClient events, String busName) {
        this.events = events;
        this.busName = busName;
    }

    /** Puts {@code entries}; the indexes (into {@code entries}) of those that could not be put, in order. */
    public List<Integer> publish(List<BusEvent> entries) {
        List<Integer> failed = new ArrayList<>();
        for (int start = 0; start < entries.size(); start += BATCH) {
            List<Integer> pending = new ArrayList<>();
            for (int i = start; i < Math.min(entries.size(), start + BATCH); i++) {
                pending.add(i);
            }
            for (int attempt = 1; attempt <= ATTEMPTS && !pending.isEmpty(); attempt++) {
                pending = put(entries, pending);
            }
            failed.addAll(pending);
        }
        return failed;
    }

    /** One PutEvents call for {@code indexes}; those it did not take. */
    private List<Integer> put(List<BusEvent> entries, List<Integer> indexes) {
        List<PutEventsRequestEntry> request = indexes.stream().map(i -> {
            BusEvent e = entries.get(i);
            return PutEventsRequestEntry.builder().eventBusName(busName).source(e.source())
                    .detailType(e.detailType()).time(e.time()).detail(e.detail()).build();
        }).toList();
        PutEventsResponse r = events.putEvents(b -> b.entries(request));
        if (r.failedEntryCount() == null || r.failedEntryCount() == 0) {
            return List.of();
        }
        List<Integer> left = new ArrayList<>();
        List<PutEventsResultEntry> results = r.entries();
        for (int k = 0; k < indexes.size(); k++) {
            if (k >= results.size() || results.get(k).errorCode() != null) {
                left.add(indexes.get(k));
            }
        }
        return left;
    }
}
