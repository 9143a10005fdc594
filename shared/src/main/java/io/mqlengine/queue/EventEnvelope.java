package io.mqlengine.queue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mqlengine.json.EventCodec;
import io.mqlengine.json.Json;
import io.mqlengine.model.TrackingEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The events queue's message: validated events of one request lane and when the API received them. Schema
 * version 2, {@code {"v":2,"receivedAt":..,"events":[..]}}; version 1 ({@code "event":{..}}, one event) is still
 * read, for the messages in flight while a deployment replaces the ingest function.
 */
public record EventEnvelope(List<TrackingEvent> events, Instant receivedAt) {
    public static final int VERSION = 2;
    /** The version before packing: one event per message. */
    public static final int VERSION_SINGLE = 1;

    public EventEnvelope {
        events = List.copyOf(events);
        if (events.isEmpty()) {
            throw new IllegalArgumentException("an envelope holds at least one event");
        }
    }

    /** An envelope of one event. */
    public EventEnvelope(TrackingEvent event, Instant receivedAt) {
        this(List.of(event), receivedAt);
    }

    /** The message body of all its events (the queue packs large envelopes into several messages instead). */
    public String toJson() {
        List<String> bodies = new ArrayList<>(events.size());
        events.forEach(e -> bodies.add(eventJson(e)));
        return body(receivedAt, bodies);
    }

    /** One event as it appears inside a message body. */
    static String eventJson(TrackingEvent e) {
        return EventCodec.toJson(e).toString();
    }

    /** The body of a version 2 message holding {@code eventJsons} (each from {@link #eventJson}). */
    static String body(Instant receivedAt, List<String> eventJsons) {
        StringBuilder b = new StringBuilder(prefix(receivedAt));
        for (int i = 0; i < eventJsons.size(); i++) {
            b.append(i == 0 ? "" : ",").append(eventJsons.get(i));
        }
        return b.append(SUFFIX).toString();
    }

    /** What a body has before its first event; with {@link #SUFFIX}, all it adds to the events and their commas. */
    static String prefix(Instant receivedAt) {
        return "{\"v\":" + VERSION + ",\"receivedAt\":\"" + receivedAt + "\",\"events\":[";
    }

    static final String SUFFIX = "]}";

    /**
     * Parses a message body of version 1 or 2; anything else fails with {@link IllegalArgumentException} (a
     * poison message). A message is all or nothing: one broken event makes the whole message poison, as no
     * part of it could then be trusted to be what the ingest function wrote.
     */
    public static EventEnvelope fromJson(String body) {
        JsonNode n;
        try {
            n = Json.read(body);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("message body is not JSON", e);
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("message body is not a JSON object");
        }
        int version = n.path("v").isInt() ? n.get("v").intValue() : -1;
        if (version != VERSION && version != VERSION_SINGLE) {
            throw new IllegalArgumentException("message is not an event envelope of version " + VERSION_SINGLE
                    + " or " + VERSION + " (v is " + n.get("v") + ")");
        }
        Instant received;
        try {
            received = Instant.parse(n.path("receivedAt").asText());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("envelope receivedAt is not an instant", e);
        }
        if (version == VERSION_SINGLE) {
            if (!n.path("event").isObject()) {
                throw new IllegalArgumentException("envelope of version 1 has no event object");
            }
            return new EventEnvelope(EventCodec.fromJson(n.get("event")), received);
        }
        JsonNode list = n.path("events");
        if (!list.isArray() || list.isEmpty()) {
            throw new IllegalArgumentException("envelope of version 2 has no events array with at least one event");
        }
        List<TrackingEvent> events = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            try {
                events.add(EventCodec.fromJson(list.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("events[" + i + "] " + e.getMessage(), e);
            }
        }
        return new EventEnvelope(events, received);
    }
}
