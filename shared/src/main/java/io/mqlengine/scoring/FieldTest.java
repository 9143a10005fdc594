package io.mqlengine.scoring;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** A test on one value: a closed set of forms a model document can use. */
public sealed interface FieldTest {

    boolean test(Object value);

    /** Equal as string (case-insensitive), number or boolean. */
    record Equals(Object expected) implements FieldTest {
        @Override
        public boolean test(Object value) {
            return sameValue(expected, value);
        }
    }

    /** Equal to one of the listed values. */
    record OneOf(List<Object> values) implements FieldTest {
        @Override
        public boolean test(Object value) {
            return values.stream().anyMatch(v -> sameValue(v, value));
        }
    }

    /** URL path glob: {@code *} within one segment, {@code **} across segments, {@code ?} one character. */
    record Glob(String glob, Pattern pattern) implements FieldTest {
        public static Glob of(String glob) {
            return new Glob(glob, Pattern.compile(toRegex(glob), Pattern.CASE_INSENSITIVE));
        }

        @Override
        public boolean test(Object value) {
            return value instanceof String s && pattern.matcher(s).matches();
        }

        static String toRegex(String glob) {
            StringBuilder re = new StringBuilder();
            for (int i = 0; i < glob.length(); i++) {
                char c = glob.charAt(i);
                if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                    re.append(".*");
                    i++;
                } else if (c == '*') {
                    re.append("[^/]*");
                } else if (c == '?') {
                    re.append("[^/]");
                } else {
                    re.append(Pattern.quote(String.valueOf(c)));
                }
            }
            return re.toString();
        }
    }

    /** Contains one of the listed substrings, ignoring case (user agents). */
    record ContainsAny(List<String> needles) implements FieldTest {
        public ContainsAny {
            needles = needles.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
        }

        @Override
        public boolean test(Object value) {
            if (!(value instanceof String s)) {
                return false;
            }
            // one lower-casing and plain indexOf per needle: faster than a case-insensitive alternation
            String lower = s.toLowerCase(Locale.ROOT);
            for (String n : needles) {
                if (lower.contains(n)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Holds one of the listed words or phrases as whole words, ignoring case (job titles). */
    record AnyWord(List<String> words, Pattern pattern) implements FieldTest {
        public static AnyWord of(List<String> words) {
            String alternatives = String.join("|", words.stream().map(Pattern::quote).toList());
            return new AnyWord(words, Pattern.compile("(?<![\\p{L}\\p{N}])(?:" + alternatives + ")(?![\\p{L}\\p{N}])",
                    Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
        }

        @Override
        public boolean test(Object value) {
            return value instanceof String s && pattern.matcher(s).find();
        }
    }

    /** A number at least this. */
    record AtLeast(double min) implements FieldTest {
        @Override
        public boolean test(Object value) {
            return value instanceof Number n && n.doubleValue() >= min;
        }
    }

    /** A number at most this. */
    record AtMost(double max) implements FieldTest {
        @Override
        public boolean test(Object value) {
            return value instanceof Number n && n.doubleValue() <= max;
        }
    }

    /** Present (true) or absent (false). */
    record Exists(boolean present) implements FieldTest {
        @Override
        public boolean test(Object value) {
            return (value != null) == present;
        }
    }

    /** The names a model document uses for these tests. */
    Set<String> NAMES = Set.of("equals", "oneOf", "glob", "containsAny", "anyWord", "atLeast", "atMost", "exists");

    private static boolean sameValue(Object expected, Object value) {
        if (expected == null || value == null) {
            return false;
        }
        if (expected instanceof Number e && value instanceof Number v) {
            return e.doubleValue() == v.doubleValue();
        }
        if (expected instanceof String e && value instanceof String v) {
            return e.equalsIgnoreCase(v);
        }
        return expected.equals(value);
    }
}
