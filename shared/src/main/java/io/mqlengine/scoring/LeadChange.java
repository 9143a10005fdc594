package io.mqlengine.scoring;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What one write must change on a stored lead, given it still has {@code expectedVersion}:
 * score increments to ADD per era (or, after a half-life change, era values to SET), eras to drop,
 * the contributions and cap windows that changed, the event ids newly applied, whether the review
 * time moved (the review index is written only then), the rules whose contribution is gone (a score reset), and how
 * many lifecycle events the write announces (stage changes and a missed SLA; the stream's lifecycle reader wakes only
 * for writes that announce some).
 * Scalar fields (stage, traits, timestamps, review time) are written from the new state.
 */
public record LeadChange(long expectedVersion, Map<Long, Double> eraIncrements, Map<Long, Double> eraValues,
                         Set<Long> erasRemoved, Map<String, Contribution> contributions,
                         Map<String, CapWindow> caps, List<String> newEventIds, boolean reviewChanged,
                         Set<String> rulesRemoved, int announced) {

    /** Derives the change from the state before and after; {@code increments} are the additive updates made. */
    public static LeadChange between(LeadState before, LeadState after, Map<Long, Double> increments,
                                     boolean rebased, List<String> newEventIds) {
        Map<Long, Double> afterEras = after.score().eras();
        Set<Long> removed = new HashSet<>();
        for (Long era : before.score().eras().keySet()) {
            if (!afterEras.containsKey(era)) {
                removed.add(era);
            }
        }
        Map<Long, Double> add = new HashMap<>();
        Map<Long, Double> set = new HashMap<>();
        if (rebased) {
            set.putAll(afterEras);
        } else {
            increments.forEach((era, amount) -> {
                if (afterEras.containsKey(era)) {
                    add.put(era, amount);
                }
            });
        }
        Set<String> rulesRemoved = new HashSet<>();
        for (String rule : before.contributions().keySet()) {
            if (!after.contributions().containsKey(rule)) {
                rulesRemoved.add(rule);
            }
        }
        int announced = 0;
        for (Transition t : after.history()) {
            if (!before.history().contains(t)) {
                announced++;
            }
        }
        if (after.slaMissedAt() != null && !after.slaMissedAt().equals(before.slaMissedAt())) {
            announced++;
        }
        return new LeadChange(before.version(), Map.copyOf(add), Map.copyOf(set), Set.copyOf(removed),
                changed(before.contributions(), after.contributions()),
                changed(before.caps(), after.caps()), List.copyOf(newEventIds),
                !Objects.equals(before.reviewAt(), after.reviewAt()), Set.copyOf(rulesRemoved), announced);
    }

    private static <V> Map<String, V> changed(Map<String, V> before, Map<String, V> after) {
        Map<String, V> out = new HashMap<>();
        after.forEach((k, v) -> {
            if (!Objects.equals(before.get(k), v)) {
                out.put(k, v);
            }
        });
        return Map.copyOf(out);
    }

    public boolean isEmpty() {
        return eraIncrements.isEmpty() && eraValues.isEmpty() && erasRemoved.isEmpty() && contributions.isEmpty()
                && caps.isEmpty() && newEventIds.isEmpty() && rulesRemoved.isEmpty();
    }
}
