package io.mqlengine.scoring;

import io.mqlengine.model.Stage;
import java.time.Instant;

/**
 * A stage change, when it happened and its cause: {@code score}, a fast-track or disqualifier rule id,
 * {@code outcome:<outcome>} (sales' verdict; {@code note} holds its reason), {@code score-decayed} or {@code stale}
 * (the sweep), {@code returned after archive}. {@code note} is null when there is nothing to add.
 */
public record Transition(Stage from, Stage to, Instant at, String reason, String note) {

    /** A change with no note. */
    public Transition(Stage from, Stage to, Instant at, String reason) {
        this(from, to, at, reason, null);
    }
}
