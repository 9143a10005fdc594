package io.mqlengine.local.lambda;

/**
 * What one invocation returned or threw, whether it ran on a fresh instance, how long it ran (a cold start's
 * initialisation included) and how long it waited for a free instance before that.
 */
public record Invocation(String requestId, Object response, Throwable error, boolean coldStart, long durationMs,
        long waitMs) {
    public boolean failed() {
        return error != null;
    }

    /** A short description of the error for log lines. */
    public String errorText() {
        return error == null ? null : error.getClass().getSimpleName() + ": " + error.getMessage();
    }
}
