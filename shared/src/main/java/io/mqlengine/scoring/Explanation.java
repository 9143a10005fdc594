package io.mqlengine.scoring;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/** Why a lead has its score: the rules that contributed, strongest first. */
public final class Explanation {

    private Explanation() {
    }

    /** One rule's part in the score at a moment. */
    public record Reason(String ruleId, String description, double points, int count, Instant lastAt) {
    }

    /** The {@code n} rules contributing the most positive points at {@code at}; ties by rule id. */
    public static List<Reason> topReasons(LeadState s, ScoringModel model, Instant at, int n) {
        return all(s, model, at).stream().filter(r -> r.points() > 0.005).limit(n).toList();
    }

    /**
     * Every contribution at {@code at}, strongest (positive) first, then the negative ones; a rule whose every
     * scoring was taken back (a click burst) is none.
     */
    public static List<Reason> all(LeadState s, ScoringModel model, Instant at) {
        return s.contributions().entrySet().stream().filter(e -> e.getValue().count() > 0)
                .map(e -> {
                    ScoringModel.BehaviourRule rule = model.rule(e.getKey());
                    return new Reason(e.getKey(), rule == null ? null : rule.description(),
                            e.getValue().pointsAt(at, model.halfLife()), e.getValue().count(), e.getValue().lastAt());
                })
                .sorted(Comparator.comparingDouble(Reason::points).reversed().thenComparing(Reason::ruleId))
                .toList();
    }

    /** The {@code n} most recent activities, newest first. */
    public static List<Reason> recentActivity(LeadState s, ScoringModel model, Instant at, int n) {
        return all(s, model, at).stream()
                .sorted(Comparator.comparing(Reason::lastAt).reversed().thenComparing(Reason::ruleId))
                .limit(n).toList();
    }
}
