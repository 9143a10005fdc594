package io.mqlengine.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScheduleTest {
    private final TwinLines lines = new TwinLines();
    private RunningTwin twin;

    @BeforeAll
    void start() throws Exception {
        twin = LocalTwin.start(TwinOptions.of(TwinLines.template("schedule.yaml")).withPort(0).withOutput(lines));
    }

    @AfterAll
    void stop() {
        twin.close();
    }

    @Test
    void schedule_shouldFireOnceNotOncePerMissedPeriod_whenTheClockJumpsFiveHours() {
        int from = lines.size();

        twin.clock().advance(Duration.ofHours(5));

        lines.awaitLine(l -> l.path("event").asText().equals("invoke") && l.path("trigger").asText().equals("schedule"),
                Duration.ofSeconds(5));
        assertThat(twin.awaitIdle(Duration.ofSeconds(10))).isTrue();
        List<JsonNode> fired = lines.events(from, "invoke", "SweepFunction");
        assertThat(fired).hasSize(1);
        assertThat(fired.get(0).path("outcome").asText()).isEqualTo("ok");
        assertThat(lines.events(from, "invoke", "NightlyFunction")).as("a disabled schedule never fires").isEmpty();
    }

    @Test
    void fireSchedule_shouldInvokeNow_whenAskedByFunctionId() throws Exception {
        int from = lines.size();

        String outcome = twin.fireSchedule("SweepFunction");

        assertThat(outcome).isEqualTo("ok");
        assertThat(lines.events(from, "invoke", "SweepFunction")).hasSize(1);
        assertThat(twin.fireSchedule("NightlyFunction.Nightly")).isEqualTo("ok");
    }
}
