package io.mqlengine.emulator.dynamodb.table;

import java.math.BigDecimal;

/**
 * A number's bytes for the partition hash: two decimal digits per byte after an exponent byte, the
 * encoding dynalite uses, so that our Scan visits items in the same order as dynalite's and paged
 * scans can be compared between the two.
 */
final class NumberBytes {
    private NumberBytes() {
    }

    static byte[] of(BigDecimal value) {
        if (value.signum() == 0) {
            return new byte[] {(byte) -128};
        }
        BigDecimal n = value.stripTrailingZeros();
        String digits = n.unscaledValue().abs().toString();
        int[] mantissa = new int[digits.length()];
        for (int i = 0; i < mantissa.length; i++) {
            mantissa[i] = digits.charAt(i) - '0';
        }
        boolean negative = n.signum() < 0;
        int exponent = n.precision() - n.scale(); // the position of the leading digit, plus one
        int appendZero = exponent % 2 != 0 ? 1 : 0;
        int lengthWithoutExponent = (mantissa.length + appendZero + 1) / 2;
        int[] bytes;
        if (lengthWithoutExponent < 20 && negative) {
            bytes = new int[lengthWithoutExponent + 2];
            bytes[lengthWithoutExponent + 1] = 102;
        } else {
            bytes = new int[lengthWithoutExponent + 1];
        }
        bytes[0] = Math.floorDiv(exponent + appendZero, 2) - 64;
        if (negative) {
            bytes[0] ^= 0xffffffff;
        }
        boolean appended = false;
        for (int m = 0; m < mantissa.length; m++) {
            int index = Math.floorDiv(m + appendZero, 2) + 1;
            if (appendZero == 1 && m == 0 && !appended) {
                bytes[index] = 0;
                appended = true;
                m--;
            } else if ((m + appendZero) % 2 == 0) {
                bytes[index] = mantissa[m] * 10;
            } else {
                bytes[index] += mantissa[m];
            }
            if ((m + appendZero) % 2 != 0 || m == mantissa.length - 1) {
                if (negative) {
                    bytes[index] = 101 - bytes[index];
                } else {
                    bytes[index]++;
                }
            }
        }
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = (byte) bytes[i];
        }
        return out;
    }
}
