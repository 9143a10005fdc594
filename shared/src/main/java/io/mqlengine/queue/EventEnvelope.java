package io.mqlengine.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqlengine.json.EventCodec;
import io.mqlengine.json.Json;
import io.mqlengine.model.TrackingEvent;
import java.time.Instant;

/** The events queue's message: one validated event and when the API received it. Schema version 1. */
public record EventEnvelope(TrackingEvent event, Instant receivedAt) {
    public static final int VERSION = 1;

    public String toJson() {
        ObjectNode n = Json.object();
        n.put("v", VERSION);
        n.put("receivedAt", receivedAt.toString());
        n.set("event", EventCodec.toJson(event));
        return n.toString();
    }

    /** Parses a message body; anything else fails with {@link IllegalArgumentException} (a poison message). */
    public static EventEnvelope fromJson(String body) {
        JsonNode n;
        try {
            n = Json.read(body);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("message body is not JSON", e);
        }
        if (n == null || !n.isObject() || n.path("v").asInt() != VERSION || !n.path("event").isObject()) {
            throw new IllegalArgumentException("message is not an event envelope of version " + VERSION);
        }
        Instant received;
        try {
            received = Instant.parse(n.path("receivedAt").asText());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("envelope receivedAt is not an instant", e);
        }
        return new EventEnvelope(EventCodec.fromJson(n.get("event")), received);
    }
}
