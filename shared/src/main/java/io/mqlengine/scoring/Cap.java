package io.mqlengine.scoring;

import java.time.Duration;

/** How often one behaviour rule may score. */
public sealed interface Cap {

    /** Every matching event scores. */
    record Unlimited() implements Cap {
    }

    /** Scores once in the life of the lead. */
    record Once() implements Cap {
    }

    /**
     * Scores at most {@code max} times per window of length {@code per}. A window opens at the first
     * scoring event and covers [start, start + per); the first event at or after its end opens the next.
     */
    record PerPeriod(int max, Duration per) implements Cap {
    }
}
