package io.mqlengine.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.api.Test;

class IsoDurationTest {

    @Test
    void parse_shouldReadWeeksAsSevenDays_andIsoDurationsAsJavaDoes() {
        assertThat(IsoDuration.parse("P2W")).isEqualTo(Duration.ofDays(14));
        assertThat(IsoDuration.parse("PT30M")).isEqualTo(Duration.ofMinutes(30));
        assertThat(IsoDuration.parse("P1DT2H")).isEqualTo(Duration.ofHours(26));
    }

    @Test
    void parse_shouldLeaveNegativesToTheCaller() {
        assertThat(IsoDuration.parse("-P1D")).isEqualTo(Duration.ofDays(-1));
    }

    @Test
    void parse_shouldRefuseMonthsYearsAndOverflowingWeeks_asUnparseable() {
        assertThatThrownBy(() -> IsoDuration.parse("P1M")).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> IsoDuration.parse("P1Y")).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> IsoDuration.parse("P99999999999999999999W")).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> IsoDuration.parse("P100000000000000W")).isInstanceOf(DateTimeParseException.class);
    }
}
