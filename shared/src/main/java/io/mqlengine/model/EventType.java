package io.mqlengine.model;

import java.util.Locale;
import java.util.Optional;

/** The three tracking call types, as in the analytics conventions people know. */
public enum EventType {
    PAGE, TRACK, IDENTIFY;

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
