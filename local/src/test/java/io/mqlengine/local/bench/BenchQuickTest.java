package io.mqlengine.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mqlengine.json.Json;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's promise about {@code bench --quick}: it writes every figure, each with a sane value. */
class BenchQuickTest {

    @Test
    void benchQuick_shouldWriteEveryFigureWithASaneValue(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("bench.json");
        assertThat(Bench.run(new String[] {"--quick", "--out", out.toString()})).isZero();
        JsonNode f = Json.mapper().readTree(out.toFile());
        for (String key : List.of("events", "dynamodb_write_requests_per_event", "dynamodb_wcu_per_event",
                "sqs_requests_per_event", "score_events_per_second_per_core", "e2e_events_per_second", "ingest_p50_ms",
                "ingest_p99_ms", "handoff_p99_ms", "cold_start_ms", "cold_start_baseline_ms", "sweep_items_read_per_due_lead",
                "functions_jar_bytes", "naive_dynamodb_wcu_per_event")) {
            assertThat(f.path(key).isNumber()).as(key + " is a number in " + f).isTrue();
            assertThat(f.path(key).asDouble()).as(key).isPositive();
        }
        // the JVM the figures came from (here the test JVM, whatever its flags)
        assertThat(f.path("jvm_garbage_collector").asText()).isEqualTo(JvmRegime.figures().get("jvm_garbage_collector"));
        assertThat(f.path("jvm_jit").asText()).isIn("C1 only", "C1 and C2", "C2 only");
        // the scoring figure comes from a JVM of its own, on HotSpot's default JIT, whatever this JVM's flags
        if (System.getenv("JAVA_TOOL_OPTIONS") == null) {
            assertThat(f.path("score_jvm_jit").asText()).isEqualTo("C1 and C2");
        }
        for (String key : List.of("dynamodb_read_requests_per_event", "dynamodb_rcu_per_event")) {
            assertThat(f.path(key).asDouble()).as(key).isGreaterThanOrEqualTo(0);
        }
        assertThat(f.path("events").asInt()).isEqualTo(600);
        assertThat(f.path("ingest_p99_ms").asDouble()).isGreaterThanOrEqualTo(f.path("ingest_p50_ms").asDouble());
        assertThat(f.path("dynamodb_wcu_per_event").asDouble()).as("cheaper than the naive store")
                .isLessThan(f.path("naive_dynamodb_wcu_per_event").asDouble());
        assertThat(f.path("funnel_steps").asLong()).as("the traffic makes leads and MQLs").isPositive();
        assertThat(f.path("funnel_writes_per_transition").asDouble()).as("at most one counter write per step")
                .isPositive().isLessThanOrEqualTo(1.0);
        assertThat(f.path("funnel_writes_per_event").asDouble()).isPositive().isLessThan(1.0);
        assertThat(f.path("sweep_due").asInt()).isEqualTo(30);
        assertThat(f.path("functions_jar_bytes").asLong()).isGreaterThan(1_000_000);
        assertThat(f.path("cost_per_million_events_usd").path("total").asDouble()).isPositive();
        assertIssue15FiguresSane(f);
    }

    /** The figures issue 15 added, each bounded on both sides where a bound is known. */
    private static void assertIssue15FiguresSane(JsonNode f) {
        for (String key : List.of("requests", "mix_events_per_request", "mix_browser_event_share",
                "mix_snippet_batch_event_share", "mix_server_batch_event_share", "mix_browser_request_share",
                "mix_snippet_batch_request_share", "mix_server_batch_request_share", "index_wcu_per_event",
                "items_over_1kb_fraction", "lambda_invocations_per_million", "s3_put_requests_per_event",
                "naive_store_ms_per_delivery", "cost_per_million_usd", "naive_cost_per_million_usd")) {
            assertThat(f.path(key).isNumber()).as(key + " is a number in " + f).isTrue();
        }
        double events = f.path("events").asDouble();
        double wcu = f.path("dynamodb_wcu_per_event").asDouble();
        assertThat(f.path("index_wcu_per_event").asDouble()).as("index units are part of the write units")
                .isGreaterThanOrEqualTo(0).isLessThanOrEqualTo(wcu);
        assertThat(f.path("items_over_1kb_fraction").asDouble()).isBetween(0.0, 1.0);

        // the mix: every kind of sender present, the snippet's batches about ten events each
        double shares = 0;
        for (String kind : List.of("browser", "snippet_batch", "server_batch")) {
            assertThat(f.path("mix_" + kind + "_event_share").asDouble()).as(kind).isBetween(0.1, 0.7);
            shares += f.path("mix_" + kind + "_event_share").asDouble();
        }
        assertThat(shares).isCloseTo(1.0, Offset.offset(0.001));
        assertThat(f.path("mix_events_per_request").asDouble()).isEqualTo(events / f.path("requests").asDouble(),
                Offset.offset(0.0001));
        double snippetEventsPerRequest = f.path("mix_snippet_batch_event_share").asDouble() * events
                / (f.path("mix_snippet_batch_request_share").asDouble() * f.path("requests").asDouble());
        assertThat(snippetEventsPerRequest).as("events per snippet batch").isBetween(8.0, 12.0);
        assertThat(f.path("http_requests").asInt()).as("duplicates sent twice").isGreaterThanOrEqualTo(f.path("requests").asInt());

        // the warm-up ran first on the same twin, and no figure counts it: one ingest invocation per measured request
        assertThat(f.path("warm_up_events").asInt()).isEqualTo(Bench.QUICK_WARM_UP_EVENTS);
        assertThat(f.path("e2e_warm_up_events_per_second").asDouble()).isPositive();
        assertThat(f.path("lambda").path("IngestFunction").path("invocations").asInt()).as("measured requests only")
                .isEqualTo(f.path("http_requests").asInt());

        // at least the ingest function's invocation per HTTP request, fewer than the naive design's two per event
        assertThat(f.path("lambda_invocations_per_million").asDouble())
                .isGreaterThanOrEqualTo(Math.floor(f.path("http_requests").asDouble() / events * 1e6))
                .isLessThan(2e6);
        int scoreInvocations = f.path("lambda").path("ScoreFunction").path("invocations").asInt();
        assertThat(f.path("s3_put_requests_per_event").asDouble() * events).as("one archive object per score batch")
                .isPositive().isLessThanOrEqualTo(scoreInvocations + 0.5);

        assertThat(f.path("cost_per_million_usd").asDouble()).as("cheaper than the naive design").isPositive()
                .isLessThan(f.path("naive_cost_per_million_usd").asDouble());
        for (String prefix : List.of("", "naive_")) {
            double sum = 0;
            for (String item : List.of("dynamodb_writes", "dynamodb_reads", "sqs", "api_gateway", "lambda_requests",
                    "lambda_duration", "s3_archive")) {
                JsonNode v = f.path(prefix + "cost_" + item + "_usd");
                assertThat(v.isNumber()).as(prefix + item + " in " + f).isTrue();
                assertThat(v.asDouble()).as(prefix + item).isGreaterThanOrEqualTo(0);
                sum += v.asDouble();
            }
            assertThat(sum).as(prefix + "line items sum to the total")
                    .isCloseTo(f.path(prefix + "cost_per_million_usd").asDouble(), Offset.offset(0.0004));
        }
        assertThat(f.path("cost_dynamodb_writes_usd").asDouble()).as("priced from the write units")
                .isCloseTo(wcu * 0.625, Offset.offset(0.0001));
        assertThat(f.path("cost_per_million_events_usd").path("total").asDouble()).as("the former total is the same sum")
                .isCloseTo(f.path("cost_per_million_usd").asDouble(), Offset.offset(0.0006));
        assertStagesSane(f);
    }

