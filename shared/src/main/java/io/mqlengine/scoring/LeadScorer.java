package io.mqlengine.scoring;

import io.mqlengine.model.EventType;
import io.mqlengine.model.Grade;
import io.mqlengine.model.Stage;
import io.mqlengine.model.TrackingEvent;
import io.mqlengine.model.Traits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The lead aggregate's rules: applying a batch of events to a profile, and the sweep's review of a
 * profile at a moment. Pure: no I/O, no clock; the caller passes {@code now}.
 *
 * <p>Events are applied in (timestamp, eventId) order, so the order inside a batch never changes the
 * result; an event whose id the profile has already applied changes nothing. Scoring only moves a
 * stage forward (to MQL, or to DISQUALIFIED), never back: only the sweep recycles or archives.
 *
 * <p>Traits come from {@code identify} calls (with or without an email) and {@code group} calls (company,
 * company size and industry only), on whichever profile the event resolved to, anonymous or lead; they feed the
 * grade of both, and a fit disqualifier of a lead. An {@code alias} call is identity only: it is never applied as
 * an event (no points, no dedupe slot, no activity); the links it makes are the caller's merges.
 */
public final class LeadScorer {
    private static final Comparator<TrackingEvent> ORDER =
            Comparator.comparing(TrackingEvent::timestamp).thenComparing(TrackingEvent::eventId);

    /**
     * New events one write applies at most: the profile remembers the ids of its last {@link RecentIds#CAPACITY}
     * events, so a batch redelivered after a crash finds every applied id there. Later events of the batch are
     * deferred: their messages are retried.
     */
    public static final int MAX_NEW_EVENTS = RecentIds.CAPACITY;

    private final ScoringModel model;
    private final FitGrader grader;

    public LeadScorer(ScoringModel model) {
        this.model = model;
        this.grader = new FitGrader(model);
    }

    public ScoringModel model() {
        return model;
    }

    public FitGrader grader() {
        return grader;
    }

    /** Applies {@code events} to {@code state} at processing time {@code now}. */
    public Outcome apply(LeadState state, List<TrackingEvent> events, Instant now) {
        return applyAfter(state, state, Map.of(), false, events, now);
    }

    /**
     * Applies {@code events} to {@code working}, a state already derived from the stored {@code original}
     * (by a merge) with score {@code increments}; the change returned is relative to {@code original}.
     * {@code rebased} says the working score's eras replace the stored ones instead of adding to them.
     */
    public Outcome applyAfter(LeadState original, LeadState working, Map<Long, Double> increments, boolean rebased,
                              List<TrackingEvent> events, Instant now) {
        LeadState.Builder b = working.toBuilder();
        if (!b.score.halfLife().equals(model.halfLife())) {
            b.score = b.score.rebased(model.halfLife(), now);
            rebased = true;
        }
        List<Transition> transitions = new ArrayList<>();
        boolean graded = !b.anonymous || !b.traits.equals(Traits.NONE);
        if (!working.traits().equals(original.traits())) {
            regrade(b, now, transitions); // a merge carried traits the lead did not have
        } else if (graded && !model.version().equals(b.modelVersion)) {
            b.grade = grader.grade(b.traits).grade(); // a retuned model regrades on the profile's next write
        }
        boolean merged = !working.equals(original);
        List<TrackingEvent> sorted = new ArrayList<>(events);
        sorted.sort(ORDER);
        Map<Long, Double> added = new HashMap<>(increments);
        List<String> applied = new ArrayList<>();
        List<String> deferred = new ArrayList<>();
        Set<String> inBatch = new HashSet<>();
        for (TrackingEvent e : sorted) {
            if (e.type() == EventType.ALIAS) {
                if (merged && !b.anonymous) {
                    // the alias merged another profile into this lead: its combined history may qualify it now
                    Instant at = b.lastSeen != null && b.lastSeen.isAfter(e.timestamp()) ? b.lastSeen : e.timestamp();
                    qualifyAt(b, at, now, transitions);
                }
                continue;
            }
            if (!inBatch.add(e.eventId()) || b.recentIds.contains(e.eventId())) {
                continue;
            }
            if (applied.size() == MAX_NEW_EVENTS) {
                deferred.add(e.eventId());
                continue;
            }
            applied.add(e.eventId());
            b.recentIds = b.recentIds.with(e.eventId());
            applyOne(b, e, now, added, transitions);
        }
        if (applied.isEmpty() && !rebased && working.equals(original)) {
            return new Outcome(original, LeadChange.between(original, original, Map.of(), false, List.of()),
                    List.of(), original.reviewAt(), false, List.of(), List.of());
        }
        b.score = b.score.trimmed(now);
        b.modelVersion = model.version();
        b.version = original.version() + 1;
        b.reviewAt = earliest(original.reviewAt(), nextReview(b.build(), now));
        LeadState next = b.build();
        return new Outcome(next, LeadChange.between(original, next, added, rebased, applied),
                List.copyOf(transitions), next.reviewAt(), false, List.copyOf(applied), List.copyOf(deferred));
    }

