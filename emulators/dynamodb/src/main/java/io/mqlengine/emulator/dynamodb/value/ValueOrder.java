package io.mqlengine.emulator.dynamodb.value;

/**
 * DynamoDB's order of scalar values: numbers by value, strings by their UTF-8 bytes, binary as unsigned
 * bytes. Values of different types, and sets, lists and maps, have no order.
 */
public final class ValueOrder {
    private ValueOrder() {
    }

    /** The order of {@code a} against {@code b}, or null when either is null or they cannot be ordered. */
    public static Integer compare(Value a, Value b) {
        if (a instanceof Value.N x && b instanceof Value.N y) {
            return x.value().compareTo(y.value());
        }
        if (a instanceof Value.S x && b instanceof Value.S y) {
            return strings(x.value(), y.value());
        }
        if (a instanceof Value.B x && b instanceof Value.B y) {
            return x.value().compareTo(y.value());
        }
        return null;
    }

    /**
     * Code point order, which is UTF-8 byte order, without encoding the strings; Java's own String order
     * compares UTF-16 units and misplaces characters above U+FFFF.
     */
    public static int strings(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
