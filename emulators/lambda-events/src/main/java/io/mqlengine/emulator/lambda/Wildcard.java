package io.mqlengine.emulator.lambda;

/**
 * EventBridge's wildcard matching: {@code *} stands for any run of characters (none included), and a
 * backslash escapes the next character, so {@code \*} is a literal star. Without regular expressions,
 * so that a pattern never costs more than the length of the value times the length of the pattern.
 */
final class Wildcard {
    private Wildcard() {}

    static boolean matches(String pattern, String value) {
        int p = 0;
        int v = 0;
        int starP = -1;
        int starV = 0;
        while (v < value.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                starP = ++p;
                starV = v;
            } else if (p < pattern.length() && literalAt(pattern, p) == value.charAt(v)) {
                p += pattern.charAt(p) == '\\' && p + 1 < pattern.length() ? 2 : 1;
                v++;
            } else if (starP >= 0) {
                p = starP;
                v = ++starV;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    private static char literalAt(String pattern, int p) {
        return pattern.charAt(p) == '\\' && p + 1 < pattern.length() ? pattern.charAt(p + 1) : pattern.charAt(p);
    }
}
