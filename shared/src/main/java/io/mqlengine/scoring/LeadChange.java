package io.mqlengine.scoring;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

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
        Set<Long> removed = before.score().eras().keySet().stream()
                .filter(e -> !after.score().eras().containsKey(e))
                .collect(Collectors.toUnmodifiableSet());
        Map<Long, Double> add = new TreeMap<>();
        Map<Long, Double> set = new TreeMap<>();
        if (rebased) {
            set.putAll(after.score().eras());
        } else {
            increments.forEach((era, amount) -> {
                if (after.score().eras().containsKey(era)) {
                    add.put(era, amount);
                }
            });
        }
        return new LeadChange(before.version(), Map.copyOf(add), Map.copyOf(set),
                removed,
                changed(before.contributions(), after.contributions()),
                changed(before.caps(), after.caps()), List.copyOf(newEventIds),
                !Objects.equals(before.reviewAt(), after.reviewAt()),
                before.contributions().keySet().stream().filter(r -> !after.contributions().containsKey(r))
                        .collect(Collectors.toUnmodifiableSet()),
                (int) after.history().stream().filter(t -> !before.history().contains(t)).count()
                        + (after.slaMissedAt() != null && !after.slaMissedAt().equals(before.slaMissedAt()) ? 1 : 0));
    }

    private static <V> Map<String, V> changed(Map<String, V> before, Map<String, V> after) {
        Map<String, V> out = new TreeMap<>();
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
