package io.mqlengine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvTest {

    @Test
    void duration_shouldReadWeeksAndIsoDurations() {
        Env env = new Env(Map.of("A", "P3W", "B", " PT90S "));
        assertThat(env.duration("A", "a")).isEqualTo(Duration.ofDays(21));
        assertThat(env.duration("B", "b")).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void duration_shouldFailNamingTheVariable_whenNotADuration() {
        Env env = new Env(Map.of("SWEEP_EVERY", "P1M"));
        assertThatThrownBy(() -> env.duration("SWEEP_EVERY", "sweep period")).isInstanceOf(ConfigException.class)
                .hasMessage("environment variable SWEEP_EVERY must be an ISO-8601 duration such as P7D, was 'P1M'");
    }
}
