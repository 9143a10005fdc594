package io.mqlengine.model;

import java.util.Locale;
import java.util.Optional;

/**
 * The tracking call types, as in the analytics conventions people know (Segment's spec). A Segment
 * {@code screen} call is accepted at ingest as a {@link #PAGE}.
 */
public enum EventType {
    PAGE, TRACK, IDENTIFY,
    /** Company traits ({@code company}, {@code companySize}, {@code industry}) for the lead; no email needed. */
    GROUP,
    /**
     * Links two ids of one person: the lead keyed by the event's {@code anonymousId} (Segment's
     * {@code previousId}) belongs to the lead of its {@code userId} (see {@code identity.UserIds}).
     */
    ALIAS;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<EventType> fromWire(String value) {
        for (EventType t : values()) {
            if (t.wire().equals(value)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
