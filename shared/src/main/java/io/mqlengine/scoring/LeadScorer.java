package io.mqlengine.scoring;

import io.mqlengine.model.EventType;
import io.mqlengine.model.Grade;
import io.mqlengine.model.TrackingEvent;
import io.mqlengine.model.Traits;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores events: applies a batch of events to a lead (points, caps, grade, disqualifiers, qualification), and
 * hands the sweep's review of a lead to its {@link ReviewSchedule}. Stage moves go through the
 * {@link StageMachine}. Pure: no I/O, no clock; the caller passes {@code now}.
 *
 * <p>Events are applied in (timestamp, eventId) order, so the order inside a batch never changes the
 * result; an event whose id the lead has applied within the dedupe horizon changes nothing ({@link SeenIds}).
 * A lead's events beyond the model's daily limit are not scored, and a burst of email link clicks scores
 * nothing ({@link ClickBursts}); either flags the lead as a bot. Scoring only moves a
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

    /** The events queue's message retention, as template.yaml sets it. */
    public static final Duration EVENTS_QUEUE_RETENTION = Duration.ofDays(4);

    /**
     * How long a lead remembers the id of an event it applied, by default: {@code MaxEventAge} (7 days, the oldest
     * event timestamp ingest accepts) plus the events queue's retention (4 days: a retry accepted on the horizon's
     * last day may wait that long to be scored) plus a day for clock skew.
     */
    public static final Duration DEFAULT_DEDUPE_HORIZON = dedupeHorizon(Duration.ofDays(7));

    private final ScoringModel model;
    private final FitGrader grader;
    private final StageMachine stages;
    private final ReviewSchedule schedule;
    private final ClickBursts bursts;
    private final int horizonDays;

    /** Remembers event ids for {@link #DEFAULT_DEDUPE_HORIZON}. */
    public LeadScorer(ScoringModel model) {
        this(model, DEFAULT_DEDUPE_HORIZON);
    }

    /** Remembers event ids for {@code dedupeHorizon} (see {@link #dedupeHorizon}). */
    public LeadScorer(ScoringModel model, Duration dedupeHorizon) {
        this.model = model;
        this.grader = new FitGrader(model);
        this.stages = new StageMachine();
        this.schedule = new ReviewSchedule(model, stages);
        this.bursts = new ClickBursts(model);
        this.horizonDays = (int) Math.ceil(dedupeHorizon.toSeconds() / 86_400.0);
    }

    /** How long event ids are remembered when ingest accepts events up to {@code maxEventAge} old. */
    public static Duration dedupeHorizon(Duration maxEventAge) {
        return maxEventAge.plus(EVENTS_QUEUE_RETENTION).plusDays(1);
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
        if (!working.seen().unloadedDays().isEmpty()) {
            throw new IllegalStateException("the lead's overflow of event ids must be read before scoring: days "
                    + working.seen().unloadedDays());
        }
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
        int throttled = 0;
        int today = SeenIds.day(now);
        SeenIds earlier = b.seen.prunedBefore(today - horizonDays);
        SeenIds.Adding seen = earlier.adding(today);
        for (TrackingEvent e : sorted) {
            if (e.type() == EventType.ALIAS) {
                if (merged && !b.anonymous) {
                    // the alias merged another lead into this lead: its combined history may qualify it now
                    Instant at = b.lastSeen != null && b.lastSeen.isAfter(e.timestamp()) ? b.lastSeen : e.timestamp();
                    qualifyAt(b, at, now, transitions);
                }
                continue;
            }
            long fp = SeenIds.fingerprint(e.eventId());
            if (seen.contains(fp)) {
                continue;
            }
            if (seen.applied() >= model.bots().maxEventsPerDay()) {
                // not scored nor remembered: the same event comes back to the same answer, at no cost
                throttled++;
                flagBot(b, LeadState.Bot.EVENT_RATE, now);
                continue;
            }
            applied.add(e.eventId());
            seen.add(fp);
            if (bursts.watches(e)) {
                if (bursts.burst(b, e.timestamp(), added)) {
                    flagBot(b, LeadState.Bot.CLICK_BURST, now);
                    continue;
                }
                Map<String, Double> scored = new HashMap<>();
                applyOne(b, e, now, added, transitions, scored);
                bursts.remember(b, e.timestamp(), scored);
            } else {
                applyOne(b, e, now, added, transitions, null);
            }
        }
        b.seen = seen.done();
        boolean flagged = b.bot != null && working.bot() == null;
        if (applied.isEmpty() && !flagged && !rebased && working.equals(original)) {
            return new Outcome(original, LeadChange.between(original, original, Map.of(), false, List.of()),
                    List.of(), original.reviewAt(), false, List.of(), throttled);
        }
        b.seen = b.seen.spilledBeyondLimit(earlier);
        b.score = b.score.trimmed(now);
        b.modelVersion = model.version();
        if (original.isNew() && b.createdAt == null) {
            b.createdAt = now; // the write that creates the item: a known lead's is the funnel's new lead
        }
        b.version = original.version() + 1;
        LeadState built = b.build();
        LeadState next = built.withReviewAt(ReviewSchedule.earliest(original.reviewAt(), schedule.nextReview(built, now)));
        return new Outcome(next, LeadChange.between(original, next, added, rebased, applied),
                List.copyOf(transitions), next.reviewAt(), false, List.copyOf(applied), throttled);
    }

    /** Flags the lead as a bot, once: the first reason and time stay. */
    private static void flagBot(LeadState.Builder b, String reason, Instant now) {
        if (b.bot == null) {
            b.bot = new LeadState.Bot(reason, now);
        }
    }

    /** Applies one event; the points each rule gave are added to {@code scored} when it is not null. */
    private void applyOne(LeadState.Builder b, TrackingEvent e, Instant now, Map<Long, Double> increments,
                          List<Transition> transitions, Map<String, Double> scored) {
        Instant previous = b.lastSeen;
        boolean returning = previous != null && !e.timestamp().isBefore(previous.plus(model.sessionTimeout()));
        Instant evaluatedAt = previous != null && previous.isAfter(e.timestamp()) ? previous : e.timestamp();
        b.firstSeen = b.firstSeen == null || e.timestamp().isBefore(b.firstSeen) ? e.timestamp() : b.firstSeen;
        b.lastSeen = evaluatedAt;
        Touch touch = Touch.of(e);
        b.firstTouch = Touch.first(b.firstTouch, touch);
        b.lastTouch = Touch.last(b.lastTouch, touch);
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
            if (scored != null) {
                scored.merge(rule.id(), rule.points(), Double::sum);
            }
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
