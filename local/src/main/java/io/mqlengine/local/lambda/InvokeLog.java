package io.mqlengine.local.lambda;

import io.mqlengine.local.log.JsonLines;
import java.util.concurrent.TimeoutException;

/**
 * The one JSON line per invocation: function, trigger, the template event that invoked it (for a function with
 * two mappings), duration, outcome, records, failures, cold start.
 */
public final class InvokeLog {
    private InvokeLog() {}

    public static void emit(JsonLines log, String function, String trigger, Invocation invocation, String outcome,
            int records, int failed) {
        emit(log, function, trigger, null, invocation, outcome, records, failed);
    }

    /** @param source the event's name in the template ({@code Events:} key), or null to leave it out */
    public static void emit(JsonLines log, String function, String trigger, String source, Invocation invocation,
            String outcome, int records, int failed) {
        log.emit("event", "invoke", "function", function, "trigger", trigger, "source", source,
                "durationMs", invocation.durationMs(),
                "outcome", outcome, "records", records, "failed", failed, "coldStart", invocation.coldStart(),
                "requestId", invocation.requestId(), "error", invocation.errorText());
        if (invocation.error() != null && !(invocation.error() instanceof TimeoutException)) {
            StackTraceElement[] trace = invocation.error().getStackTrace();
            System.err.println("[" + function + " " + invocation.requestId() + "] " + invocation.errorText()
                    + (trace.length > 0 ? " at " + trace[0] : ""));
        }
    }
}
