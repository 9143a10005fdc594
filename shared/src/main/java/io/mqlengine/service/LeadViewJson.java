package io.mqlengine.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqlengine.json.Json;
import io.mqlengine.scoring.FitGrader;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.scoring.Touch;
import io.mqlengine.scoring.Transition;
import java.time.Instant;
import java.util.Map;

/**
 * The lead API's JSON for a {@link LeadView}. Points are given to 4 decimals: rounded so, the parts of a breakdown
 * of up to 100 rules still add up to the score within 0.01.
 */
final class LeadViewJson {

    private LeadViewJson() {
    }

    static ObjectNode of(LeadView v) {
        ObjectNode n = Json.object();
        n.put("leadId", v.leadId());
        n.put("anonymous", v.anonymous());
        n.put("stage", v.stage().name());
        time(n, "stageChangedAt", v.stageChangedAt());
        n.put("grade", v.grade().name());
        n.put("score", round(v.score()));
        time(n, "scoredAt", v.at());
        ArrayNode parts = n.putArray("breakdown");
        for (LeadView.Part p : v.breakdown()) {
            ObjectNode o = parts.addObject();
            o.put("rule", p.rule());
            o.put("description", p.description());
            o.put("points", round(p.points()));
            o.put("count", p.count());
            time(o, "lastAt", p.lastAt());
        }
        ObjectNode fit = n.putObject("fit");
        fit.put("grade", v.fit().grade().name());
        fit.put("score", round(v.fit().score()));
        ArrayNode rules = fit.putArray("rules");
        for (FitGrader.FitReason r : v.fit().reasons()) {
            rules.addObject().put("rule", r.ruleId()).put("description", r.description()).put("points", round(r.points()));
        }
        ObjectNode traits = n.putObject("traits");
        for (Map.Entry<String, Object> t : v.traits().entrySet()) {
            if (t.getValue() instanceof Integer i) {
                traits.put(t.getKey(), i);
            } else {
                traits.put(t.getKey(), String.valueOf(t.getValue()));
            }
        }
        ArrayNode history = n.putArray("history");
        for (Transition t : v.history()) {
            ObjectNode o = history.addObject();
            o.put("from", t.from() == null ? null : t.from().name());
            o.put("to", t.to().name());
            time(o, "at", t.at());
            o.put("cause", t.reason());
            o.put("note", t.note());
        }
        ArrayNode next = n.putArray("next");
        v.next().forEach(x -> time(next.addObject().put("action", x.action().wireName()), "at", x.at()));
        ArrayNode handoffs = n.putArray("handoffs");
        for (LeadView.Handoff h : v.handoffs()) {
            ObjectNode o = handoffs.addObject();
            o.put("handoffId", h.handoffId());
            o.put("qualification", h.qualification());
            time(o, "qualifiedAt", h.qualifiedAt());
            o.put("qualifiedBy", h.qualifiedBy());
            o.put("handedOff", h.handedOff());
        }
        ArrayNode outcomes = n.putArray("outcomes");
        for (LeadState.Verdict o : v.outcomes()) {
            ObjectNode x = outcomes.addObject();
            x.put("outcomeId", o.outcomeId());
            x.put("outcome", o.outcome().wireName());
            time(x, "at", o.at());
            x.put("reason", o.reason());
            x.put("by", o.by());
            x.put("status", o.status().name().toLowerCase(java.util.Locale.ROOT));
            x.put("note", o.note());
        }
        if (v.bot() == null) {
            n.putNull("bot");
        } else {
            time(n.putObject("bot").put("reason", v.bot().reason()), "since", v.bot().since());
        }
        time(n, "firstSeen", v.firstSeen());
        time(n, "lastSeen", v.lastSeen());
        touch(n, "firstTouch", v.firstTouch());
        touch(n, "lastTouch", v.lastTouch());
        return n;
    }

    /** A touch with every part named (null when absent), so the console reads one shape; null for no touch. */
    private static void touch(ObjectNode n, String name, Touch t) {
        if (t == null) {
            n.putNull(name);
            return;
        }
        ObjectNode o = n.putObject(name);
        o.put("source", t.source());
        o.put("medium", t.medium());
        o.put("campaign", t.campaign());
        o.put("referrer", t.referrerHost());
        time(o, "at", t.at());
    }

    private static void time(ObjectNode n, String name, Instant t) {
        if (t == null) {
            n.putNull(name);
        } else {
            n.put(name, t.toString());
        }
    }

    static double round(double x) {
        return Math.round(x * 10_000d) / 10_000d;
    }
}
