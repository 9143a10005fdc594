package io.mqlengine.local.schedule.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScheduleExpressionTest {
    private static final Instant ANCHOR = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void rate_shouldFireOncePerPeriodFromTheAnchor_whenGivenRateMinutes() {
        ScheduleExpression every5 = ScheduleExpression.parse("rate(5 minutes)");

        assertThat(every5.nextAfter(ANCHOR, ANCHOR)).isEqualTo("2026-01-01T00:05:00Z");
        assertThat(every5.nextAfter(Instant.parse("2026-01-01T03:02:00Z"), ANCHOR)).isEqualTo("2026-01-01T03:05:00Z");
    }

    @Test
    void cron_shouldFindTheNextUtcTime_whenGivenEventBridgeFields() {
        assertThat(next("cron(0 3 * * ? *)", "2026-01-01T04:00:00Z")).isEqualTo("2026-01-02T03:00:00Z");
        assertThat(next("cron(15 10 ? * MON-FRI *)", "2026-01-02T11:00:00Z")).isEqualTo("2026-01-05T10:15:00Z");
        assertThat(next("cron(0/15 * * * ? *)", "2026-01-01T00:07:00Z")).isEqualTo("2026-01-01T00:15:00Z");
        assertThat(next("cron(0 18 L * ? *)", "2026-02-01T00:00:00Z")).isEqualTo("2026-02-28T18:00:00Z");
        assertThat(next("cron(0 9 ? * 6#3 *)", "2026-01-01T00:00:00Z")).as("third Friday").isEqualTo("2026-01-16T09:00:00Z");
    }

    @Test
    void parse_shouldRefuseWithAReason_whenTheExpressionIsInvalid() {
        assertThatThrownBy(() -> ScheduleExpression.parse("rate(5 minute)")).hasMessageContaining("5 minutes");
        assertThatThrownBy(() -> ScheduleExpression.parse("rate(1 hours)")).hasMessageContaining("1 hour");
        assertThatThrownBy(() -> ScheduleExpression.parse("cron(0 3 * * * *)")).hasMessageContaining("'?'");
        assertThatThrownBy(() -> ScheduleExpression.parse("every day")).hasMessageContaining("expected rate(");
    }

    private static Instant next(String expression, String after) {
        return ScheduleExpression.parse(expression).nextAfter(Instant.parse(after), ANCHOR);
    }
}
