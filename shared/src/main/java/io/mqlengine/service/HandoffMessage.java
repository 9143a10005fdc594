package io.mqlengine.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqlengine.json.Json;
import io.mqlengine.observe.Log;
import io.mqlengine.scoring.Explanation;
import io.mqlengine.scoring.FitGrader;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.scoring.ScoringModel;
import io.mqlengine.scoring.Touch;
import io.mqlengine.model.Traits;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The message a sales tool reads for one qualification (schema {@code events/schema/handoff-message.schema.json}).
 * Built from the lead as it was written, so a re-sent handoff is identical to the first. It always fits in one
 * SQS message ({@link #MAX_BYTES}): the lead's traits are bounded at ingest, but the model's rule descriptions
 * are not, and SQS would refuse a longer message on every retry and every re-announcement, forever. A message
 * that would not fit goes without the descriptions (consumers find them in the model by rule id), and, should
 * that not do, with fewer fit rules and recent activities, the last ones first.
 */
public final class HandoffMessage {
    public static final int SCHEMA_VERSION = 1;
    /** SQS's largest message, in bytes of the body (the handoff message has no message attributes). */
    public static final int MAX_BYTES = 256 * 1024;
    static final int TOP_REASONS = 5;
    static final int RECENT_ACTIVITY = 5;

    private HandoffMessage() {
    }

    /** The handoff id: lead id and qualification number; the queue's deduplication key. */
    public static String handoffId(String leadId, int qualification) {
        return leadId + "#" + qualification;
    }

    /** The message for {@code lead}'s latest qualification, at most {@link #MAX_BYTES} long in UTF-8. */
    public static ObjectNode build(LeadState lead, ScoringModel model) {
        ObjectNode n = full(lead, model);
        if (bytes(n) <= MAX_BYTES) {
            return n;
        }
        for (String list : List.of("reasons", "fit", "recentActivity")) {
            n.get(list).forEach(entry -> ((ObjectNode) entry).remove("description"));
        }
        for (String list : List.of("fit", "recentActivity")) {
            ArrayNode entries = (ArrayNode) n.get(list);
            while (bytes(n) > MAX_BYTES && !entries.isEmpty()) {
                entries.remove(entries.size() - 1);
            }
        }
        Log.event("handoff.trimmed", Map.of("handoffId", n.path("handoffId").asText(), "bytes", bytes(n)));
        return n;
    }

    static int bytes(ObjectNode message) {
        return message.toString().getBytes(StandardCharsets.UTF_8).length;
    }

    private static ObjectNode full(LeadState lead, ScoringModel model) {
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
        putTouch(n, "firstTouch", lead.firstTouch());
        putTouch(n, "lastTouch", lead.lastTouch());
        if (lead.bot() != null) {
            // sales decides what a bot flag on a qualified lead means; its bot activity scored nothing
            n.putObject("bot").put("reason", lead.bot().reason()).put("since", lead.bot().since().toString());
        }
        return n;
    }

    /** A touch as sales tools read it: the UTM parts and the referrer's host that it has, and when. */
    static void putTouch(ObjectNode n, String field, Touch t) {
        if (t == null) {
            return;
        }
        ObjectNode o = n.putObject(field);
        putOptional(o, "source", t.source());
        putOptional(o, "medium", t.medium());
        putOptional(o, "campaign", t.campaign());
        putOptional(o, "referrer", t.referrerHost());
        o.put("at", t.at().toString());
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
