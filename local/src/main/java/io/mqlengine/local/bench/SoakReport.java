package io.mqlengine.local.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** Prints the soak's figures as a table, the three that must be 0 marked, and a line saying what went wrong. */
final class SoakReport {
    private SoakReport() {
    }

    static void print(Map<String, Object> f, PrintStream out) {
        out.println();
        out.printf("%-24s %12s   %s%n", "soak", "value", "expected");
        for (String key : List.of("minutes", "leads", "identified_leads", "requests_sent", "accepted_requests",
                "accepted_events", "unique_events", "retries_sent", "duplicates_sent", "bursts", "burst_requests",
                "client_resends", "refused_requests", "unresolved_requests", "drain_seconds", "leads_checked",
                "leads_differing")) {
            out.printf("%-24s %12s%n", key, f.get(key));
        }
        out.printf("%-24s %12s%n", "not_accepted", f.get("not_accepted"));
        for (String key : List.of("lost", "double_counted", "dead_lettered", "score_mismatches")) {
            out.printf("%-24s %12s   0%n", key, f.get(key));
        }
        out.printf("%-24s %12s%n", "dead_lettered_by_queue", f.get("dead_lettered_by_queue"));
        if (f.get("differences") instanceof List<?> differences && !differences.isEmpty()) {
            out.println("leads that differ from the replay (first " + differences.size() + "):");
            differences.forEach(d -> out.println("  " + d));
        }
        out.println(Boolean.TRUE.equals(f.get("exactly_once"))
                ? "every accepted event was applied exactly once, and nothing was dead-lettered"
                : "NOT exactly once: " + verdict(f));
    }

    /** What went wrong, in one line. */
    static String verdict(Map<String, Object> f) {
        StringBuilder b = new StringBuilder();
        if (!Boolean.TRUE.equals(f.get("drained"))) {
            b.append("the twin did not drain within the deadline; ");
        }
        b.append(f.get("lost")).append(" lost, ").append(f.get("double_counted")).append(" double-counted, ")
                .append(f.get("dead_lettered")).append(" dead-lettered, ").append(f.get("score_mismatches"))
                .append(" score mismatches");
        if (f.get("unresolved_requests") instanceof Number n && n.longValue() > 0) {
            b.append(" (").append(n).append(" requests got no definite answer: their events may show as double-counted)");
        }
        return b.toString();
    }
}
