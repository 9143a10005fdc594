package io.mqlengine.queue;

import java.util.List;

/** The events queue between the API and the scorer. */
public interface EventQueue {

    /**
     * Enqueues every envelope, retrying entries that fail; returns the indexes (into {@code envelopes}) that
     * could still not be enqueued.
     */
    List<Integer> sendAll(List<EventEnvelope> envelopes);
}
