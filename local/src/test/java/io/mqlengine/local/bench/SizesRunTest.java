package io.mqlengine.local.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mqlengine.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench --sizes} at two tiny sizes: every per-size figure present and bounded, the sweeps' reads by due lead. */
class SizesRunTest {
    /** The README's run of the naive design: the engine's figures must stay below them at any size. */
    private static final double NAIVE_WCU_PER_EVENT = 3.6355;
    private static final double NAIVE_COST_PER_MILLION = 5.884;

    @Test
    void sizesRun_shouldWriteEverySizesFiguresWithSaneValues_whenRunAtTwoTinySizes(@TempDir Path dir) throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        assumeThat(Files.exists(root.resolve("functions/target/mql-functions.jar")))
                .as("functions/target/mql-functions.jar is needed: build with mvn -DskipTests package first").isTrue();
        Path out = dir.resolve("sizes.json");

        int exit = Bench.run(new String[] {"--sizes", "100,200", "--sweep-due", "10", "--sweep-leads-per-event", "1",
                "--no-hot-profile", "--out", out.toString()});

        assertThat(exit).isZero();
        JsonNode f = Json.read(Files.readString(out));
        assertThat(f.path("sizes")).hasSize(2);
        int[] events = {100, 200};
        for (int i = 0; i < 2; i++) {
            JsonNode s = f.path("sizes").get(i);
            for (String key : List.of("events", "leads", "cost_per_million_usd", "dynamodb_wcu_per_event",
                    "sqs_requests_per_event", "index_wcu_per_event", "lambda_invocations_per_million", "lambda",
                    "sweep_leads", "sweep_due", "sweep_items_read", "sweep_read_units", "sweep_more_due",
                    "sweep_more_items_read", "sweep_more_read_units", "load_average_start", "table_billed_bytes")) {
                assertThat(s.has(key)).as("size %d has %s", events[i], key).isTrue();
            }
            assertThat(s.path("events").asInt()).isEqualTo(events[i]);
            assertThat(s.path("leads").asInt()).isEqualTo(events[i] / SizesOptions.EVENTS_PER_LEAD);
            assertThat(s.path("dynamodb_wcu_per_event").asDouble()).isStrictlyBetween(0.0, NAIVE_WCU_PER_EVENT);
            // the naive design's 3 SQS requests and 2 invocations per event bound the engine's from above
            assertThat(s.path("sqs_requests_per_event").asDouble()).isStrictlyBetween(0.0, 3.0);
            assertThat(s.path("lambda_invocations_per_million").asDouble()).isStrictlyBetween(0.0, 2e6);
            double cost = s.path("cost_per_million_usd").asDouble();
            assertThat(cost).isStrictlyBetween(0.0, NAIVE_COST_PER_MILLION);
            double lines = 0;
            for (String item : List.of("dynamodb_writes", "dynamodb_reads", "sqs", "api_gateway", "lambda_requests",
                    "lambda_duration", "s3_archive")) {
                lines += s.path("cost_" + item + "_usd").asDouble();
            }
            assertThat(lines).isCloseTo(cost, Offset.offset(0.001));
            assertThat(s.path("cost_per_million_usd_without_lambda_duration").asDouble())
                    .isCloseTo(cost - s.path("cost_lambda_duration_usd").asDouble(), Offset.offset(0.001));
            assertThat(s.path("lambda").path("ScoreFunction").path("ms_per_invocation").asDouble()).isPositive();
            assertThat(s.path("sweep_leads").asInt()).isEqualTo(events[i]);
            assertThat(s.path("sweep_due").asInt()).isEqualTo(10);
            assertThat(s.path("sweep_items_read").asInt()).isBetween(10, 11);
            assertThat(s.path("sweep_more_due").asInt()).isEqualTo(events[i] / SizesRun.MORE_DUE_EVERY);
            assertThat(s.path("sweep_more_items_read_per_due_lead").asDouble()).isBetween(1.0, 1.1);
        }
        JsonNode scaling = f.path("scaling");
        assertThat(scaling.path("sweep_table_growth").asDouble()).isEqualTo(2.0);
        assertThat(scaling.path("sweep_items_read_growth").asDouble()).isBetween(1.0, 1.1);
        assertThat(scaling.path("sweep_more_items_read_growth").asDouble()).isBetween(1.8, 2.2);
        assertThat(scaling.path("cost_per_million_usd_spread").asDouble()).isGreaterThanOrEqualTo(1.0);
        assertThat(scaling.path("cost_per_million_usd_without_lambda_duration_spread").asDouble())
                .isGreaterThanOrEqualTo(1.0);
    }
}
