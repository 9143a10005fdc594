package io.mqlengine.emulator.dynamodb.value;

import io.mqlengine.emulator.dynamodb.ApiException;
import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * DynamoDB numbers: up to 38 significant digits, magnitudes from 1E-130 to below 1E+126, written back
 * in plain notation without trailing zeros ({@code "1.50"} and {@code "15e-1"} are both {@code "1.5"}).
 */
public final class Numbers {
    public static final int MAX_DIGITS = 38;
    private static final Pattern SYNTAX = Pattern.compile("-?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private Numbers() {
    }

    /** Parses and checks a number as the service does, or throws its ValidationException. */
    public static BigDecimal parse(String text) {
        if (text == null || text.isEmpty()) {
            throw ApiException.validation("The parameter cannot be converted to a numeric value");
        }
        if (text.length() > 1000 || !SYNTAX.matcher(text.trim()).matches()) {
            throw ApiException.validation("The parameter cannot be converted to a numeric value: " + text);
        }
        BigDecimal value;
        try {
            value = new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw ApiException.validation("The parameter cannot be converted to a numeric value: " + text);
        }
        return check(value);
    }

    /** Normalises a value and checks its range and precision: for parsed input and arithmetic results alike. */
    public static BigDecimal check(BigDecimal value) {
        if (value.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal n = value.stripTrailingZeros();
        int exponent = n.precision() - n.scale() - 1; // of the leading digit, as in 1.5E+3
        if (exponent > 125) {
            throw ApiException.validation(
                    "Number overflow. Attempting to store a number with magnitude larger than supported range");
        }
        if (exponent < -130) {
            throw ApiException.validation(
                    "Number underflow. Attempting to store a number with magnitude smaller than supported range");
        }
        if (n.precision() > MAX_DIGITS) {
            throw ApiException.validation("Attempting to store more than 38 significant digits in a Number");
        }
        return n;
    }

    /** The service's text for a normalised number: plain notation, no trailing zeros. */
    public static String format(BigDecimal value) {
        return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
    }
}
