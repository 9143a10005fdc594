package io.mqlengine.local.bench;

import java.io.PrintStream;
import java.util.Map;

/** Prints the figures as a table, with the targets from the benchmark's brief beside them. */
final class Report {
    private Report() {
    }

    static void print(Map<String, Object> f, PrintStream out) {
        out.println();
        out.printf("%-38s %16s   %s%n", "figure", "value", "target");
        row(out, f, "events", "");
        row(out, f, "dynamodb_write_requests_per_event", "");
        row(out, f, "dynamodb_read_requests_per_event", "<= 0.1");
        row(out, f, "dynamodb_wcu_per_event", "<= 1.0 and <= naive / 4");
        row(out, f, "naive_dynamodb_wcu_per_event", "");
        row(out, f, "dynamodb_rcu_per_event", "");
        row(out, f, "lead_item_bytes_p50", "");
        row(out, f, "lead_item_bytes_p99", "<= 1024 (one write unit)");
        row(out, f, "overflow_items", "");
        row(out, f, "sqs_requests_per_event", "");
        row(out, f, "score_events_per_second_per_core", ">= 100000");
        row(out, f, "e2e_events_per_second", ">= 1000");
        row(out, f, "ingest_p50_ms", "");
        row(out, f, "ingest_p99_ms", "");
        row(out, f, "handoff_p99_ms", "<= 1000");
        row(out, f, "handoff_p99_under_load_ms", "");
        row(out, f, "cold_start_ms", "<= 0.6 x baseline");
        row(out, f, "cold_start_baseline_ms", "");
        row(out, f, "sweep_items_read_per_due_lead", "<= 1.1");
        row(out, f, "functions_jar_bytes", "<= 12 MB");
        out.printf("%-38s %16s%n", "cost per million events (USD)", f.get("cost_per_million_events_usd"));
    }

    private static void row(PrintStream out, Map<String, Object> f, String key, String target) {
        out.printf("%-38s %16s   %s%n", key, f.get(key), target);
    }
}
