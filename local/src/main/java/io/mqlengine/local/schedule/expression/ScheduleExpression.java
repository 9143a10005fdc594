package io.mqlengine.local.schedule.expression;

import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An EventBridge schedule expression: {@code rate(N unit)} or {@code cron(6 fields)}, in UTC. */
public sealed interface ScheduleExpression permits ScheduleExpression.Rate, CronExpression {
    Pattern RATE = Pattern.compile("rate\\(\\s*(\\d+)\\s+(minute|minutes|hour|hours|day|days)\\s*\\)");
    Pattern CRON = Pattern.compile("cron\\((.*)\\)");

    /** The first fire time strictly after {@code after}; rates count whole periods from {@code anchor}. */
    Instant nextAfter(Instant after, Instant anchor);

    /** Parses, or throws IllegalArgumentException saying what is wrong. */
    static ScheduleExpression parse(String text) {
        String trimmed = text.trim();
        Matcher rate = RATE.matcher(trimmed);
        if (rate.matches()) {
            long n = Long.parseLong(rate.group(1));
            String unit = rate.group(2);
            if (n <= 0) {
                throw new IllegalArgumentException("a rate must be positive: " + text);
            }
            if ((n == 1) != !unit.endsWith("s")) {
                throw new IllegalArgumentException("EventBridge wants '" + (n == 1 ? "1 " + unit.replaceAll("s$", "")
                        : n + " " + (unit.endsWith("s") ? unit : unit + "s")) + "' in " + text);
            }
            Duration period = switch (unit.replaceAll("s$", "")) {
                case "minute" -> Duration.ofMinutes(n);
                case "hour" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            return new Rate(period);
        }
        Matcher cron = CRON.matcher(trimmed);
        if (cron.matches()) {
            return CronExpression.parse(cron.group(1));
        }
        throw new IllegalArgumentException("expected rate(N minutes|hours|days) or cron(6 fields), got " + text);
    }

    /** A fixed period. */
    record Rate(Duration period) implements ScheduleExpression {
        @Override
        public Instant nextAfter(Instant after, Instant anchor) {
            if (after.isBefore(anchor)) {
                return anchor.plus(period);
            }
            long periods = Duration.between(anchor, after).toMillis() / period.toMillis() + 1;
            return anchor.plus(period.multipliedBy(periods));
        }
    }
}
