package io.mqlengine.local.schedule.expression;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.BitSet;
import java.util.List;

/**
 * EventBridge's six-field cron (minutes hours day-of-month month day-of-week year) in UTC, with
 * lists, ranges, steps, month and day names, {@code ?}, {@code L} in day-of-month, and {@code nL} /
 * {@code n#k} in day-of-week. {@code W} is refused.
 */
public record CronExpression(BitSet minutes, BitSet hours, BitSet daysOfMonth, boolean lastDayOfMonth,
        boolean anyDayOfMonth, BitSet months, BitSet daysOfWeek, int lastWeekday, int nthWeekday, int nth,
        boolean anyDayOfWeek, BitSet years) implements ScheduleExpression {
    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG",
            "SEP", "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

    static CronExpression parse(String text) {
        String[] f = text.trim().split("\\s+");
        if (f.length != 6) {
            throw new IllegalArgumentException("cron takes 6 fields (minutes hours day-of-month month day-of-week year), got " + f.length);
        }
        if (f[2].equals("?") == f[4].equals("?")) {
            throw new IllegalArgumentException("exactly one of day-of-month and day-of-week must be '?' in cron(" + text + ")");
        }
        if (text.contains("W")) {
            throw new IllegalArgumentException("W (nearest weekday) is not supported by the local twin");
        }
        boolean lastDom = f[2].equals("L");
        int lastWeekday = 0;
        int nthWeekday = 0;
        int nth = 0;
        BitSet dow = new BitSet();
        if (f[4].matches("[1-7A-Z]{1,3}L")) {
            lastWeekday = value(f[4].substring(0, f[4].length() - 1), DAYS, 1);
        } else if (f[4].matches("[1-7A-Z]{1,3}#[1-5]")) {
            nthWeekday = value(f[4].substring(0, f[4].indexOf('#')), DAYS, 1);
            nth = Integer.parseInt(f[4].substring(f[4].indexOf('#') + 1));
        } else if (!f[4].equals("?")) {
            dow = field(f[4], 1, 7, DAYS);
        }
        return new CronExpression(field(f[0], 0, 59, null), field(f[1], 0, 23, null),
                f[2].equals("?") || lastDom ? new BitSet() : field(f[2], 1, 31, null), lastDom, f[2].equals("?"),
                field(f[3], 1, 12, MONTHS), dow, lastWeekday, nthWeekday, nth, f[4].equals("?"),
                field(f[5], 1970, 2199, null));
    }

    @Override
    public Instant nextAfter(Instant after, Instant anchor) {
        LocalDateTime start = LocalDateTime.ofInstant(after, ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        LocalDate day = start.toLocalDate();
        for (int i = 0; i < 366 * 5; i++, day = day.plusDays(1)) {
            if (!years.get(day.getYear()) || !months.get(day.getMonthValue()) || !dayMatches(day)) {
                continue;
            }
            for (int h = hours.nextSetBit(0); h >= 0; h = hours.nextSetBit(h + 1)) {
                for (int m = minutes.nextSetBit(0); m >= 0; m = minutes.nextSetBit(m + 1)) {
                    LocalDateTime candidate = day.atTime(h, m);
                    if (!candidate.isBefore(start)) {
                        return candidate.toInstant(ZoneOffset.UTC);
                    }
                }
            }
        }
        return Instant.MAX;
    }

    private boolean dayMatches(LocalDate day) {
        if (!anyDayOfMonth) {
            return lastDayOfMonth ? day.equals(day.with(TemporalAdjusters.lastDayOfMonth())) : daysOfMonth.get(day.getDayOfMonth());
        }
        int aws = day.getDayOfWeek().getValue() % 7 + 1;
        if (lastWeekday > 0) {
            return aws == lastWeekday && day.plusWeeks(1).getMonth() != day.getMonth();
        }
        if (nthWeekday > 0) {
            return aws == nthWeekday && (day.getDayOfMonth() - 1) / 7 + 1 == nth;
        }
        return daysOfWeek.get(aws);
    }

    private static BitSet field(String text, int min, int max, List<String> names) {
        BitSet out = new BitSet();
        for (String part : text.split(",")) {
            int step = 1;
            String range = part;
            if (part.contains("/")) {
                step = Integer.parseInt(part.substring(part.indexOf('/') + 1));
                range = part.substring(0, part.indexOf('/'));
                if (step <= 0) {
                    throw new IllegalArgumentException("a step must be positive: " + part);
                }
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = min;
                to = max;
            } else if (range.contains("-")) {
                from = value(range.substring(0, range.indexOf('-')), names, min);
                to = value(range.substring(range.indexOf('-') + 1), names, min);
            } else {
                from = value(range, names, min);
                to = part.contains("/") ? max : from;
            }
            if (from < min || to > max || from > to) {
                throw new IllegalArgumentException("'" + part + "' is outside " + min + "-" + max);
            }
            for (int v = from; v <= to; v += step) {
                out.set(v);
            }
        }
        return out;
    }

    private static int value(String token, List<String> names, int min) {
        if (names != null && names.contains(token.toUpperCase())) {
            return names.indexOf(token.toUpperCase()) + 1;
        }
        try {
            return Integer.parseInt(token);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + token + "' is not a valid cron value");
        }
    }
}
