package io.mqlengine.local.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SoakOptionsTest {

    @Test
    void parse_shouldTakeDecimalMinutes_whenASoakIsShort() {
        SoakOptions o = SoakOptions.parse(new String[] {"--soak", "0.3", "--seed", "7", "--leads", "50", "--out", "s.json"});

        assertThat(o.minutes()).isEqualTo(0.3);
        assertThat(o.seed()).isEqualTo(7);
        assertThat(o.leads()).isEqualTo(50);
        assertThat(o.rate()).isEqualTo(SoakOptions.DEFAULT_RATE);
        assertThat(o.out()).isEqualTo(Path.of("s.json"));
    }

    @Test
    void parse_shouldNameTheOption_whenMinutesAreNotANumber() {
        assertThatThrownBy(() -> SoakOptions.parse(new String[] {"--soak", "ten", "--out", "s.json"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--soak takes a decimal number");
    }

    @Test
    void parse_shouldRefuse_whenMinutesAreZeroOrTheOutputIsMissing() {
        assertThatThrownBy(() -> SoakOptions.parse(new String[] {"--soak", "0", "--out", "s.json"}))
                .hasMessageContaining("--soak must be above 0");
        assertThatThrownBy(() -> SoakOptions.parse(new String[] {"--soak", "1"}))
                .hasMessageContaining("--out FILE.json is required");
    }

    @Test
    void benchRun_shouldExitWithUsage_whenTheSoaksArgumentsAreWrong() {
        assertThat(Bench.run(new String[] {"--soak", "1", "--events", "5", "--out", "s.json"})).isEqualTo(2);
    }
}
