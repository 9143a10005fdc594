package io.mqlengine.local.bench;

import io.mqlengine.model.TrackingEvent;
import java.time.Duration;
import java.util.List;

/**
 * One request of the soak: the lead it is for, its body (re-sent byte for byte by a retry), its events as the
 * ingest reads them, whether it is sent twice at once, when a client re-sends it after its 202 (null: never), and
 * whether it belongs to a burst.
 */
record SoakRequest(int lead, String body, List<TrackingEvent> events, boolean duplicated, Duration retryAfter,
                   boolean burst) {
}
