package io.mqlengine.model;

/** A stage change the funnel does not allow. */
public final class IllegalStageTransitionException extends IllegalStateException {
    private final Stage from;
    private final Stage to;

    public IllegalStageTransitionException(Stage from, Stage to) {
        super("illegal stage transition " + from + " -> " + to + " (allowed from " + from + ": " + from.next() + ")");
        this.from = from;
        this.to = to;
    }

    public Stage from() {
        return from;
    }

    public Stage to() {
        return to;
    }
}
