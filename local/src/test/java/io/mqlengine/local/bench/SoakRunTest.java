package io.mqlengine.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mqlengine.json.Json;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short soak on the twin: every accepted event applied exactly once (nothing lost, nothing counted twice, nothing
 * dead-lettered), and the report has every figure, consistent with each other and with the exit code.
 */
class SoakRunTest {

    @Test
    void soak_shouldApplyEveryAcceptedEventExactlyOnce_andReportEveryFigureConsistently_whenRunShort(@TempDir Path dir)
            throws Exception {
        Path out = dir.resolve("soak.json");

        int exit = Bench.run(new String[] {"--soak", "0.3", "--leads", "60", "--seed", "5", "--out", out.toString()});

        JsonNode f = Json.mapper().readTree(out.toFile());
        for (String key : List.of("minutes", "leads", "identified_leads", "requests_sent", "accepted_requests",
                "accepted_events", "unique_events", "retries_sent", "duplicates_sent", "bursts", "burst_requests",
                "client_resends", "refused_requests", "unresolved_requests", "leads_checked", "leads_differing", "lost",
                "double_counted", "score_mismatches", "dead_lettered", "drain_seconds")) {
            assertThat(f.path(key).isNumber()).as(key + " is a number in " + f).isTrue();
            assertThat(f.path(key).asDouble()).as(key).isGreaterThanOrEqualTo(0);
        }
        assertThat(f.path("not_accepted").isObject()).isTrue();
        assertThat(f.path("dead_lettered_by_queue").has("EventsDeadLetterQueue")).isTrue();
        assertThat(f.path("minutes").asDouble()).isEqualTo(0.3);
        assertThat(f.path("drained").asBoolean()).isTrue();
        assertThat(f.path("accepted_events").asLong()).isPositive();
        assertThat(f.path("unique_events").asLong()).isPositive()
                .isLessThan(f.path("accepted_events").asLong()); // duplicates and retries were accepted too
        assertThat(f.path("accepted_requests").asLong()).isLessThanOrEqualTo(f.path("requests_sent").asLong());
        assertThat(f.path("bursts").asInt()).isEqualTo(1);
        assertThat(f.path("burst_requests").asInt())
                .isEqualTo(SoakTraffic.BURST_CLIENTS * SoakTraffic.BURST_REQUESTS_PER_CLIENT);
        assertThat(f.path("duplicates_sent").asLong()).isPositive();
        assertThat(f.path("retries_sent").asLong()).isPositive();
        assertThat(f.path("leads_checked").asInt()).isGreaterThanOrEqualTo(60 - f.path("identified_leads").asInt());
        long deadByQueue = 0;
        for (JsonNode n : f.path("dead_lettered_by_queue")) {
            deadByQueue += n.asLong();
        }
        assertThat(f.path("dead_lettered").asLong()).isEqualTo(deadByQueue);
        boolean clean = f.path("lost").asLong() == 0 && f.path("double_counted").asLong() == 0
                && f.path("dead_lettered").asLong() == 0 && f.path("score_mismatches").asLong() == 0;
        assertThat(f.path("exactly_once").asBoolean()).isEqualTo(clean);
        assertThat(exit).isEqualTo(clean ? 0 : 3);
        assertThat(f.path("differences").size()).isEqualTo(Math.min(SoakCheck.EXAMPLES, f.path("leads_differing").asInt()));
        assertThat(f.path("lost").asLong()).as("lost; differences %s", f.path("differences")).isZero();
        assertThat(f.path("double_counted").asLong()).as("double counted; differences %s", f.path("differences")).isZero();
        assertThat(f.path("dead_lettered").asLong()).as("dead-lettered").isZero();
        assertThat(f.path("score_mismatches").asLong()).isZero();
        assertThat(exit).isZero();
    }
}
