package io.mqlengine.scoring;

import io.mqlengine.model.Stage;
import java.time.Instant;
import java.util.List;

/**
 * The lead's stage moves and what each one records on the lead. Every move goes through one place, which refuses a
 * transition {@link Stage} does not allow and appends a {@link Transition} with its reason; the callers decide
 * when to move: the {@link LeadScorer} on events, the {@link ReviewSchedule} on time, and {@link SalesOutcomes} on
 * sales' verdicts. Every move is also kept in the lead's history (the latest {@link LeadState#HISTORY_KEPT}).
 * It works on a {@link LeadState.Builder} so that a batch's moves happen on one copy and are written together.
 */
public final class StageMachine {

    /** Stages in which the lead has qualified and is with sales or on its way to them. */
    public boolean isQualified(Stage s) {
        return s == Stage.MQL || s == Stage.SAL || s == Stage.SQL;
    }

    /** True when new activity may make this lead an MQL: a known lead in a stage that can qualify. */
    public boolean canQualify(LeadState.Builder b) {
        return b.stage.canQualify() && !b.anonymous;
    }

    /** Makes the lead an MQL at {@code now} because of rule {@code by}; a hand-raise it held is used up. */
    public void qualify(LeadState.Builder b, String by, Instant now, List<Transition> out) {
        move(b, Stage.MQL, now, by, out);
        b.qualifications++;
        b.qualifiedAt = now;
        b.qualifiedBy = by;
        b.slaMissedAt = null; // the accept SLA runs anew for each qualification
        b.handRaise = null; // used: a hand-raise qualifies once
    }

    /** Disqualifies the lead by rule {@code ruleId}, unless sales own it or it is disqualified already. */
    public void disqualify(LeadState.Builder b, String ruleId, Instant now, List<Transition> out) {
        if (b.stage.isMarketingOwned() && b.stage.canMoveTo(Stage.DISQUALIFIED)) {
            move(b, Stage.DISQUALIFIED, now, ruleId, out);
            b.disqualifiedBy = ruleId;
        }
    }

    /** An archived lead that shows activity again returns to LEAD, or ANONYMOUS; other stages stay. */
    public void reactivate(LeadState.Builder b, Instant now, List<Transition> out) {
        if (b.stage == Stage.ARCHIVED) {
            move(b, b.anonymous ? Stage.ANONYMOUS : Stage.LEAD, now, "returned after archive", out);
        }
    }

    /** Gives the lead back to marketing, for {@code reason}. */
    public void recycle(LeadState.Builder b, String reason, Instant now, List<Transition> out) {
        move(b, Stage.RECYCLED, now, reason, out);
    }

    /** Puts a silent lead away, for {@code reason}. */
    public void archive(LeadState.Builder b, String reason, Instant now, List<Transition> out) {
        move(b, Stage.ARCHIVED, now, reason, out);
    }

    private static void move(LeadState.Builder b, Stage to, Instant at, String reason, List<Transition> out) {
        move(b, to, at, reason, null, out);
    }

    /** Moves the lead to {@code to} at {@code at} for {@code cause}, with an optional {@code note}. */
    static void move(LeadState.Builder b, Stage to, Instant at, String cause, String note, List<Transition> out) {
        Stage from = b.stage;
        b.stage(from.transitionTo(to), at);
        Transition t = new Transition(from, to, at, cause, note);
        out.add(t);
        b.history.add(t);
        if (b.history.size() > LeadState.HISTORY_KEPT) {
            b.history.subList(0, b.history.size() - LeadState.HISTORY_KEPT).clear();
        }
    }
}
