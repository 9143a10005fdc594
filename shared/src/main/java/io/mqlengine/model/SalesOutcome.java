package io.mqlengine.model;

import java.time.Instant;
import java.util.Locale;

/**
 * What sales reports about a lead: {@code outcome} at {@code at}, by {@code by} (optional), with a {@code reason}
 * (optional). {@code outcomeId} makes the report idempotent, as {@code eventId} does for events. The lead is named by
 * exactly one of its lead id, its email or a handoff id ({@code <leadId>#<qualification>}).
 */
public record SalesOutcome(String outcomeId, Target target, Kind outcome, String reason, Instant at, String by) {

    /** The outcomes sales can report. */
    public enum Kind {
        ACCEPTED, REJECTED, SQL, WON, LOST, DISQUALIFIED;

        /** The name in messages: lower case. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Which lead the outcome is about: exactly one of the three is set. */
    public record Target(String leadId, String email, String handoffId) {
        public Target {
            int set = (leadId != null ? 1 : 0) + (email != null ? 1 : 0) + (handoffId != null ? 1 : 0);
            if (set != 1) {
                throw new IllegalArgumentException("exactly one of leadId, email and handoffId, got " + set);
            }
        }
    }
}
