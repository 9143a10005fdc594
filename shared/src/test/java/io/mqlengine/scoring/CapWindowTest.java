package io.mqlengine.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CapWindowTest {
    private static final Instant T0 = Instant.parse("2026-05-04T10:00:00Z");

    @Test
    void once_shouldAdmitFirstEvent_andNothingAfter() {
        Cap once = new Cap.Once();
        CapWindow w = CapWindow.admit(once, null, T0);
        assertThat(w).isEqualTo(new CapWindow(T0, 1));
        assertThat(CapWindow.admit(once, w, T0.plus(Duration.ofDays(3650)))).isNull();
        assertThat(CapWindow.admit(once, w, T0.minusSeconds(1))).isNull();
    }

    @Test
    void oncePerPeriod_shouldHoldBack_untilTheLastMillisecondOfTheWindow_andAdmitAtItsEnd() {
        Cap daily = new Cap.PerPeriod(1, Duration.ofDays(1));
        CapWindow w = CapWindow.admit(daily, null, T0);
        assertThat(CapWindow.admit(daily, w, T0.plus(Duration.ofDays(1)).minusMillis(1))).isNull();
        assertThat(CapWindow.admit(daily, w, T0.plus(Duration.ofDays(1))))
                .isEqualTo(new CapWindow(T0.plus(Duration.ofDays(1)), 1));
    }

    @Test
    void atMostNPerPeriod_shouldAdmitN_thenHoldBack_untilWindowEnds() {
        Cap three = new Cap.PerPeriod(3, Duration.ofDays(7));
        CapWindow w = CapWindow.admit(three, null, T0);
        w = CapWindow.admit(three, w, T0.plus(Duration.ofDays(1)));
        w = CapWindow.admit(three, w, T0.plus(Duration.ofDays(6)));
        assertThat(w).isEqualTo(new CapWindow(T0, 3));
        assertThat(CapWindow.admit(three, w, T0.plus(Duration.ofDays(7)).minusMillis(1))).isNull();
        assertThat(CapWindow.admit(three, w, T0.plus(Duration.ofDays(7))))
                .isEqualTo(new CapWindow(T0.plus(Duration.ofDays(7)), 1));
    }

    @Test
    void perPeriod_shouldCountLateEventAgainstTheOpenWindow() {
        Cap two = new Cap.PerPeriod(2, Duration.ofHours(1));
        CapWindow w = CapWindow.admit(two, null, T0);
        CapWindow late = CapWindow.admit(two, w, T0.minus(Duration.ofHours(5)));
        assertThat(late).isEqualTo(new CapWindow(T0, 2));
        assertThat(CapWindow.admit(two, late, T0.minus(Duration.ofHours(6)))).isNull();
    }
}
