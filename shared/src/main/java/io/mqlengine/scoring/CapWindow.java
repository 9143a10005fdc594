package io.mqlengine.scoring;

import java.time.Instant;

/** The open cap window of one rule: when it started and how many times the rule scored in it. */
public record CapWindow(Instant start, int count) {

    /**
     * Whether an event at {@code t} may score under {@code cap}: the window after it scores, or null when
     * the cap holds it back. An event older than the open window (a late arrival) counts against that window.
     */
    public static CapWindow admit(Cap cap, CapWindow current, Instant t) {
        if (cap instanceof Cap.Once) {
            return current == null ? new CapWindow(t, 1) : null;
        }
        if (cap instanceof Cap.PerPeriod p) {
            if (current == null || !t.isBefore(current.start().plus(p.per()))) {
                return new CapWindow(t, 1);
            }
            return current.count() < p.max() ? new CapWindow(current.start(), current.count() + 1) : null;
        }
        throw new IllegalArgumentException("an unlimited rule has no cap window");
    }
}
