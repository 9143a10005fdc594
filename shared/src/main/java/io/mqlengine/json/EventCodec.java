package io.mqlengine.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqlengine.model.EventType;
import io.mqlengine.model.TrackingEvent;
import io.mqlengine.model.Traits;
import java.time.Instant;
import java.util.Map;

/**
 * Tracking events to and from the JSON of the tracking contract. Reading here trusts the input's shape
 * (it passed validation at ingest); malformed input fails with {@link IllegalArgumentException}.
 */
public final class EventCodec {

    private EventCodec() {
    }

    public static ObjectNode toJson(TrackingEvent e) {
        ObjectNode n = Json.object();
        n.put("eventId", e.eventId());
        n.put("type", e.type().wire());
        if (e.event() != null) {
            n.put("event", e.event());
        }
        n.put("anonymousId", e.anonymousId());
        if (e.userId() != null) {
            n.put("userId", e.userId());
        }
        Map<String, Object> traits = e.traits().asMap();
        if (!traits.isEmpty()) {
            n.set("traits", Json.mapper().valueToTree(traits));
        }
        n.put("timestamp", e.timestamp().toString());
        if (!e.context().isEmpty()) {
            n.set("context", Json.mapper().valueToTree(e.context()));
        }
        if (!e.properties().isEmpty()) {
            n.set("properties", Json.mapper().valueToTree(e.properties()));
        }
        return n;
    }

    public static TrackingEvent fromJson(JsonNode n) {
        try {
            EventType type = EventType.fromWire(text(n, "type"))
                    .orElseThrow(() -> new IllegalArgumentException("unknown type " + n.get("type")));
            JsonNode t = n.path("traits");
            Traits traits = t.isObject() ? new Traits(opt(t, "email"), opt(t, "firstName"), opt(t, "lastName"),
                    opt(t, "title"), opt(t, "company"), t.hasNonNull("companySize") ? t.get("companySize").asInt() : null,
                    opt(t, "industry"), opt(t, "country")) : Traits.NONE;
            return new TrackingEvent(text(n, "eventId"), type, opt(n, "event"), text(n, "anonymousId"), opt(n, "userId"),
                    traits, Instant.parse(text(n, "timestamp")), map(n.get("context")), map(n.get("properties")));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a tracking event: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(JsonNode n) {
        return n == null || n.isNull() ? Map.of() : Json.mapper().convertValue(n, Map.class);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("missing " + field);
        }
        return v.textValue();
    }

    private static String opt(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
