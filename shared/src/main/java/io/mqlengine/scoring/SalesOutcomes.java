package io.mqlengine.scoring;

import io.mqlengine.model.SalesOutcome;
import io.mqlengine.model.Stage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies sales' outcomes to a lead: each moves the stage as the funnel allows (accepted: MQL to SAL; rejected: MQL or
 * SAL to RECYCLED; sql: SAL to SQL; won: SQL to CUSTOMER; lost: SAL or SQL to RECYCLED; disqualified: any stage to
 * DISQUALIFIED) and adds the model's points for it ({@link ScoringModel.Outcomes}). Pure: no I/O, no clock.
 *
 * <p>Outcomes are taken in order of their {@code at}, the lead's pending ones with the new ones. An outcome whose
 * {@code outcomeId} the lead knows changes nothing. One that belongs to a later stage of the funnel than the lead's
 * ({@code won} for an SAL: its {@code sql} has not arrived yet) waits on the lead, PENDING, until the lead gets there.
 * One older than the latest outcome applied, or than the lead's current qualification, or that fits no stage the
 * lead can reach, is refused with the reason, and changes nothing else: an outcome is applied whole or not at all.
 */
public final class SalesOutcomes {
    /**
     * How far an outcome's time may precede the qualification it answers: the engine's and the CRM's clocks differ,
     * and sales may act on the handoff within seconds.
     */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private static final Map<SalesOutcome.Kind, Set<Stage>> FROM = Map.of(
            SalesOutcome.Kind.ACCEPTED, EnumSet.of(Stage.MQL),
            SalesOutcome.Kind.REJECTED, EnumSet.of(Stage.MQL, Stage.SAL),
            SalesOutcome.Kind.SQL, EnumSet.of(Stage.SAL),
            SalesOutcome.Kind.WON, EnumSet.of(Stage.SQL),
            SalesOutcome.Kind.LOST, EnumSet.of(Stage.SAL, Stage.SQL),
            SalesOutcome.Kind.DISQUALIFIED, EnumSet.complementOf(EnumSet.of(Stage.DISQUALIFIED)));

    private static final Map<SalesOutcome.Kind, Stage> TO = Map.of(
            SalesOutcome.Kind.ACCEPTED, Stage.SAL,
            SalesOutcome.Kind.REJECTED, Stage.RECYCLED,
            SalesOutcome.Kind.SQL, Stage.SQL,
            SalesOutcome.Kind.WON, Stage.CUSTOMER,
            SalesOutcome.Kind.LOST, Stage.RECYCLED,
            SalesOutcome.Kind.DISQUALIFIED, Stage.DISQUALIFIED);

    /** The funnel's order of the stages sales move a lead through. */
    private static final List<Stage> FUNNEL = List.of(Stage.MQL, Stage.SAL, Stage.SQL, Stage.CUSTOMER);

    private static final Comparator<LeadState.Verdict> ORDER = Comparator.comparing(LeadState.Verdict::at)
            .thenComparing(LeadState.Verdict::outcome).thenComparing(LeadState.Verdict::outcomeId);

    private final ScoringModel model;
    private final ReviewSchedule schedule;

    public SalesOutcomes(ScoringModel model) {
        this.model = model;
        this.schedule = new ReviewSchedule(model, new StageMachine());
    }

    /**
     * What applying outcomes did: the lead's new state and change ({@code outcome.unchanged()} when there is nothing
     * to write) and, for each outcome given, its verdict; a duplicate's verdict is the one the lead kept for it.
     */
    public record Applied(Outcome outcome, List<LeadState.Verdict> verdicts) {
    }

    public ScoringModel model() {
        return model;
    }

    /** The stage {@code kind} moves a lead to. */
    public static Stage target(SalesOutcome.Kind kind) {
        return TO.get(kind);
    }

    /** Applies {@code outcomes} to {@code state} at processing time {@code now}. */
    public Applied apply(LeadState state, List<SalesOutcome> outcomes, Instant now) {
        Map<String, LeadState.Verdict> known = new HashMap<>();
        state.outcomes().forEach(v -> known.put(v.outcomeId(), v));
        if (state.isNew()) {
            List<LeadState.Verdict> refused = outcomes.stream().map(o -> verdict(o).as(LeadState.Verdict.Status.REFUSED,
                    "no such lead")).toList();
            return new Applied(unchanged(state), refused);
        }
        Map<String, LeadState.Verdict> fresh = new LinkedHashMap<>();
        for (SalesOutcome o : outcomes) {
            if (!known.containsKey(o.outcomeId())) {
                fresh.putIfAbsent(o.outcomeId(), verdict(o));
            }
        }
        if (fresh.isEmpty()) {
            return new Applied(unchanged(state), outcomes.stream().map(o -> known.get(o.outcomeId())).toList());
        }
        List<LeadState.Verdict> queue = new ArrayList<>(fresh.values());
        state.outcomes().stream().filter(v -> v.status() == LeadState.Verdict.Status.PENDING).forEach(queue::add);
        queue.sort(ORDER);
        LeadState.Builder b = state.toBuilder();
        List<Transition> transitions = new ArrayList<>();
        Map<Long, Double> increments = new HashMap<>();
        boolean rebased = false;
        Instant latest = state.outcomes().stream().filter(v -> v.status() == LeadState.Verdict.Status.APPLIED)
                .map(LeadState.Verdict::at).max(Comparator.naturalOrder()).orElse(null);
        Map<String, LeadState.Verdict> decided = new HashMap<>();
        for (LeadState.Verdict v : queue) {
            String refusal = refusal(b, v, latest);
            if (refusal != null) {
                decided.put(v.outcomeId(), v.as(LeadState.Verdict.Status.REFUSED, refusal));
            } else if (FROM.get(v.outcome()).contains(b.stage)) {
                rebased |= move(b, v, now, transitions, increments);
                latest = v.at();
                decided.put(v.outcomeId(), v.as(LeadState.Verdict.Status.APPLIED, null));
            } else {
                decided.put(v.outcomeId(), v.as(LeadState.Verdict.Status.PENDING,
                        "waits for the lead to reach " + earliestFrom(v.outcome())));
            }
        }
        b.outcomes = kept(state.outcomes(), decided);
        b.score = b.score.trimmed(now);
        b.version = state.version() + 1;
        b.reviewAt = schedule.nextReview(b.build(), now);
        LeadState next = b.build();
        Outcome o = new Outcome(next, LeadChange.between(state, next, increments, rebased, List.of()),
                List.copyOf(transitions), next.reviewAt(), false, List.of(), 0);
        List<LeadState.Verdict> verdicts = outcomes.stream().map(x -> known.containsKey(x.outcomeId())
                ? known.get(x.outcomeId()) : decided.get(x.outcomeId())).toList();
        return new Applied(o, verdicts);
    }

