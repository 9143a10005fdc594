package io.mqlengine.local.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TwinClockTest {

    @Test
    void set_shouldMoveAnywhereBeforeAFunctionRan_andOnlyForwardAfter() {
        TwinClock clock = new TwinClock();
        Instant past = Instant.now().minus(Duration.ofDays(40));
        assertThat(clock.set(past)).isBetween(past, past.plusSeconds(5));
        clock.markInvoked();
        assertThatThrownBy(() -> clock.set(past.minus(Duration.ofDays(1))))
                .hasMessageContaining("only moves forward once a function ran");
        assertThat(clock.set(past.plus(Duration.ofDays(1)))).isAfterOrEqualTo(past.plus(Duration.ofDays(1)));
    }

    @Test
    void forwardTo_shouldMoveToALaterTime_andLeaveTheClockAlone_whenItIsAlreadyPast() {
        TwinClock clock = new TwinClock();
        clock.markInvoked();
        Instant later = Instant.now().plus(Duration.ofDays(3));
        assertThat(clock.forwardTo(later)).isBetween(later, later.plusSeconds(5));
        Duration offset = clock.offset();
        Instant now = clock.forwardTo(later.minus(Duration.ofHours(1)));
        assertThat(clock.offset()).as("no move back, and no error").isEqualTo(offset);
        assertThat(now).isAfterOrEqualTo(later);
    }
}
