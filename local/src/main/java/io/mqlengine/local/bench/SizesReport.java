package io.mqlengine.local.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** Prints a sizes run as a table: one column per size, then the spreads and the sweeps' growth. */
final class SizesReport {
    private static final List<String> ROWS = List.of("events", "leads", "requests", "load_average_start",
            "e2e_seconds", "e2e_events_per_second", "cost_per_million_usd", "cost_per_million_usd_without_lambda_duration",
            "cost_dynamodb_writes_usd", "cost_sqs_usd",
            "cost_api_gateway_usd", "cost_lambda_requests_usd", "cost_lambda_duration_usd", "dynamodb_wcu_per_event",
            "index_wcu_per_event", "dynamodb_rcu_per_event", "sqs_requests_per_event", "lambda_invocations_per_million",
            "lead_item_bytes_p50", "lead_item_bytes_p99", "items_over_1kb_fraction",
            "table_billed_bytes_per_known_lead", "index_billed_bytes", "archive_bytes_per_event", "sweep_leads",
            "sweep_due", "sweep_items_read", "sweep_read_units",
            "sweep_write_units", "sweep_ms", "sweep_more_due", "sweep_more_items_read", "sweep_more_read_units",
            "sweep_more_items_read_per_due_lead", "sweep_more_ms", "size_seconds");

    private SizesReport() {
    }

    @SuppressWarnings("unchecked")
    static void print(Map<String, Object> f, PrintStream out) {
        List<Map<String, Object>> sizes = (List<Map<String, Object>>) f.get("sizes");
        out.println();
        out.printf("%-38s", "figure");
        sizes.forEach(s -> out.printf(" %14s", s.get("events") + " ev"));
        out.println();
        for (String key : ROWS) {
            out.printf("%-38s", key);
            sizes.forEach(s -> out.printf(" %14s", s.get(key)));
            out.println();
        }
        sizes.stream().filter(s -> s.get("hot_profile") != null).forEach(s -> {
            out.println();
            out.println("one hot profile, on the " + s.get("events") + "-event twin:");
            ((Map<String, Object>) s.get("hot_profile")).forEach((k, v) -> out.printf("%-38s %s%n", k, v));
        });
        out.println();
        Map<String, Object> scaling = (Map<String, Object>) f.get("scaling");
        scaling.forEach((k, v) -> out.printf("%-38s %s%n", k, v));
        out.printf("%-38s %s (load average %s at the start, %s at the end)%n", "seconds", f.get("seconds"),
                f.get("load_average_start"), f.get("load_average_end"));
    }
}
