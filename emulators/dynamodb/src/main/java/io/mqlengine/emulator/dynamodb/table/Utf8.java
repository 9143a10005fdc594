package io.mqlengine.emulator.dynamodb.table;

/** String order by UTF-8 bytes, which is DynamoDB's order, without encoding the strings. */
public final class Utf8 {
    private Utf8() {
    }

    /**
     * Compares by code point, which is the same as comparing UTF-8 bytes; Java's own String order
     * compares UTF-16 units and differs above U+FFFF.
     */
    public static int compare(String a, String b) {
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
