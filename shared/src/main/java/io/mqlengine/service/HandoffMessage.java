package io.mqlengine.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqlengine.json.Json;
import io.mqlengine.scoring.Explanation;
import io.mqlengine.scoring.FitGrader;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.scoring.ScoringModel;
import io.mqlengine.model.Traits;
import java.time.Instant;

/**
 * The message a sales tool reads for one qualification (schema {@code events/schema/handoff-message.schema.json}).
 * Built from the lead as it was written, so a re-sent handoff is identical to the first.
 */
public final class HandoffMessage {
    public static final int SCHEMA_VERSION = 1;
    static final int TOP_REASONS = 5;
    static final int RECENT_ACTIVITY = 5;

    private HandoffMessage() {
    }

    /** The handoff id: lead id and qualification number; the queue's deduplication key. */
    public static String handoffId(String leadId, int qualification) {
        return leadId + "#" + qualification;
    }

    public static ObjectNode build(LeadState lead, ScoringModel model) {
        Instant at = lead.qualifiedAt() != null ? lead.qualifiedAt() : lead.lastSeen();
        Traits t = lead.traits();
        ObjectNode n = Json.object();
        n.put("schemaVersion", SCHEMA_VERSION);
        n.put("handoffId", handoffId(lead.id(), lead.qualifications()));
        n.put("leadId", lead.id());
        n.put("email", t.email());
        putOptional(n, "name", t.displayName());
        putOptional(n, "firstName", t.firstName());
        putOptional(n, "lastName", t.lastName());
        putOptional(n, "title", t.title());
        putOptional(n, "company", t.company());
        if (t.companySize() != null) {
            n.put("companySize", t.companySize());
        }
        putOptional(n, "industry", t.industry());
        putOptional(n, "country", t.country());
        n.put("stage", lead.stage().name());
        n.put("score", round(lead.scoreAt(at)));
        n.put("grade", lead.grade().name());
        n.put("qualifiedAt", at.toString());
        n.put("qualificationNumber", lead.qualifications());
        n.put("qualifiedBy", lead.qualifiedBy());
        n.put("modelVersion", lead.modelVersion());
        ArrayNode reasons = n.putArray("reasons");
        for (Explanation.Reason r : Explanation.topReasons(lead, model, at, TOP_REASONS)) {
            reasons.add(reason(r));
        }
        ArrayNode fit = n.putArray("fit");
        for (FitGrader.FitReason f : new FitGrader(model).grade(t).reasons()) {
            ObjectNode o = fit.addObject();
            o.put("rule", f.ruleId());
            putOptional(o, "description", f.description());
            o.put("points", round(f.points()));
        }
        ArrayNode recent = n.putArray("recentActivity");
        for (Explanation.Reason r : Explanation.recentActivity(lead, model, at, RECENT_ACTIVITY)) {
            ObjectNode o = recent.addObject();
            o.put("rule", r.ruleId());
            putOptional(o, "description", r.description());
            o.put("at", r.lastAt().toString());
        }
        if (lead.firstSeen() != null) {
            n.put("firstSeen", lead.firstSeen().toString());
        }
        n.put("lastSeen", lead.lastSeen().toString());
        return n;
    }

    private static ObjectNode reason(Explanation.Reason r) {
        ObjectNode o = Json.object();
        o.put("rule", r.ruleId());
        putOptional(o, "description", r.description());
        o.put("points", round(r.points()));
        o.put("count", r.count());
        o.put("lastAt", r.lastAt().toString());
        return o;
    }

    static double round(double d) {
        return Math.round(d * 100) / 100.0;
    }

    private static void putOptional(ObjectNode n, String field, String value) {
        if (value != null) {
            n.put(field, value);
        }
    }
}
