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
        row(out, f, "jvm_garbage_collector", "README: Parallel");
        row(out, f, "jvm_jit", "README: C1 only");
        row(out, f, "events", "");
        row(out, f, "requests", "");
        row(out, f, "mix_events_per_request", "");
        row(out, f, "mix_browser_event_share", "");
        row(out, f, "mix_snippet_batch_event_share", "");
        row(out, f, "mix_server_batch_event_share", "");
        row(out, f, "dynamodb_write_requests_per_event", "");
        row(out, f, "dynamodb_read_requests_per_event", "<= 0.1");
        row(out, f, "dynamodb_wcu_per_event", "<= 0.25");
        row(out, f, "index_wcu_per_event", "<= 0.0922 + 0.05 (keys-only index)");
        row(out, f, "naive_dynamodb_wcu_per_event", "");
        row(out, f, "dynamodb_rcu_per_event", "");
        row(out, f, "lead_item_bytes_p50", "");
        row(out, f, "lead_item_bytes_p99", "<= 1024 (one write unit)");
        row(out, f, "items_over_1kb_fraction", "");
        row(out, f, "overflow_items", "");
        row(out, f, "sqs_requests_per_event", "<= 0.10");
        row(out, f, "lambda_invocations_per_million", "");
        row(out, f, "s3_put_requests_per_event", "");
        row(out, f, "score_events_per_second_per_core", ">= 300000");
        row(out, f, "score_jvm_jit", "its own JVM, HotSpot's default JIT");
        row(out, f, "warm_up_events", "");
        row(out, f, "e2e_warm_up_events_per_second", "");
        row(out, f, "e2e_events_per_second", ">= 2000");
        row(out, f, "e2e_cpu_ms_per_1k_events", "");
        row(out, f, "ingest_p50_ms", "");
        row(out, f, "ingest_p99_ms", "");
        row(out, f, "handoff_p99_ms", "<= 500");
        row(out, f, "handoff_p99_under_load_ms", "<= 2000");
        for (String stage : new String[] {"ingest_ms_p50", "ingest_ms_p99", "ingest_wait_ms_p99",
                "events_queue_age_ms_p50", "events_queue_age_ms_p99", "score_window_ms_p50", "score_wait_ms_p99",
                "score_ms_p50", "score_ms_p99", "score_batch_messages_mean", "score_batches",
                "hand_raiser_queue_age_ms_p99", "hand_raiser_score_ms_p99", "handoff_fn_ms_p99",
                "accept_to_qualified_ms_p50", "accept_to_qualified_ms_p99", "qualified_to_handoff_ms_p50",
                "qualified_to_handoff_ms_p99"}) {
            row(out, f, "e2e_stage_" + stage, "");
        }
        row(out, f, "cold_start_ms", "<= 0.6 x baseline");
        row(out, f, "cold_start_baseline_ms", "");
        row(out, f, "sweep_items_read_per_due_lead", "<= 1.1");
        row(out, f, "functions_jar_bytes", "");
        for (String item : new String[] {"dynamodb_writes", "dynamodb_reads", "sqs", "api_gateway", "lambda_requests",
                "lambda_duration", "s3_archive"}) {
            out.printf("%-38s %16s   naive %s%n", "cost_" + item + "_usd", f.get("cost_" + item + "_usd"),
                    f.get("naive_cost_" + item + "_usd"));
        }
        row(out, f, "cost_per_million_usd", "<= 0.45 and <= naive / 5");
        row(out, f, "naive_cost_per_million_usd", "");
    }

    private static void row(PrintStream out, Map<String, Object> f, String key, String target) {
        out.printf("%-38s %16s   %s%n", key, f.get(key), target);
    }
}
