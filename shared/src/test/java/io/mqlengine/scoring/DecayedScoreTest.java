package io.mqlengine.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DecayedScoreTest {
    private static final Duration HALF_LIFE = Duration.ofDays(30);
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void valueAt_shouldHalve_everyHalfLife() {
        DecayedScore s = DecayedScore.zero(HALF_LIFE).plus(80, T0);
        assertThat(s.valueAt(T0)).isCloseTo(80, within(1e-9));
        assertThat(s.valueAt(T0.plus(HALF_LIFE))).isCloseTo(40, within(1e-9));
        assertThat(s.valueAt(T0.plus(HALF_LIFE.multipliedBy(2)))).isCloseTo(20, within(1e-9));
        assertThat(s.valueAt(T0.plus(HALF_LIFE.multipliedBy(5)))).isCloseTo(2.5, within(1e-9));
    }

    @Test
    void valueAt_shouldEqualSumOfIndividuallyDecayedPoints_acrossEras() {
        DecayedScore s = DecayedScore.zero(Duration.ofDays(1));
        Instant[] times = new Instant[20];
        double[] points = new double[20];
        Random r = new Random(7);
        for (int i = 0; i < times.length; i++) {
            // spread over 100 days with a 1-day half-life: several 32-day eras
            times[i] = T0.plus(r.nextInt(100 * 24 * 60), ChronoUnit.MINUTES);
            points[i] = 1 + r.nextInt(50);
            s = s.plus(points[i], times[i]);
        }
        Instant now = T0.plus(Duration.ofDays(101));
        double expected = 0;
        for (int i = 0; i < times.length; i++) {
            expected += points[i] * Math.pow(2, -Duration.between(times[i], now).toMillis() / 86_400_000.0);
        }
        assertThat(s.eras().size()).isGreaterThan(1);
        assertThat(s.valueAt(now)).isCloseTo(expected, within(expected * 1e-9));
    }

    @Test
    void fallsBelow_shouldBeWithinOneSecondOfTrueCrossing_forRandomScores() {
        Random r = new Random(42);
        for (int trial = 0; trial < 200; trial++) {
            DecayedScore s = DecayedScore.zero(HALF_LIFE);
            for (int i = 0; i < 1 + r.nextInt(10); i++) {
                s = s.plus(1 + r.nextInt(60), T0.plus(r.nextInt(400 * 24 * 3600), ChronoUnit.SECONDS));
            }
            Instant from = T0.plus(Duration.ofDays(400));
            double threshold = s.valueAt(from) * (0.01 + 0.9 * r.nextDouble());
            Instant predicted = s.fallsBelow(threshold, from).orElseThrow();
            // bisection on the value itself, to the millisecond
            long lo = from.toEpochMilli();
            long hi = from.plus(Duration.ofDays(36500)).toEpochMilli();
            while (hi - lo > 1) {
                long mid = (lo + hi) >>> 1;
                if (s.valueAt(Instant.ofEpochMilli(mid)) < threshold) {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            assertThat(Math.abs(predicted.toEpochMilli() - hi)).as("trial %d", trial).isLessThanOrEqualTo(1000);
        }
    }

    @Test
    void fallsBelow_shouldBeNow_whenAlreadyBelow_andEmpty_whenScoreIsNotPositive() {
        DecayedScore s = DecayedScore.zero(HALF_LIFE).plus(10, T0);
        assertThat(s.fallsBelow(20, T0)).contains(T0);
        DecayedScore negative = DecayedScore.zero(HALF_LIFE).plus(-15, T0);
        assertThat(negative.fallsBelow(-20, T0)).isEmpty();
        assertThat(DecayedScore.zero(HALF_LIFE).fallsBelow(0, T0)).isEmpty();
    }

    @Test
    void increment_shouldStayInsideDynamoDbNumberRange_whenEventIsHundredYearsFromLandmark() {
        for (Duration halfLife : new Duration[] {Duration.ofHours(1), Duration.ofDays(1), HALF_LIFE, Duration.ofDays(3650)}) {
            for (Instant t : new Instant[] {DecayedScore.LANDMARK.plus(Duration.ofDays(36525)),
                    DecayedScore.LANDMARK.minus(Duration.ofDays(36525)), DecayedScore.LANDMARK.plus(Duration.ofDays(36524))}) {
                DecayedScore s = DecayedScore.zero(halfLife);
                for (int i = 0; i < 1000; i++) {
                    s = s.plus(1000, t.minusSeconds(i));
                }
                for (double stored : s.eras().values()) {
                    assertThat(Math.abs(stored)).as("half-life %s at %s", halfLife, t).isLessThan(1e125);
                }
                assertThat(s.valueAt(t)).as("half-life %s at %s", halfLife, t).isCloseTo(1000 * sumOfDecay(halfLife), within(1.0));
            }
        }
    }

    private static double sumOfDecay(Duration halfLife) {
        double sum = 0;
        for (int i = 0; i < 1000; i++) {
            sum += Math.pow(2, -i / (double) halfLife.getSeconds());
        }
        return sum;
    }

    @Test
    void trimmed_shouldDropOldEras_andKeepTheValue() {
        DecayedScore s = DecayedScore.zero(Duration.ofDays(1)).plus(50, T0).plus(30, T0.plus(Duration.ofDays(70)));
        Instant now = T0.plus(Duration.ofDays(71));
        DecayedScore t = s.trimmed(now);
        assertThat(t.eras()).hasSizeLessThan(s.eras().size());
        assertThat(t.valueAt(now)).isCloseTo(s.valueAt(now), within(1e-6));
    }

    @Test
    void rebased_shouldKeepPresentValue_andDecayAtTheNewRate() {
        DecayedScore s = DecayedScore.zero(HALF_LIFE).plus(100, T0);
        Instant now = T0.plus(Duration.ofDays(10));
        DecayedScore r = s.rebased(Duration.ofDays(5), now);
        assertThat(r.valueAt(now)).isCloseTo(s.valueAt(now), within(1e-9));
        assertThat(r.valueAt(now.plus(Duration.ofDays(5)))).isCloseTo(s.valueAt(now) / 2, within(1e-9));
    }
}