    private void applyOne(LeadState.Builder b, TrackingEvent e, Instant now, Map<Long, Double> increments,
                          List<Transition> transitions) {
        Instant previous = b.lastSeen;
        boolean returning = previous != null && !e.timestamp().isBefore(previous.plus(model.sessionTimeout()));
        Instant evaluatedAt = previous != null && previous.isAfter(e.timestamp()) ? previous : e.timestamp();
        b.firstSeen = b.firstSeen == null || e.timestamp().isBefore(b.firstSeen) ? e.timestamp() : b.firstSeen;
        b.lastSeen = evaluatedAt;
        if (b.stage == Stage.ARCHIVED) {
            move(b, b.anonymous ? Stage.ANONYMOUS : Stage.LEAD, now, "returned after archive", transitions);
        }
        Traits told = switch (e.type()) {
            case IDENTIFY -> e.traits();
            case GROUP -> companyTraits(e.traits());
            default -> null;
        };
        if (told != null) {
            b.traits = b.traits.overlay(told);
            regrade(b, now, transitions);
        }
        for (ScoringModel.BehaviourRule rule : model.behaviour()) {
            if (!rule.when().matches(e, returning)) {
                continue;
            }
            if (!(rule.cap() instanceof Cap.Unlimited)) {
                CapWindow window = CapWindow.admit(rule.cap(), b.caps.get(rule.id()), e.timestamp());
                if (window == null) {
                    continue;
                }
                b.caps.put(rule.id(), window);
            }
            DecayedScore.Increment inc = b.score.increment(rule.points(), e.timestamp());
            b.score = b.score.plus(inc);
            increments.merge(inc.era(), inc.amount(), Double::sum);
            Contribution c = b.contributions.get(rule.id());
            b.contributions.put(rule.id(), c == null ? new Contribution(rule.points(), 1, e.timestamp())
                    : c.plus(rule.points(), e.timestamp(), model.halfLife()));
        }
        for (ScoringModel.Disqualifier d : model.disqualifiers()) {
            if (d.when() != null && d.when().matches(e, returning)) {
                disqualify(b, d, now, transitions);
            }
        }
        boolean qualifiedNow = b.stage == Stage.MQL || b.stage == Stage.SAL || b.stage == Stage.SQL;
        for (ScoringModel.FastTrack ft : model.mql().fastTrack()) {
            if (ft.when().matches(e, returning) && !qualifiedNow) {
                b.handRaise = LeadState.HandRaise.latest(b.handRaise, new LeadState.HandRaise(ft.id(), e.timestamp()));
            }
        }
        qualifyAt(b, evaluatedAt, now, transitions);
    }

    /** Moves a lead that qualifies at {@code at} to MQL, written at {@code now}. */
    private void qualifyAt(LeadState.Builder b, Instant at, Instant now, List<Transition> transitions) {
        if (b.stage.canQualify() && !b.anonymous) {
            String by = qualifyingRule(b, at);
            if (by != null) {
                move(b, Stage.MQL, now, by, transitions);
                b.qualifications++;
                b.qualifiedAt = now;
                b.qualifiedBy = by;
                b.handRaise = null; // used: a hand-raise qualifies once
            }
        }
    }

    /** Grades the profile's traits; a lead whose traits meet a fit disqualifier is disqualified. */
    private void regrade(LeadState.Builder b, Instant now, List<Transition> transitions) {
        b.grade = grader.grade(b.traits).grade();
        ScoringModel.Disqualifier d = b.anonymous ? null : grader.disqualifier(b.traits);
        if (d != null) {
            disqualify(b, d, now, transitions);
        }
    }

