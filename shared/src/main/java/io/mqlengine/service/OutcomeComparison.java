package io.mqlengine.service;

import io.mqlengine.identity.LeadIds;
import io.mqlengine.model.SalesOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares two replays' qualifications with what sales reported. A lead is won at its earliest {@code won}
 * outcome; a model qualified it when one of its qualifications came at or before the win, and its days before the
 * win count from the first such qualification. A lead is rejected when sales ever reported {@code rejected}; a
 * model "qualified a rejected lead" when it qualifies that lead at any time in the replay, since under another
 * model the handoff, and so the rejection, would have come at another time.
 */
final class OutcomeComparison {
    private final LeadIds leadIds;

    OutcomeComparison(LeadIds leadIds) {
        this.leadIds = leadIds;
    }

    WhatIfReport.Outcomes compare(List<SalesOutcome> outcomes, List<ModelReplay.Qualification> live,
                                  List<ModelReplay.Qualification> candidate, Set<String> archived) {
        Map<String, Instant> won = new HashMap<>();
        Set<String> rejected = new HashSet<>();
        for (SalesOutcome o : outcomes) {
            String lead = leadId(o.target());
            if (o.outcome() == SalesOutcome.Kind.WON) {
                won.merge(lead, o.at(), (a, b) -> a.isBefore(b) ? a : b);
            } else if (o.outcome() == SalesOutcome.Kind.REJECTED) {
                rejected.add(lead);
            }
        }
        Map<String, Instant> firstLive = firstQualified(live);
        Map<String, Instant> firstCandidate = firstQualified(candidate);
        Set<String> named = new HashSet<>(won.keySet());
        named.addAll(rejected);
        int unknown = (int) named.stream().filter(id -> !archived.contains(id)).count();
        List<Double> daysLive = daysBeforeWin(won, live);
        List<Double> daysCandidate = daysBeforeWin(won, candidate);
        return new WhatIfReport.Outcomes(won.size(), daysLive.size(), daysCandidate.size(), median(daysLive),
                median(daysCandidate), rejected.size(),
                (int) rejected.stream().filter(firstLive::containsKey).count(),
                (int) rejected.stream().filter(firstCandidate::containsKey).count(), unknown);
    }

    /** The lead an outcome names: its lead id, the lead id of its handoff id, or the lead id of its email. */
    String leadId(SalesOutcome.Target t) {
        if (t.leadId() != null) {
            return t.leadId();
        }
        if (t.handoffId() != null) {
            return t.handoffId().substring(0, t.handoffId().indexOf('#'));
        }
        return leadIds.forEmail(t.email());
    }

    private static Map<String, Instant> firstQualified(List<ModelReplay.Qualification> qualifications) {
        Map<String, Instant> first = new HashMap<>();
        qualifications.forEach(q -> first.merge(q.leadId(), q.at(), (a, b) -> a.isBefore(b) ? a : b));
        return first;
    }

    /** For each won lead the model qualified at or before the win: days from its first qualification to the win. */
    private static List<Double> daysBeforeWin(Map<String, Instant> won, List<ModelReplay.Qualification> qualifications) {
        Map<String, Instant> first = firstQualified(qualifications);
        List<Double> days = new ArrayList<>();
        won.forEach((lead, at) -> {
            Instant q = first.get(lead);
            if (q != null && !q.isAfter(at)) {
                days.add(Duration.between(q, at).toMinutes() / 1440.0);
            }
        });
        return days;
    }

    /** The median rounded to a tenth, or null for none. */
    static Double median(List<Double> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        double m = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return Math.round(m * 10) / 10.0;
    }
}
