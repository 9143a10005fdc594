package io.mqlengine.service;

import io.mqlengine.queue.HandoffQueue;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.scoring.ScoringModel;
import io.mqlengine.store.LeadStore;
import io.mqlengine.store.LeadKey;
import java.time.Clock;

/**
 * Hands a written qualification to sales: sends the handoff message (deduplicated by handoff id), then
 * records it on the lead. A crash between the two re-sends the same message with the same id.
 */
public final class HandoffService {
    private final LeadStore store;
    private final HandoffQueue queue;
    private final ScoringModel model;
    private final Clock clock;

    public HandoffService(LeadStore store, HandoffQueue queue, ScoringModel model, Clock clock) {
        this.store = store;
        this.queue = queue;
        this.model = model;
        this.clock = clock;
    }

    /** What happened to one stream image. */
    public enum Result { SENT, ALREADY_HANDED_OFF, NOT_PENDING }

    /**
     * Hands off {@code image}, the lead as a stream record shows it, when it carries a pending qualification
     * that the table still shows pending: an old record replayed after the handoff, or a lead disqualified
     * since it qualified, sends nothing.
     */
    public Result handOff(LeadState image) {
        if (image.anonymous() || !image.handoffPending()) {
            return Result.NOT_PENDING;
        }
        LeadState current = store.get(LeadKey.lead(image.id()));
        if (current == null || !current.handoffPending() || current.qualifications() != image.qualifications()) {
            return current != null && current.handedOff() >= image.qualifications() ? Result.ALREADY_HANDED_OFF
                    : Result.NOT_PENDING;
        }
        String id = HandoffMessage.handoffId(image.id(), image.qualifications());
        queue.send(id, image.id(), HandoffMessage.build(image, model).toString());
        store.markHandedOff(image.id(), image.qualifications(), clock.instant());
        return Result.SENT;
    }
}
