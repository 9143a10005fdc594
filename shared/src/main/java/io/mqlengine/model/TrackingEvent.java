package io.mqlengine.model;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One validated tracking event. {@code context} and {@code properties} hold JSON scalars, lists and maps
 * (already bounded by validation); {@link #field} reads them by dotted path for rule conditions.
 */
public record TrackingEvent(String eventId, EventType type, String event, String anonymousId, String userId,
                            Traits traits, Instant timestamp, Map<String, Object> context,
                            Map<String, Object> properties) {

    public TrackingEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(anonymousId, "anonymousId");
        Objects.requireNonNull(timestamp, "timestamp");
        traits = traits == null ? Traits.NONE : traits;
        context = context == null ? Map.of() : context;
        properties = properties == null ? Map.of() : properties;
    }

    /** The email of an identify call, or null. */
    public String email() {
        return traits.email();
    }

    /**
     * Value at a dotted path: {@code type}, {@code event}, {@code context.page.path},
     * {@code properties.assetType}, {@code traits.title}. Null when absent.
     */
    public Object field(String path) {
        return field(path.split("\\."));
    }

    /** {@link #field(String)} with the path already split at its dots. */
    public Object field(String[] path) {
        Object root = switch (path[0]) {
            case "type" -> type.wire();
            case "event" -> event;
            case "anonymousId" -> anonymousId;
            case "userId" -> userId;
            case "context" -> context;
            case "properties" -> properties;
            case "traits" -> traits.asMap();
            default -> null;
        };
        Object current = root;
        for (int i = 1; i < path.length; i++) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(path[i]);
        }
        return current;
    }
}
