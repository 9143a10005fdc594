package io.mqlengine;

import io.mqlengine.model.EventType;
import io.mqlengine.model.TrackingEvent;
import io.mqlengine.model.Traits;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Builds tracking events for tests. */
public final class Ev {
    private static final AtomicInteger SEQ = new AtomicInteger();

    private Ev() {
    }

    public static String id() {
        return "ev-" + SEQ.incrementAndGet();
    }

    public static TrackingEvent page(String anon, String path, Instant at) {
        return new TrackingEvent(id(), EventType.PAGE, null, anon, null, null, at,
                Map.of("page", Map.of("path", path)), Map.of());
    }

    public static TrackingEvent track(String anon, String event, Instant at) {
        return track(anon, event, Map.of(), at);
    }

    public static TrackingEvent track(String anon, String event, Map<String, Object> properties, Instant at) {
        return new TrackingEvent(id(), EventType.TRACK, event, anon, null, null, at, Map.of(), properties);
    }

    public static TrackingEvent withUserAgent(TrackingEvent e, String ua) {
        return new TrackingEvent(e.eventId(), e.type(), e.event(), e.anonymousId(), e.userId(), e.traits(),
                e.timestamp(), Map.of("userAgent", ua), e.properties());
    }

    public static TrackingEvent identify(String anon, Traits traits, Instant at) {
        return new TrackingEvent(id(), EventType.IDENTIFY, null, anon, null, traits, at, Map.of(), Map.of());
    }

    /** An identify that also names the site's user id (analytics.js {@code identify(userId, traits)}). */
    public static TrackingEvent identify(String anon, String userId, Traits traits, Instant at) {
        return new TrackingEvent(id(), EventType.IDENTIFY, null, anon, userId, traits, at, Map.of(), Map.of());
    }

    /** A group call: company traits for the lead. */
    public static TrackingEvent group(String anon, String company, Integer companySize, String industry, Instant at) {
        return new TrackingEvent(id(), EventType.GROUP, null, anon, null,
                new Traits(null, null, null, null, company, companySize, industry, null), at, Map.of(), Map.of());
    }

    /** An alias call: {@code previousAnon} (Segment's previousId) is the user {@code userId}. */
    public static TrackingEvent alias(String previousAnon, String userId, Instant at) {
        return new TrackingEvent(id(), EventType.ALIAS, null, previousAnon, userId, null, at, Map.of(), Map.of());
    }

    /** An event as ingest builds it from a server-side call that carries only a user id. */
    public static TrackingEvent ofUser(String userId, TrackingEvent e) {
        return new TrackingEvent(e.eventId(), e.type(), e.event(), io.mqlengine.identity.UserIds.anonymousIdFor(userId),
                userId, e.traits(), e.timestamp(), e.context(), e.properties());
    }

    public static TrackingEvent at(TrackingEvent e, Instant at) {
        return new TrackingEvent(e.eventId(), e.type(), e.event(), e.anonymousId(), e.userId(), e.traits(), at,
                e.context(), e.properties());
    }

    /** A VP at a 200-person software company in the US with a business email: grade A in the default model. */
    public static Traits fitting(String email) {
        return new Traits(email, "Ada", "Lovelace", "VP Engineering", "Analytical Engines", 200, "software", "US");
    }
}
