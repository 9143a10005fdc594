package io.mqlengine.queue;

/** Where qualified leads go to sales. Sending the same handoff id twice must not duplicate it downstream. */
public interface HandoffQueue {

    /** Sends {@code message}; {@code dedupeId} is the handoff id, {@code groupId} the lead id. */
    void send(String dedupeId, String groupId, String message);
}
