package io.mqlengine.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqlengine.json.Json;
import io.mqlengine.queue.BusEvent;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.scoring.ScoringModel;
import io.mqlengine.scoring.Transition;
import io.mqlengine.store.LeadItems;
import io.mqlengine.store.Stored;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The lifecycle events a lead's write announces, read from its stream record's old and new images: a
 * {@value #STAGE_CHANGED} per stage change the new image's history holds and the old one's does not, a
 * {@value #SLA_MISSED} when the write marked the accept SLA missed, and a {@value #ERASED} when a tombstone replaced
 * the lead (the lead API's erasure). Known leads only: an anonymous visitor's moves
 * concern no person a nurture tool or CRM knows. Each event carries an {@code eventKey} that is the same whenever the
 * same change is announced again (a stream retry), for subscribers to drop repeats.
 */
public final class LifecycleEvents {
    public static final String SOURCE = "mql-engine";
    public static final String STAGE_CHANGED = "Lead Stage Changed";
    public static final String SLA_MISSED = "Lead SLA Missed";
    public static final String ERASED = "Lead Erased";

    private final ScoringModel model;

    public LifecycleEvents(ScoringModel model) {
        this.model = model;
    }

    /** The events announced by the write from {@code oldImage} (null for an insert) to {@code newImage}. */
    public List<BusEvent> between(Map<String, AttributeValue> oldImage, Map<String, AttributeValue> newImage) {
        if (newImage != null) {
            Optional<Stored.Erased> erased = LeadItems.erased(newImage);
            if (erased.isPresent()) {
                boolean wasLead = oldImage != null && LeadItems.read(oldImage) instanceof Stored.Lead;
                return wasLead && !erased.get().key().anonymous() ? List.of(erased(erased.get())) : List.of();
            }
        }
        if (newImage == null || !(LeadItems.read(newImage) instanceof Stored.Lead n) || n.state().anonymous()) {
            return List.of();
        }
        LeadState after = n.state();
        LeadState before = oldImage != null && LeadItems.read(oldImage) instanceof Stored.Lead o ? o.state() : null;
        List<BusEvent> out = new ArrayList<>();
        for (Transition t : after.history()) {
            if (before == null || !before.history().contains(t)) {
                out.add(stageChanged(after, t));
            }
        }
        if (after.slaMissedAt() != null && (before == null || !after.slaMissedAt().equals(before.slaMissedAt()))) {
            out.add(slaMissed(after));
        }
        return out;
    }

    private BusEvent stageChanged(LeadState lead, Transition t) {
        ObjectNode d = Json.object();
        d.put("eventKey", lead.id() + ":" + t.at().toEpochMilli() + ":" + t.to());
        d.put("leadId", lead.id());
        d.put("from", t.from().name());
        d.put("to", t.to().name());
        d.put("at", t.at().toString());
        d.put("cause", t.reason());
        if (t.note() != null) {
            d.put("reason", t.note());
        }
        if (lead.qualifications() > 0) {
            d.put("qualification", lead.qualifications());
            d.put("handoffId", HandoffMessage.handoffId(lead.id(), lead.qualifications()));
        }
        d.put("score", Math.round(lead.scoreAt(t.at()) * 100) / 100.0);
        d.put("grade", lead.grade().name());
        d.put("stage", lead.stage().name());
        return new BusEvent(SOURCE, STAGE_CHANGED, t.at(), Json.write(d));
    }

    private static BusEvent erased(Stored.Erased e) {
        ObjectNode d = Json.object();
        d.put("eventKey", e.key().id() + ":erased");
        d.put("leadId", e.key().id());
        d.put("erasedAt", e.erasedAt().toString());
        return new BusEvent(SOURCE, ERASED, e.erasedAt(), Json.write(d));
    }

    private BusEvent slaMissed(LeadState lead) {
        ObjectNode d = Json.object();
        d.put("eventKey", lead.id() + ":" + lead.qualifications() + ":sla");
        d.put("leadId", lead.id());
        d.put("handoffId", HandoffMessage.handoffId(lead.id(), lead.qualifications()));
        d.put("qualifiedAt", lead.qualifiedAt().toString());
        d.put("qualifiedBy", lead.qualifiedBy());
        d.put("dueAt", lead.slaMissedAt().toString());
        d.put("sla", Duration.between(lead.qualifiedAt(), model.slaDue(lead.qualifiedAt(), lead.qualifiedBy())).toString());
        d.put("stage", lead.stage().name());
        return new BusEvent(SOURCE, SLA_MISSED, lead.slaMissedAt(), Json.write(d));
    }
}
