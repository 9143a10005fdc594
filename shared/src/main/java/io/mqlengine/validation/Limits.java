package io.mqlengine.validation;

import java.time.Duration;

/**
 * Bounds on tracking input. Timestamps: the request's {@code sentAt} corrects each event's clock
 * (receivedAt - sentAt is added); after correction an event more than {@code maxFutureSkew} ahead of
 * the server or older than {@code maxAge} is rejected, never clamped.
 */
public record Limits(int maxEvents, int maxStringLength, int maxKeyLength, int maxProperties,
                     int maxDepth, int maxArrayItems, Duration maxFutureSkew, Duration maxAge) {

    public static final Limits DEFAULT = new Limits(100, 2048, 64, 50, 3, 50,
            Duration.ofMinutes(5), Duration.ofDays(7));

    /** Problems listed for one event; the answer says how many more there were. */
    public static final int MAX_PROBLEMS_PER_EVENT = 20;
    /** Problems listed in one answer, over all its events; the answer says how many more there were. */
    public static final int MAX_PROBLEMS_PER_REQUEST = 100;

    public Limits withTime(Duration maxFutureSkew, Duration maxAge) {
        return new Limits(maxEvents, maxStringLength, maxKeyLength, maxProperties, maxDepth, maxArrayItems,
                maxFutureSkew, maxAge);
    }
}
