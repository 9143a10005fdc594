package io.mqlengine.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.mqlengine.json.Problem;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/** The rules of an event's timestamp: an ISO-8601 instant, corrected for the client's clock, inside the horizon. */
final class EventTime {
    /** Instants outside years 0000-9999 are refused: no client means them, and their arithmetic overflows. */
    private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private final Limits limits;

    EventTime(Limits limits) {
        this.limits = limits;
    }

    /**
     * The event's timestamp plus {@code offset} (server receive time minus the client's sentAt), when it is
     * neither further in the future than {@link Limits#maxFutureSkew()} nor older than {@link Limits#maxAge()}
     * at {@code now}.
     */
    Instant timestamp(JsonNode node, String path, Duration offset, Instant now, List<Problem> problems) {
        JsonNode v = node.get("timestamp");
        String at = path + ".timestamp";
        if (v == null || v.isNull()) {
            problems.add(new Problem(at, "is required"));
            return null;
        }
        Instant parsed = v.isTextual() ? parseInstant(v.textValue()) : null;
        if (parsed == null) {
            problems.add(new Problem(at, "must be an ISO-8601 date-time with offset in the years 0000-9999, "
                    + "e.g. 2026-11-23T10:15:30Z"));
            return null;
        }
        Instant corrected = parsed.plus(offset);
        if (corrected.isAfter(now.plus(limits.maxFutureSkew()))) {
            problems.add(new Problem(at, "is more than " + limits.maxFutureSkew() + " in the future"
                    + (offset.isZero() ? "" : " after correcting the client clock by sentAt")));
            return null;
        }
        if (corrected.isBefore(now.minus(limits.maxAge()))) {
            problems.add(new Problem(at, "is older than the accepted horizon of " + limits.maxAge()));
            return null;
        }
        return corrected;
    }

    /** Parses an ISO-8601 instant with a zone offset in the years 0000 to 9999; null when it is not one. */
    static Instant parseInstant(String text) {
        if (text.length() > 64) {
            return null;
        }
        Instant parsed;
        try {
            parsed = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
        return parsed.isBefore(EARLIEST) || parsed.isAfter(LATEST) ? null : parsed;
    }
}