    /** Why {@code v} cannot be applied now nor wait, or null. */
    private String refusal(LeadState.Builder b, LeadState.Verdict v, Instant latest) {
        if (latest != null && v.at().isBefore(latest)) {
            return "older than the outcome applied at " + latest + ": sales' latest verdict stands";
        }
        if (v.outcome() != SalesOutcome.Kind.DISQUALIFIED && b.qualifiedAt != null
                && v.at().isBefore(b.qualifiedAt.minus(CLOCK_SKEW))) {
            return "earlier than the lead's current qualification (#" + b.qualifications + " at " + b.qualifiedAt + ")";
        }
        if (FROM.get(v.outcome()).contains(b.stage) || canWait(v.outcome(), b.stage)) {
            return null;
        }
        return "'" + v.outcome().wireName() + "' needs the lead in " + names(FROM.get(v.outcome())) + "; it is "
                + b.stage;
    }

    /** True when the lead is with sales at a stage before the ones {@code kind} applies to. */
    private static boolean canWait(SalesOutcome.Kind kind, Stage stage) {
        int at = FUNNEL.indexOf(stage);
        return at >= 0 && at < FUNNEL.indexOf(earliestFrom(kind));
    }

    private static Stage earliestFrom(SalesOutcome.Kind kind) {
        for (Stage s : FUNNEL) {
            if (FROM.get(kind).contains(s)) {
                return s;
            }
        }
        return Stage.MQL;
    }

    /** Moves the stage and scores the outcome's points; true when the engagement score was reset. */
    private boolean move(LeadState.Builder b, LeadState.Verdict v, Instant now, List<Transition> transitions,
                         Map<Long, Double> increments) {
        Instant at = v.at().isAfter(now) ? now : v.at();
        String cause = "outcome:" + v.outcome().wireName();
        StageMachine.move(b, TO.get(v.outcome()), at, cause, v.reason(), transitions);
        if (v.outcome() == SalesOutcome.Kind.DISQUALIFIED) {
            b.disqualifiedBy = cause;
        }
        ScoringModel.OutcomeRule rule = model.outcomes().of(v.outcome());
        if (rule.resetScore()) {
            b.score = DecayedScore.zero(b.score.halfLife());
            b.contributions.clear();
            b.caps.clear(); // a rule's cap window is kept with its contribution; both start over
            // a burst found later must not take back points the reset already took
            b.clicks.replaceAll(c -> new LeadState.Click(c.at(), Map.of()));
            increments.clear();
        }
        if (rule.points() != 0) {
            DecayedScore.Increment inc = b.score.increment(rule.points(), at);
            b.score = b.score.plus(inc);
            increments.merge(inc.era(), inc.amount(), Double::sum);
            Contribution c = b.contributions.get(cause);
            b.contributions.put(cause, c == null ? new Contribution(rule.points(), 1, at)
                    : c.plus(rule.points(), at, model.halfLife()));
        }
        return rule.resetScore();
    }

    /** The lead's outcomes after this batch: the latest {@link LeadState#OUTCOMES_KEPT}, pending ones kept first. */
    private static List<LeadState.Verdict> kept(List<LeadState.Verdict> before, Map<String, LeadState.Verdict> decided) {
        List<LeadState.Verdict> all = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (LeadState.Verdict v : before) {
            all.add(decided.getOrDefault(v.outcomeId(), v));
            seen.add(v.outcomeId());
        }
        decided.values().stream().filter(v -> !seen.contains(v.outcomeId())).sorted(ORDER).forEach(all::add);
        while (all.size() > LeadState.OUTCOMES_KEPT) {
            int drop = 0;
            while (drop < all.size() - 1 && all.get(drop).status() == LeadState.Verdict.Status.PENDING) {
                drop++;
            }
            all.remove(drop);
        }
        return all;
    }

    private static LeadState.Verdict verdict(SalesOutcome o) {
        return new LeadState.Verdict(o.outcomeId(), o.outcome(), o.at(), o.reason(), o.by(),
                LeadState.Verdict.Status.PENDING, null);
    }

    private static Outcome unchanged(LeadState s) {
        return new Outcome(s, LeadChange.between(s, s, Map.of(), false, List.of()), List.of(), s.reviewAt(), false,
                List.of(), 0);
    }

    private static String names(Set<Stage> stages) {
        return stages.size() > 3 ? "any stage but DISQUALIFIED" : String.join(" or ", stages.stream().map(Stage::name).toList());
    }
}
