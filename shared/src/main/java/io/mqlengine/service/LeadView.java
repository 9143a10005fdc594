package io.mqlengine.service;

import io.mqlengine.model.Grade;
import io.mqlengine.model.Stage;
import io.mqlengine.scoring.FitGrader;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.scoring.ScoringModel;
import io.mqlengine.scoring.Touch;
import io.mqlengine.scoring.Transition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A lead as a person reads it at one moment: stage and grade, the decayed score with every rule's part of it (the
 * parts add up to the score: both come from the same stored points), the fit rules that matched, the traits, the
 * stage history, the first and last marketing touch, what the sweep will do next without new activity, the handoffs and the sales outcomes. Pure.
 */
public record LeadView(String leadId, boolean anonymous, Stage stage, Instant stageChangedAt, Grade grade,
                       double score, List<Part> breakdown, FitGrader.Fit fit, Map<String, Object> traits,
                       List<Transition> history, List<Next> next, List<Handoff> handoffs,
                       List<LeadState.Verdict> outcomes, LeadState.Bot bot, Instant firstSeen, Instant lastSeen,
                       Instant at, Touch firstTouch, Touch lastTouch) {

    /** The prefix of the rules sales' outcomes score under ({@code outcome:lost}). */
    static final String OUTCOME_RULE = "outcome:";

    /** One rule's part of the score at the view's moment. */
    public record Part(String rule, String description, double points, int count, Instant lastAt) {
    }

    /** Something the sweep will do to the lead, and when, if nothing else happens first. */
    public record Next(Action action, Instant at) {
    }

    /** What the sweep does: recycle a decayed MQL, archive a silent lead, mark an MQL's accept SLA missed. */
    public enum Action {
        RECYCLE, ARCHIVE, SLA_MISSED;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** One qualification of the lead and whether it reached the handoff queue; its id is {@code <leadId>#<n>}. */
    public record Handoff(String handoffId, int qualification, Instant qualifiedAt, String qualifiedBy,
                          boolean handedOff) {
    }

    /** The view of {@code s} at {@code now} under {@code model}. */
    public static LeadView of(LeadState s, ScoringModel model, Instant now) {
        return new LeadView(s.id(), s.anonymous(), s.stage(), s.stageChangedAt(), s.grade(), s.scoreAt(now),
                breakdown(s, model, now), new FitGrader(model).grade(s.traits()), s.traits().asMap(), s.history(),
                next(s, model), handoffs(s), s.outcomes(), s.bot(), s.firstSeen(), s.lastSeen(), now,
                s.firstTouch(), s.lastTouch());
    }

    /**
     * Every rule that scored, strongest first: the decayed points at {@code now} of its stored contribution. A rule
     * whose every scoring was taken back (a click burst) holds no points and is left out.
     */
    static List<Part> breakdown(LeadState s, ScoringModel model, Instant now) {
        List<Part> parts = new ArrayList<>();
        s.contributions().forEach((rule, c) -> {
            if (c.count() > 0) {
                parts.add(new Part(rule, description(rule, model), c.pointsAt(now, model.halfLife()), c.count(),
                        c.lastAt()));
            }
        });
        parts.sort(Comparator.comparingDouble(Part::points).reversed().thenComparing(Part::rule));
        return List.copyOf(parts);
    }

    /** The sum of the parts, the figure a reader adds up. */
    public double breakdownSum() {
        return breakdown.stream().mapToDouble(Part::points).sum();
    }

    private static String description(String rule, ScoringModel model) {
        if (rule.startsWith(OUTCOME_RULE)) {
            return "sales outcome: " + rule.substring(OUTCOME_RULE.length());
        }
        ScoringModel.BehaviourRule r = model.rule(rule);
        return r == null ? null : r.description();
    }

    /**
     * What the sweep will do without new activity, earliest first: an MQL misses its accept SLA at the due time
     * (until sales accept it) and is recycled when its score falls below the recycle threshold after its hold; a
     * lead, recycled or anonymous lead is archived at its last activity plus the stale horizon; the stages sales own,
     * and disqualified or archived leads, have nothing coming.
     */
    static List<Next> next(LeadState s, ScoringModel model) {
        List<Next> out = new ArrayList<>();
        switch (s.stage()) {
            case MQL -> {
                if (s.qualifiedAt() != null && s.slaMissedAt() == null) {
                    out.add(new Next(Action.SLA_MISSED, model.slaDue(s.qualifiedAt(), s.qualifiedBy())));
                }
                Instant holdEnds = (s.qualifiedAt() == null ? s.stageChangedAt() : s.qualifiedAt())
                        .plus(model.mql().holdFor());
                s.score().fallsBelow(model.recycleThreshold(), holdEnds)
                        .ifPresent(t -> out.add(new Next(Action.RECYCLE, t)));
            }
            case LEAD, RECYCLED, ANONYMOUS -> {
                if (s.lastSeen() != null) {
                    out.add(new Next(Action.ARCHIVE, s.lastSeen().plus(model.staleAfter())));
                }
            }
            default -> {
            }
        }
        out.sort(Comparator.comparing(Next::at));
        return List.copyOf(out);
    }

    /**
     * The lead's qualifications the history still holds (its moves to MQL, numbered back from the latest) and the
     * current one, whatever the history kept; each handed off when its number is at most the last handed off.
     */
    static List<Handoff> handoffs(LeadState s) {
        List<Transition> toMql = s.history().stream().filter(t -> t.to() == Stage.MQL).toList();
        List<Handoff> out = new ArrayList<>();
        int first = s.qualifications() - toMql.size() + 1;
        for (int i = 0; i < toMql.size(); i++) {
            int n = first + i;
            if (n >= 1) {
                out.add(handoff(s, n, toMql.get(i).at(), toMql.get(i).reason()));
            }
        }
        boolean current = out.stream().anyMatch(h -> h.qualification() == s.qualifications());
        if (!current && s.qualifications() > 0 && s.qualifiedAt() != null) {
            out.add(handoff(s, s.qualifications(), s.qualifiedAt(), s.qualifiedBy()));
        }
        return List.copyOf(out);
    }

    private static Handoff handoff(LeadState s, int n, Instant at, String by) {
        return new Handoff(s.id() + "#" + n, n, at, by, n <= s.handedOff());
    }

    /** The contribution map's part for {@code rule}, for tests. */
    Part part(String rule) {
        return breakdown.stream().filter(p -> p.rule().equals(rule)).findFirst().orElse(null);
    }
}
