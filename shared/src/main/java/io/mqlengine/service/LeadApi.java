package io.mqlengine.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqlengine.identity.LeadIds;
import io.mqlengine.json.Json;
import io.mqlengine.model.Emails;
import io.mqlengine.scoring.ScoringModel;
import io.mqlengine.store.LeadKey;
import io.mqlengine.store.LeadStore;
import io.mqlengine.store.Stored;
import io.mqlengine.store.VersionConflictException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The lead API for people: {@code GET /v1/leads?email=} and {@code GET /v1/leads/{leadId}} answer a lead's
 * {@link LeadView}; {@code DELETE} on the same paths erases the person ({@link LeadErasure}). A bad parameter is a
 * 400 naming it, an unknown lead (or an erased one) a 404, in the ingest API's error shape.
 */
public final class LeadApi {
    /** A lead id as {@link LeadIds} makes them: 26 characters of lower-case base32. */
    private static final Pattern LEAD_ID = Pattern.compile("[a-z2-7]{26}");

    private final LeadStore store;
    private final ScoringModel model;
    private final LeadIds leadIds;
    private final Clock clock;
    private final LeadErasure erasure;

    public LeadApi(LeadStore store, ScoringModel model, LeadIds leadIds, Clock clock) {
        this(store, model, leadIds, clock, LeadErasure.TOMBSTONE_KEPT);
    }

    /** Erasure tombstones are kept {@code tombstoneKept} (the deployment's dedupe horizon). */
    public LeadApi(LeadStore store, ScoringModel model, LeadIds leadIds, Clock clock, Duration tombstoneKept) {
        this.store = store;
        this.model = model;
        this.leadIds = leadIds;
        this.clock = clock;
        this.erasure = new LeadErasure(store, clock, tombstoneKept);
    }

    /**
     * Answers one request: {@code method} GET or DELETE, {@code leadId} from the path (null on {@code /v1/leads}),
     * {@code query} the query string's parameters (null when there are none).
     */
    public IngestService.Response handle(String method, String leadId, Map<String, String> query) {
        String email = query == null ? null : query.get("email");
        if (!"GET".equals(method) && !"DELETE".equals(method)) {
            return IngestService.error(405, "method_not_allowed", "the lead API answers GET and DELETE, not " + method);
        }
        String id;
        if (leadId != null) {
            if (email != null) {
                return IngestService.error(400, "invalid_parameter",
                        "email: give the lead id in the path or the email parameter, not both");
            }
            if (!LEAD_ID.matcher(leadId).matches()) {
                return IngestService.error(400, "invalid_parameter",
                        "leadId: must be a lead id, 26 characters of a-z and 2-7");
            }
            id = leadId;
        } else {
            if (email == null || email.isBlank()) {
                return IngestService.error(400, "invalid_parameter",
                        "email: the query parameter email is required on /v1/leads (or use /v1/leads/{leadId})");
            }
            if (!Emails.isPlausible(email)) {
                return IngestService.error(400, "invalid_parameter", "email: must be an email address, e.g. ada@example.com");
            }
            id = leadIds.forEmail(email);
        }
        return "GET".equals(method) ? lookup(id) : erase(id);
    }

    private IngestService.Response lookup(String leadId) {
        LeadKey key = LeadKey.lead(leadId);
        Stored s = store.load(List.of(key), true).get(key);
        if (!(s instanceof Stored.Lead p)) {
            return notFound();
        }
        ObjectNode body = LeadViewJson.of(LeadView.of(p.state(), model, clock.instant()));
        return new IngestService.Response(200, body.toString());
    }

    /** Erases the person; a lead erased before answers the same (the call is idempotent). */
    private IngestService.Response erase(String leadId) {
        LeadErasure.Result r;
        try {
            r = erasure.erase(leadId);
        } catch (VersionConflictException e) {
            return IngestService.error(503, "busy", "the lead kept changing while it was erased; send the request again");
        }
        if (!r.found()) {
            return notFound();
        }
        ObjectNode n = Json.object();
        n.put("leadId", r.leadId());
        n.put("erased", true);
        n.put("aliases", r.aliases());
        return new IngestService.Response(200, n.toString());
    }

    private static IngestService.Response notFound() {
        return IngestService.error(404, "not_found", "no lead with this id or email");
    }
}
