package io.mqlengine.local.lambda;

/** What one invocation returned or threw, and whether it ran on a fresh instance. */
public record Invocation(String requestId, Object response, Throwable error, boolean coldStart, long durationMs) {
    public boolean failed() {
        return error != null;
    }

    /** A short description of the error for log lines. */
    public String errorText() {
        return error == null ? null : error.getClass().getSimpleName() + ": " + error.getMessage();
    }
}
