package io.mqlengine.json;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * The one duration syntax of our documents and settings: ISO-8601 {@code PnDTnHnMnS}, plus {@code PnW} (7 days
 * each). Months and years have no fixed length, so they are not durations here.
 */
public final class IsoDuration {
    private static final Pattern WEEKS = Pattern.compile("P\\d+W");

    private IsoDuration() {
    }

    /**
     * The duration {@code text} writes, which may be negative ({@code -P1D}); each caller decides whether a negative
     * one is allowed.
     *
     * @throws DateTimeParseException when {@code text} is not such a duration, or is too long to hold
     */
    public static Duration parse(String text) {
        if (WEEKS.matcher(text).matches()) {
            try {
                return Duration.ofDays(Math.multiplyExact(7L, Long.parseLong(text.substring(1, text.length() - 1))));
            } catch (NumberFormatException | ArithmeticException e) {
                throw new DateTimeParseException("Text cannot be parsed to a Duration: overflow", text, 1, e);
            }
        }
        return Duration.parse(text);
    }
}
