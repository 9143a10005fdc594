package io.mqlengine.validation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A tracking route and the body format it reads: our own {@code /v1/events}, or Segment's HTTP tracking API
 * (a batch, or one message whose type the route names) as analytics.js, analytics-node and RudderStack send it.
 *
 * @param messageType for a single-message route, the Segment type the route implies (its body may omit it)
 */
public record Route(String path, Format format, String messageType) {

    /** How the body of a route is read. */
    public enum Format {
        /** {@code {"writeKey","sentAt","events":[...]}} with our field names. */
        NATIVE,
        /** {@code {"writeKey","sentAt","batch":[...]}} of Segment messages. */
        SEGMENT_BATCH,
        /** One Segment message, with {@code writeKey} and {@code sentAt} beside its fields. */
        SEGMENT_MESSAGE
    }

    public static final Route EVENTS = new Route("/v1/events", Format.NATIVE, null);

    private static final Map<String, Route> BY_PATH = new LinkedHashMap<>();

    static {
        add(EVENTS);
        // analytics.js posts its batches to {apiHost}/b: /b for an apiHost without a path, /v1/b for one like Segment's
        for (String path : new String[] {"/v1/batch", "/v1/b", "/b"}) {
            add(new Route(path, Format.SEGMENT_BATCH, null));
        }
        for (String type : new String[] {"track", "page", "identify", "group", "alias", "screen"}) {
            add(new Route("/v1/" + type, Format.SEGMENT_MESSAGE, type));
            // analytics.js names a single-message route by the first letter of the type: /v1/t, /v1/p, ...
            add(new Route("/v1/" + type.charAt(0), Format.SEGMENT_MESSAGE, type));
        }
    }

    private static void add(Route route) {
        BY_PATH.put(route.path(), route);
    }

    /** The route served at {@code path}, if any. */
    public static Optional<Route> forPath(String path) {
        return Optional.ofNullable(path == null ? null : BY_PATH.get(path));
    }

    /** Every route, in a stable order (the template declares each one). */
    public static Iterable<Route> all() {
        return BY_PATH.values();
    }

    public boolean segment() {
        return format != Format.NATIVE;
    }

    /** The JSON path of the event at {@code index} in a body posted to this route. */
    public String eventPath(int index) {
        return switch (format) {
            case NATIVE -> "$.events[" + index + "]";
            case SEGMENT_BATCH -> "$.batch[" + index + "]";
            case SEGMENT_MESSAGE -> "$";
        };
    }
}
