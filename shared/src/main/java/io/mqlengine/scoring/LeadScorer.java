package io.mqlengine.scoring;

import io.mqlengine.model.EventType;
import io.mqlengine.model.Grade;
import io.mqlengine.model.TrackingEvent;
import io.mqlengine.model.Traits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scores events: applies a batch of events to a lead (points, caps, grade, disqualifiers, qualification), and
 * hands the sweep's review of a lead to its {@link ReviewSchedule}. Stage moves go through the
 * {@link StageMachine}. Pure: no I/O, no clock; the caller passes {@code now}.
 *
 * <p>Events are applied in (timestamp, eventId) order, so the order inside a batch never changes the
 * result; an event whose id the lead has already applied changes nothing. Scoring only moves a
 * stage forward (to MQL, or to DISQUALIFIED), never back: only the sweep recycles or archives.
 *
 * <p>Traits come from {@code identify} calls (with or without an email) and {@code group} calls (company,
 * company size and industry only), on whichever lead the event resolved to, anonymous or lead; they feed the
 * grade of both, and a fit disqualifier of a lead. An {@code alias} call is identity only: it is never applied as
 * an event (no points, no dedupe slot, no activity); the links it makes are the caller's merges.
 */
public final class LeadScorer {
    private static final Comparator<TrackingEvent> ORDER =
            Comparator.comparing(TrackingEvent::timestamp).thenComparing(TrackingEvent::eventId);

    /**
     * New events one write applies at most: the lead remembers the ids of its last {@link RecentIds#CAPACITY}
     * events, so a batch redelivered after a crash finds every applied id there. Later events of the batch are
     * deferred: their messages are retried.
     */
    public static final int MAX_NEW_EVENTS = RecentIds.CAPACITY;

    private final ScoringModel model;
    private final FitGrader grader;
    private final StageMachine stages;
    private final ReviewSchedule schedule;

    public LeadScorer(ScoringModel model) {
        this.model = model;
        this.grader = new FitGrader(model);
        this.stages = new StageMachine();
        this.schedule = new ReviewSchedule(model, stages);
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
            b.grade = grader.grade(b.traits).grade(); // a retuned model regrades on the lead's next write
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
                    // the alias merged another lead into this lead: its combined history may qualify it now
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
        b.reviewAt = ReviewSchedule.earliest(original.reviewAt(), schedule.nextReview(b.build(), now));
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
        stages.reactivate(b, now, transitions);
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
                stages.disqualify(b, d.id(), now, transitions);
            }
        }
        boolean qualifiedNow = stages.isQualified(b.stage);
        for (ScoringModel.FastTrack ft : model.mql().fastTrack()) {
            if (ft.when().matches(e, returning) && !qualifiedNow) {
                b.handRaise = LeadState.HandRaise.latest(b.handRaise, new LeadState.HandRaise(ft.id(), e.timestamp()));
            }
        }
        qualifyAt(b, evaluatedAt, now, transitions);
    }

    /** Moves a lead that qualifies at {@code at} to MQL, written at {@code now}. */
    private void qualifyAt(LeadState.Builder b, Instant at, Instant now, List<Transition> transitions) {
        if (stages.canQualify(b)) {
            String by = qualifyingRule(b, at);
            if (by != null) {
                stages.qualify(b, by, now, transitions);
            }
        }
    }

    /** Grades the lead's traits; a lead whose traits meet a fit disqualifier is disqualified. */
    private void regrade(LeadState.Builder b, Instant now, List<Transition> transitions) {
        b.grade = grader.grade(b.traits).grade();
        ScoringModel.Disqualifier d = b.anonymous ? null : grader.disqualifier(b.traits);
        if (d != null) {
            stages.disqualify(b, d.id(), now, transitions);
        }
    }

    /** What a group call may tell: the company's name, size and industry, nothing about the person. */
    private static Traits companyTraits(Traits t) {
        return new Traits(null, null, null, null, t.company(), t.companySize(), t.industry(), null);
    }

    /**
     * The fast-track rule id, or "score", when the lead qualifies at {@code at}; otherwise null. A hand-raise
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

    /** The sweep's look at a lead at {@code now}; see {@link ReviewSchedule#review}. */
    public Outcome review(LeadState state, Instant now) {
        return schedule.review(state, now);
    }

    /** When the lead next needs the sweep; see {@link ReviewSchedule#nextReview}. */
    public Instant nextReview(LeadState s, Instant now) {
        return schedule.nextReview(s, now);
    }

    /** Review times are kept in whole seconds; see {@link ReviewSchedule#wholeSecond}. */
    public static Instant wholeSecond(Instant t) {
        return ReviewSchedule.wholeSecond(t);
    }

    /** Grade from traits, exposed for explanations. */
    public Grade gradeOf(Traits traits) {
        return grader.grade(traits).grade();
    }
}
