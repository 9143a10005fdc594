package io.mqlengine.scoring;

import io.mqlengine.model.Stage;
import java.time.Instant;

/** A stage change, when it happened and why (a rule id or a sweep reason). */
public record Transition(Stage from, Stage to, Instant at, String reason) {
}
