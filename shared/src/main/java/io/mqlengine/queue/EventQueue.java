package io.mqlengine.queue;

import java.util.List;
import java.util.Map;

/** The events queue between the API and the scorer. */
public interface EventQueue {

    /**
     * Enqueues every event of the envelope (packed into as few messages as the queue allows), retrying what
     * failed for a transient reason while a short time budget lasts.
     */
    SendResult send(EventEnvelope envelope);

    /**
     * What could not be enqueued, by index into the envelope's events. {@code unavailable}: still failing for a
     * transient reason when the budget ran out (sending them again later may succeed). {@code refused}: the
     * queue refused them for a reason of the sender's (their content), with the queue's code and message;
     * sending them again cannot succeed.
     */
    record SendResult(List<Integer> unavailable, Map<Integer, String> refused) {
        public SendResult {
            unavailable = List.copyOf(unavailable);
            refused = Map.copyOf(refused);
        }

        public boolean allSent() {
            return unavailable.isEmpty() && refused.isEmpty();
        }
    }
}
