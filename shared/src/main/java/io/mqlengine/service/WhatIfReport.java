package io.mqlengine.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqlengine.json.Json;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a what-if found: MQLs per ISO week under the live model and the candidate, the leads only one of them
 * qualifies (when and why), the leads both qualify at different times, and, when sales outcomes were given, how
 * each model did against them. {@link #toJson()} is the answer of {@code POST /v1/console/what-if}.
 */
public record WhatIfReport(Side live, Side candidate, List<Only> onlyLive, List<Only> onlyCandidate, List<Shift> earlier,
                           List<Shift> later, int qualifiedByBoth, Outcomes outcomes, int events, int duplicates,
                           int leads, Instant from, Instant to, long ms) {

    /** One model's side: its version, its MQLs (qualifications, a lead requalifying counts again) and leads qualified. */
    public record Side(String version, int mqls, int leadsQualified, List<Week> mqlsPerWeek) {
    }

    /** MQLs in the ISO week starting on Monday {@code week} (UTC). */
    public record Week(LocalDate week, int mqls) {
    }

    /** One rule's part in a qualification, in points at the moment of qualifying. */
    public record Reason(String rule, double points) {
    }

    /** A lead only one model qualifies: its first qualification under that model. */
    public record Only(String leadId, String email, Instant qualifiedAt, String cause, double score, String grade,
                       List<Reason> reasons) {
        /** Why, in one line: the cause the engine records, the score and grade, and the top rules. */
        public String why() {
            String rules = reasons.stream().map(r -> r.rule() + " " + number(r.points()))
                    .collect(Collectors.joining(", "));
            return (cause == null ? "score" : cause) + ": score " + number(score) + ", grade " + grade
                    + (rules.isEmpty() ? "" : "; " + rules);
        }
    }

    /** A lead both models qualify, first at different times. */
    public record Shift(String leadId, String email, Instant liveAt, Instant candidateAt) {
        /** Hours the candidate is earlier (positive) or later (negative) than the live model. */
        public double hoursEarlier() {
            return Math.round((liveAt.toEpochMilli() - candidateAt.toEpochMilli()) / 36_000.0) / 100.0;
        }
    }

    /**
     * The models against sales outcomes: {@code won} leads sales won; how many of them each model qualified before
     * the win, and the median days from the first qualification to the win; {@code rejected} leads sales rejected and
     * how many of them each model qualifies. {@code unknown}: outcomes naming a lead the archive never identified.
     */
    public record Outcomes(int won, int wonQualifiedLive, int wonQualifiedCandidate, Double medianDaysBeforeWinLive,
                           Double medianDaysBeforeWinCandidate, int rejected, int rejectedQualifiedLive,
                           int rejectedQualifiedCandidate, int unknown) {
    }

    public ObjectNode toJson() {
        ObjectNode n = Json.object();
        n.set("live", side(live));
        n.set("candidate", side(candidate));
        n.set("onlyLive", only(onlyLive));
        n.set("onlyCandidate", only(onlyCandidate));
        n.set("earlier", shifts(earlier));
        n.set("later", shifts(later));
        n.put("qualifiedByBoth", qualifiedByBoth);
        if (outcomes == null) {
            n.putNull("outcomes");
        } else {
            ObjectNode o = n.putObject("outcomes");
            o.put("won", outcomes.won());
            o.put("wonQualifiedLive", outcomes.wonQualifiedLive());
            o.put("wonQualifiedCandidate", outcomes.wonQualifiedCandidate());
            putNumber(o, "medianDaysBeforeWinLive", outcomes.medianDaysBeforeWinLive());
            putNumber(o, "medianDaysBeforeWinCandidate", outcomes.medianDaysBeforeWinCandidate());
            o.put("rejected", outcomes.rejected());
            o.put("rejectedQualifiedLive", outcomes.rejectedQualifiedLive());
            o.put("rejectedQualifiedCandidate", outcomes.rejectedQualifiedCandidate());
            o.put("unknown", outcomes.unknown());
        }
        n.put("events", events);
        n.put("duplicates", duplicates);
        n.put("leads", leads);
        if (from == null) {
            n.putNull("from");
            n.putNull("to");
        } else {
            n.put("from", from.toString());
            n.put("to", to.toString());
        }
        n.put("ms", ms);
        return n;
    }

    private static ObjectNode side(Side s) {
        ObjectNode n = Json.object();
        n.put("version", s.version());
        n.put("mqls", s.mqls());
        n.put("leadsQualified", s.leadsQualified());
        ArrayNode weeks = n.putArray("mqlsPerWeek");
        s.mqlsPerWeek().forEach(w -> weeks.addObject().put("week", w.week().toString()).put("mqls", w.mqls()));
        return n;
    }

    private static ArrayNode only(List<Only> list) {
        ArrayNode a = Json.array();
        for (Only o : list) {
            ObjectNode n = a.addObject();
            n.put("leadId", o.leadId());
            n.put("email", o.email());
            n.put("qualifiedAt", o.qualifiedAt().toString());
            n.put("why", o.why());
            n.put("cause", o.cause());
            n.put("score", o.score());
            n.put("grade", o.grade());
            ArrayNode reasons = n.putArray("reasons");
            o.reasons().forEach(r -> reasons.addObject().put("rule", r.rule()).put("points", r.points()));
        }
        return a;
    }

    private static ArrayNode shifts(List<Shift> list) {
        ArrayNode a = Json.array();
        for (Shift s : list) {
            a.addObject().put("leadId", s.leadId()).put("email", s.email()).put("liveAt", s.liveAt().toString())
                    .put("candidateAt", s.candidateAt().toString()).put("hoursEarlier", s.hoursEarlier());
        }
        return a;
    }

    private static void putNumber(ObjectNode n, String field, Double value) {
        if (value == null) {
            n.putNull(field);
        } else {
            n.put(field, value);
        }
    }

    static String number(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.format(Locale.ROOT, "%.1f", d);
    }
}
