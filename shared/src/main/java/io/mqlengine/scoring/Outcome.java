package io.mqlengine.scoring;

import io.mqlengine.model.Stage;
import java.time.Instant;
import java.util.List;

/**
 * The result of applying events (or a sweep review) to a lead: the new state, the change to write,
 * the stage transitions in order, and when the lead next needs the sweep. {@code reemitHandoff}
 * asks the store to re-announce a qualification that was written but never handed off; {@code throttled} counts
 * the new events not scored because the lead passed the model's daily limit.
 */
public record Outcome(LeadState state, LeadChange change, List<Transition> transitions, Instant reviewAt,
                      boolean reemitHandoff, List<String> appliedEventIds, int throttled) {

    /** True when nothing needs writing. */
    public boolean unchanged() {
        return state.version() == change.expectedVersion();
    }

    /** True when this outcome made the lead an MQL. */
    public boolean qualified() {
        return transitions.stream().anyMatch(t -> t.to() == Stage.MQL);
    }
}