    /** Where the load run's time goes: each stage's timings, the batches' fill and size, CPU per event, its split. */
    private static void assertStagesSane(JsonNode f) {
        for (String key : List.of("e2e_cpu_ms_per_1k_events", "e2e_stage_ingest_ms_p50", "e2e_stage_ingest_ms_p99",
                "e2e_stage_ingest_wait_ms_p99", "e2e_stage_events_queue_age_ms_p50",
                "e2e_stage_events_queue_age_ms_p99",
                "e2e_stage_score_window_ms_p50", "e2e_stage_score_wait_ms_p99", "e2e_stage_score_ms_p50",
                "e2e_stage_score_ms_p99", "e2e_stage_score_batch_messages_mean", "e2e_stage_score_batches")) {
            assertThat(f.path(key).isNumber()).as(key + " is a number in " + f).isTrue();
            assertThat(f.path(key).asDouble()).as(key).isGreaterThanOrEqualTo(0);
        }
        assertThat(f.path("e2e_cpu_ms_per_1k_events").asDouble()).isPositive();
        assertThat(f.path("e2e_stage_ingest_ms_p99").asDouble())
                .isGreaterThanOrEqualTo(f.path("e2e_stage_ingest_ms_p50").asDouble());
        assertThat(f.path("e2e_stage_score_ms_p99").asDouble())
                .isGreaterThanOrEqualTo(f.path("e2e_stage_score_ms_p50").asDouble());
        assertThat(f.path("e2e_stage_score_window_ms_p50").asDouble()).as("the 1 s window and one long poll")
                .isBetween(0.0, 2_500.0);
        assertThat(f.path("e2e_stage_score_batch_messages_mean").asDouble()).as("at most BatchSize").isPositive()
                .isLessThanOrEqualTo(100.0);
        assertThat(f.path("e2e_stage_score_batches").asInt()).isPositive()
                .isLessThanOrEqualTo(f.path("lambda").path("ScoreFunction").path("invocations").asInt());
        for (String key : List.of("e2e_stage_hand_raiser_queue_age_ms_p99", "e2e_stage_hand_raiser_score_ms_p99",
                "e2e_stage_handoff_fn_ms_p99", "e2e_stage_accept_to_qualified_ms_p50",
                "e2e_stage_accept_to_qualified_ms_p99",
                "e2e_stage_qualified_to_handoff_ms_p50", "e2e_stage_qualified_to_handoff_ms_p99")) {
            assertThat(f.path(key).isNull() || f.path(key).isNumber() && f.path(key).asDouble() >= 0)
                    .as(key + " is null (nothing of the kind under load) or a number >= 0 in " + f).isTrue();
        }
        double shares = 0;
        for (JsonNode v : f.path("e2e_cpu_share")) {
            shares += v.asDouble();
        }
        assertThat(shares).as("the CPU shares sum to 1").isCloseTo(1.0, Offset.offset(0.01));
        assertThat(f.path("stages").path("ScoreFunction.Events (sqs)").path("batch_bytes_p99").asLong())
                .as("within Lambda's 6 MB payload").isPositive().isLessThanOrEqualTo(6L * 1024 * 1024);
    }
}
