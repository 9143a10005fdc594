package io.mqlengine.local.lambda;

import io.mqlengine.local.log.JsonLines;
import java.util.concurrent.TimeoutException;

/**
 * The one JSON line per invocation: function, trigger, the template event that invoked it (for a function with
 * two mappings), duration, the wait for a free instance, outcome, records, failures, cold start; for a queue's
 * mapping also how old its oldest message was when the function started and how long the batch was gathered.
 */
public final class InvokeLog {
    private InvokeLog() {}

    /** What a queue's mapping knows of a batch: its oldest message's age at the invocation, its gathering time. */
    public record QueueTimes(long oldestAgeMs, long windowMs, long bytes) {}

    public static void emit(JsonLines log, String function, String trigger, Invocation invocation, String outcome,
            int records, int failed) {
        emit(log, function, trigger, null, invocation, outcome, records, failed, null);
    }

    /** @param source the event's name in the template ({@code Events:} key), or null to leave it out */
    public static void emit(JsonLines log, String function, String trigger, String source, Invocation invocation,
            String outcome, int records, int failed) {
        emit(log, function, trigger, source, invocation, outcome, records, failed, null);
    }

    /** @param queue a queue mapping's batch times, or null */
    public static void emit(JsonLines log, String function, String trigger, String source, Invocation invocation,
            String outcome, int records, int failed, QueueTimes queue) {
        log.emit("event", "invoke", "function", function, "trigger", trigger, "source", source,
                "durationMs", invocation.durationMs(), "waitMs", invocation.waitMs(),
                "oldestAgeMs", queue == null ? null : queue.oldestAgeMs(),
                "windowMs", queue == null ? null : queue.windowMs(),
                "bytes", queue == null ? null : queue.bytes(),
                "outcome", outcome, "records", records, "failed", failed, "coldStart", invocation.coldStart(),
                "requestId", invocation.requestId(), "error", invocation.errorText());
        if (invocation.error() != null && !(invocation.error() instanceof TimeoutException)) {
            StackTraceElement[] trace = invocation.error().getStackTrace();
            System.err.println("[" + function + " " + invocation.requestId() + "] " + invocation.errorText()
                    + (trace.length > 0 ? " at " + trace[0] : ""));
        }
    }
}