    /** What a group call may tell: the company's name, size and industry, nothing about the person. */
    private static Traits companyTraits(Traits t) {
        return new Traits(null, null, null, null, t.company(), t.companySize(), t.industry(), null);
    }

    /**
     * The fast-track rule id, or "score", when the profile qualifies at {@code at}; otherwise null. A hand-raise
     * counts when the grade is good enough now and the hand was raised no longer than the rule's window ago,
     * so a demo request that arrives before the identify (or in another batch) still fast-tracks. Qualifying
     * uses the hand-raise up, and one made while the lead is already qualified is not kept.
     */
    private String qualifyingRule(LeadState.Builder b, Instant at) {
        LeadState.HandRaise h = b.handRaise;
        for (ScoringModel.FastTrack ft : model.mql().fastTrack()) {
            if (h != null && h.rule().equals(ft.id()) && b.grade.atLeast(ft.minGrade())
                    && !at.isAfter(h.at().plus(ft.within()))) {
                return ft.id();
            }
        }
        if (b.grade.atLeast(model.mql().minGrade()) && b.score.valueAt(at) >= model.mql().threshold()) {
            return "score";
        }
        return null;
    }

    private static void disqualify(LeadState.Builder b, ScoringModel.Disqualifier d, Instant now,
                                   List<Transition> transitions) {
        if (b.stage.isMarketingOwned() && b.stage.canMoveTo(Stage.DISQUALIFIED)) {
            move(b, Stage.DISQUALIFIED, now, d.id(), transitions);
            b.disqualifiedBy = d.id();
        }
    }

    private static void move(LeadState.Builder b, Stage to, Instant at, String reason, List<Transition> transitions) {
        Stage from = b.stage;
        b.stage(from.transitionTo(to), at);
        transitions.add(new Transition(from, to, at, reason));
    }

    /**
     * The sweep's look at a profile at {@code now}: recycles an MQL that was handed off, whose hold has passed
     * and whose score fell below the recycle threshold, archives a profile silent past the stale horizon, asks to re-emit a
     * qualification not handed off within the retry delay, and sets the exact next review time.
     */
    public Outcome review(LeadState state, Instant now) {
        LeadState.Builder b = state.toBuilder();
        List<Transition> transitions = new ArrayList<>();
        if (b.stage == Stage.MQL && !state.handoffPending() && b.qualifiedAt != null
                && !now.isBefore(b.qualifiedAt.plus(model.mql().holdFor()))
                && b.score.valueAt(now) < model.recycleThreshold()) {
            move(b, Stage.RECYCLED, now, "score-decayed", transitions);
        }
        if ((b.stage == Stage.LEAD || b.stage == Stage.RECYCLED || b.stage == Stage.ANONYMOUS)
                && b.lastSeen != null && !now.isBefore(b.lastSeen.plus(model.staleAfter()))) {
            move(b, Stage.ARCHIVED, now, "stale", transitions);
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
        boolean changed = !transitions.isEmpty() || reemit || !Objects.equals(next, state.reviewAt())
                || !b.score.eras().equals(state.score().eras());
        if (!changed) {
            return new Outcome(state, LeadChange.between(state, state, Map.of(), false, List.of()), List.of(),
                    state.reviewAt(), false, List.of(), List.of());
        }
        b.version = state.version() + 1;
        LeadState next2 = b.build();
        return new Outcome(next2, LeadChange.between(state, next2, Map.of(), false, List.of()),
                List.copyOf(transitions), next, reemit, List.of(), List.of());
    }

    /**
     * When the profile next needs the sweep, strictly after {@code now} where possible: an MQL at the
     * earlier of its hand-off retry and its recycle time (not before its hold ends); a lead, recycled or
     * anonymous profile at its stale horizon; other stages never.
     */
    public Instant nextReview(LeadState s, Instant now) {
        Instant next = switch (s.stage()) {
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
        return wholeSecond(next);
    }

    /** Review times are kept in whole seconds (the review index's unit), rounded up so none is early. */
    public static Instant wholeSecond(Instant t) {
        if (t == null || t.getNano() == 0) {
            return t;
        }
        return Instant.ofEpochSecond(t.getEpochSecond() + 1);
    }

    static Instant earliest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.isBefore(b) ? a : b;
    }

    /** Grade from traits, exposed for explanations. */
    public Grade gradeOf(Traits traits) {
        return grader.grade(traits).grade();
    }
}
