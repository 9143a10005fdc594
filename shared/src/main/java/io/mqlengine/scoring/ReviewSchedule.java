package io.mqlengine.scoring;

import io.mqlengine.model.Stage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The sweep's side of the lead: when a lead next needs a look, and what that look does (recycle a decayed MQL,
 * archive a silent lead, re-announce a stuck handoff). Pure: no I/O, no clock; the caller passes {@code now}.
 */
public final class ReviewSchedule {
    private final ScoringModel model;
    private final StageMachine stages;

    public ReviewSchedule(ScoringModel model, StageMachine stages) {
        this.model = model;
        this.stages = stages;
    }

    /**
     * The sweep's look at a lead at {@code now}: recycles an MQL that was handed off, whose hold has passed
     * and whose score fell below the recycle threshold, marks an MQL not accepted by its SLA's due time, archives a lead silent past the stale horizon, asks to re-emit a
     * qualification not handed off within the retry delay, and sets the exact next review time.
     */
    public Outcome review(LeadState state, Instant now) {
        LeadState.Builder b = state.toBuilder();
        List<Transition> transitions = new ArrayList<>();
        if (b.stage == Stage.MQL && !state.handoffPending() && b.qualifiedAt != null
                && !now.isBefore(b.qualifiedAt.plus(model.mql().holdFor()))
                && b.score.valueAt(now) < model.recycleThreshold()) {
            stages.recycle(b, "score-decayed", now, transitions);
        }
        // an MQL sales have not accepted by its SLA's due time misses it, once per qualification
        boolean missed = b.stage == Stage.MQL && b.slaMissedAt == null && b.qualifiedAt != null
                && !now.isBefore(model.slaDue(b.qualifiedAt, b.qualifiedBy));
        if (missed) {
            b.slaMissedAt = model.slaDue(b.qualifiedAt, b.qualifiedBy);
        }
        if ((b.stage == Stage.LEAD || b.stage == Stage.RECYCLED || b.stage == Stage.ANONYMOUS)
                && b.lastSeen != null && !now.isBefore(b.lastSeen.plus(model.staleAfter()))) {
            stages.archive(b, "stale", now, transitions);
        }
        // re-announce a stuck handoff when its retry time (the review time) has come, not at every look
        boolean reemit = b.build().handoffPending()
                && (b.qualifiedAt == null || !now.isBefore(b.qualifiedAt.plus(model.handoffRetryAfter())))
                && (state.reviewAt() == null || !now.isBefore(state.reviewAt()));
        b.score = b.score.trimmed(now);
        Instant next = nextReview(b.build(), now);
        if (reemit) {
            next = earliest(next, wholeSecond(now.plus(model.handoffRetryAfter())));
        }
        b.reviewAt = next;
        boolean changed = !transitions.isEmpty() || reemit || missed || !Objects.equals(next, state.reviewAt())
                || !b.score.eras().equals(state.score().eras());
        if (!changed) {
            return new Outcome(state, LeadChange.between(state, state, Map.of(), false, List.of()), List.of(),
                    state.reviewAt(), false, List.of(), 0);
        }
        b.version = state.version() + 1;
        LeadState reviewed = b.build();
        return new Outcome(reviewed, LeadChange.between(state, reviewed, Map.of(), false, List.of()),
                List.copyOf(transitions), next, reemit, List.of(), 0);
    }

    /**
     * When the lead next needs the sweep, strictly after {@code now} where possible: an MQL at the
     * earliest of its hand-off retry, its recycle time (not before its hold ends) and its accept SLA's due time; a lead, recycled or
     * anonymous lead at its stale horizon; other stages never.
     */
    public Instant nextReview(LeadState s, Instant now) {
        Instant next = stageReview(s, now);
        if (s.stage() == Stage.MQL && s.slaMissedAt() == null && s.qualifiedAt() != null) {
            Instant due = model.slaDue(s.qualifiedAt(), s.qualifiedBy());
            next = earliest(next, due.isAfter(now) ? due : now);
        }
        return wholeSecond(next);
    }

    private Instant stageReview(LeadState s, Instant now) {
        return switch (s.stage()) {
            case MQL -> {
                Instant qualified = s.qualifiedAt() == null ? now : s.qualifiedAt();
                if (s.handoffPending()) {
                    // nothing else can happen to it until it is handed off: recycling waits for the handoff
                    Instant first = qualified.plus(model.handoffRetryAfter());
                    if (first.isAfter(now)) {
                        yield first;
                    }
                    yield s.reviewAt() != null && s.reviewAt().isAfter(now) ? s.reviewAt()
                            : now.plus(model.handoffRetryAfter());
                }
                Instant holdEnds = qualified.plus(model.mql().holdFor());
                yield s.score().fallsBelow(model.recycleThreshold(), holdEnds).orElse(null);
            }
            case LEAD, RECYCLED, ANONYMOUS -> s.lastSeen() == null ? null : s.lastSeen().plus(model.staleAfter());
            default -> null;
        };
    }

    /** Review times are kept in whole seconds (the review index's unit), rounded up so none is early. */
    public static Instant wholeSecond(Instant t) {
        if (t == null || t.getNano() == 0) {
            return t;
        }
        return Instant.ofEpochSecond(t.getEpochSecond() + 1);
    }

    /** The earlier of two review times, either of which may be null (none). */
    static Instant earliest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.isBefore(b) ? a : b;
    }
}
