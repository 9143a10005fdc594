package io.mqlengine.local.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqlengine.local.TwinOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code bench}'s options: the warm-up before the measured load run, and refusals that name the flag. */
class BenchOptionsTest {

    @Test
    void warmUp_shouldDefaultToTenThousandEventsAndThreeHundredWithQuick() {
        assertThat(Bench.parse(new String[] {"--out", "b.json"}).warmUpEvents()).isEqualTo(10_000);
        assertThat(Bench.parse(new String[] {"--quick", "--out", "b.json"}).warmUpEvents()).isEqualTo(300);
    }

    @Test
    void warmUp_shouldTakeZeroForNone() {
        assertThat(Bench.parse(new String[] {"--warm-up", "0", "--out", "b.json"}).warmUpEvents()).isZero();
        assertThat(Bench.parse(new String[] {"--warm-up", "2500", "--quick", "--out", "b.json"}).warmUpEvents())
                .isEqualTo(2_500);
    }

    @Test
    void warmUp_shouldRefuseANegativeCountNamingTheFlag() {
        assertThatThrownBy(() -> Bench.parse(new String[] {"--warm-up", "-1", "--out", "b.json"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--warm-up must be 0 or more");
    }

    @Test
    void numbers_shouldRefuseAnythingButAWholeNumberNamingTheFlag() {
        assertThatThrownBy(() -> Bench.parse(new String[] {"--events", "20k", "--out", "b.json"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--events takes a whole number, got 20k");
        assertThatThrownBy(() -> Bench.parse(new String[] {"--seed", "forty-two", "--out", "b.json"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--seed takes a whole number, got forty-two");
        assertThatThrownBy(() -> Bench.parse(new String[] {"--leads", "3000000000", "--out", "b.json"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--leads must be at most 2147483647, got 3000000000");
        assertThat(Bench.parse(new String[] {"--seed", "-7", "--out", "b.json"}).seed()).isEqualTo(-7);
    }

    @Test
    void theBenchmarksTwin_shouldRunAboveTheTemplatesApiThrottle() {
        var options = BenchRun.unthrottled(TwinOptions.of(Path.of("template.yaml")).withParameter("Stage", "bench"));
        assertThat(options.parameters()).containsEntry("ApiThrottleRateLimit", "5000")
                .containsEntry("ApiThrottleBurstLimit", "5000").containsEntry("Stage", "bench");
    }
}
