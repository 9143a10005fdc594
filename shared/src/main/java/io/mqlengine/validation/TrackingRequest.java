package io.mqlengine.validation;

import io.mqlengine.model.TrackingEvent;
import java.time.Instant;
import java.util.List;

/** A parsed tracking request: the events that passed validation and the ones that did not, each by index. */
public record TrackingRequest(String writeKey, Instant sentAt, List<Accepted> accepted, List<Rejected> rejected) {

    /** A valid event and the identify signature the client sent with it, if any. */
    public record Accepted(int index, TrackingEvent event, String userHash) {
    }

    /** An invalid event: its index, its eventId when readable, and every problem. */
    public record Rejected(int index, String eventId, List<Problem> problems) {
    }
}
