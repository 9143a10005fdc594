package io.mqlengine.local.lambda;

import io.mqlengine.local.log.JsonLines;

/** The one JSON line per invocation: function, trigger, duration, outcome, records, failures, cold start. */
public final class InvokeLog {
  private InvokeLog() {}

  public static void emit(JsonLines log, String function, String trigger, Invocation invocation, String outcome,
      int records, int failed) {
    log.emit("event", "invoke", "function", function, "trigger", trigger, "durationMs", invocation.durationMs(),
        "outcome", outcome, "records", records, "failed", failed, "coldStart", invocation.coldStart(),
        "requestId", invocation.requestId(), "error", invocation.errorText());
    if (invocation.error() != null && !(invocation.error() instanceof java.util.concurrent.TimeoutException)) {
      StackTraceElement[] trace = invocation.error().getStackTrace();
      System.err.println("[" + function + " " + invocation.requestId() + "] " + invocation.errorText()
          + (trace.length > 0 ? " at " + trace[0] : ""));
    }
  }
}
