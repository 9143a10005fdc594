package io.mqlengine.scoring;

import io.mqlengine.model.Stage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a new model version does to a live lead, given the lead as the archive's events replayed under the new model:
 * the score, per-rule contributions, cap windows and fit grade become the replay's; stage, handoffs, outcomes, history,
 * traits and the ids of the events applied stay the live lead's. A lead still at {@link Stage#LEAD} that qualified in
 * the replay (and is not disqualified there) qualifies now, its cause {@link #CAUSE}; any other stage keeps its place,
 * so a lead handed off before is never handed off again for the same qualification. Pure: the caller writes the
 * outcome conditionally on the live version.
 */
public final class ModelChange {
    /** The qualification cause, in the lead's history and its handoff message's {@code qualifiedBy}. */
    public static final String CAUSE = "model-change";

    private final ScoringModel model;
    private final LeadScorer scorer;
    private final StageMachine stages = new StageMachine();

    public ModelChange(ScoringModel model, LeadScorer scorer) {
        this.model = model;
        this.scorer = scorer;
    }

    /** The outcome to write on {@code live}, or null when the new model changes nothing on it. */
    public Outcome apply(LeadState live, LeadState replayed, Instant now) {
        LeadState.Builder b = live.toBuilder();
        b.score = replayed.score();
        b.contributions = new java.util.HashMap<>(replayed.contributions());
        b.caps = new java.util.HashMap<>(replayed.caps());
        b.grade = replayed.grade();
        b.modelVersion = model.version();
        List<Transition> transitions = new ArrayList<>();
        if (qualifies(live, replayed, now)) {
            stages.qualify(b, CAUSE, now, transitions);
        }
        LeadState merged = b.build();
        if (transitions.isEmpty() && sameScoring(live, merged)) {
            return null;
        }
        b.reviewAt = ReviewSchedule.earliest(null, scorer.nextReview(merged, now));
        b.version = live.version() + 1;
        LeadState after = b.build();
        LeadChange change = LeadChange.between(live, after, Map.of(), true, List.of());
        return new Outcome(after, change, List.copyOf(transitions), after.reviewAt(), false, List.of(), 0);
    }

    /**
     * A known lead at LEAD whose replay under the new model made it an MQL that is still qualified there: by a fast
     * track, or by a score that is still over the threshold now (the replay runs no sweep, which would have recycled
     * a qualification whose score decayed).
     */
    private boolean qualifies(LeadState live, LeadState replayed, Instant now) {
        return !live.anonymous() && live.stage() == Stage.LEAD && replayed.qualifications() > 0
                && stages.isQualified(replayed.stage())
                && (!"score".equals(replayed.qualifiedBy()) || replayed.scoreAt(now) >= model.mql().threshold());
    }

    private static boolean sameScoring(LeadState a, LeadState b) {
        return a.score().equals(b.score()) && a.contributions().equals(b.contributions()) && a.caps().equals(b.caps())
                && a.grade() == b.grade() && Objects.equals(a.modelVersion(), b.modelVersion());
    }
}
