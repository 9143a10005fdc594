package io.mqlengine.queue;

import java.time.Instant;

/** One event for an EventBridge bus: its source, detail type, time, and detail (a JSON object). */
public record BusEvent(String source, String detailType, Instant time, String detail) {
}
