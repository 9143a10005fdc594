package io.mqlengine.local.bench;

import io.mqlengine.model.TrackingEvent;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the soak's clients sent and what the API accepted, from many threads: every request answered 202 adds its
 * events to the accepted ones (the check's input); every other answer is counted by status and is not part of it.
 */
final class SoakTally {
    final LongAdder requestsSent = new LongAdder();
    final LongAdder acceptedRequests = new LongAdder();
    final LongAdder acceptedEvents = new LongAdder();
    final LongAdder retriesSent = new LongAdder();
    final LongAdder duplicatesSent = new LongAdder();
    final LongAdder burstRequests = new LongAdder();
    final LongAdder bursts = new LongAdder();
    final LongAdder clientResends = new LongAdder();
    /** Requests given up on with a definite refusal (4xx): their events were not enqueued. */
    final LongAdder refusedRequests = new LongAdder();
    /** Requests given up on after a 5xx or no answer: their events may or may not have been enqueued. */
    final LongAdder unresolvedRequests = new LongAdder();
    private final Map<String, LongAdder> notAccepted = new ConcurrentHashMap<>();
    private final Map<String, TrackingEvent> unique = new ConcurrentHashMap<>();

    void accepted(SoakRequest q) {
        acceptedRequests.increment();
        acceptedEvents.add(q.events().size());
        q.events().forEach(e -> unique.putIfAbsent(e.eventId(), e));
    }

    /** An answer other than 202: the status code, or the name of the failure when there was no answer. */
    void notAccepted(String status) {
        notAccepted.computeIfAbsent(status, k -> new LongAdder()).increment();
    }

    /** Requests not accepted, by status. */
    Map<String, Long> notAcceptedByStatus() {
        Map<String, Long> out = new TreeMap<>();
        notAccepted.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Every accepted event once, whichever copies of it were accepted. */
    Collection<TrackingEvent> uniqueEvents() {
        return unique.values();
    }
}
