package io.mqlengine.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mqlengine.json.Json;
import io.mqlengine.local.bench.Bench;
import io.mqlengine.local.demo.Demo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's two promises about the local jar: the demo shows every MQL, and {@code bench --quick} measures. */
class DemoAndBenchTest {

    @Test
    void demo_shouldPrintEveryExpectedMql_thenTheRecycledOnes_thenInstructions() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (RunningTwin twin = LocalTwin.start(TwinOptions.of(EndToEndTest.TEMPLATE).withPort(0).withOutput(l -> { }));
             PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            new Demo(twin, EndToEndTest.ROOT.resolve("events/journeys"), out).run();
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("7 of the 7 expected MQLs reached the handoff queue");
        assertThat(text.lines().filter(l -> l.startsWith("MQL #"))).hasSize(7);
        assertThat(text).contains("<ada@analytical-engines.example>").contains("qualified by hand-raiser");
        assertThat(text).contains("RECYCLED hal@woodgrove.example");
        assertThat(text).contains("aws sqs receive-message").contains("curl -s -X POST");
        assertThat(text).doesNotContain("The demo stopped");
    }

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
    }
}
