package io.mqlengine.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import io.mqlengine.json.Problem;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/** A JSON object node with its path, reading fields and collecting problems instead of throwing. */
final class Doc {
    final JsonNode node;
    final String path;
    final List<Problem> problems;

    Doc(JsonNode node, String path, List<Problem> problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    String at(String field) {
        return path + "." + field;
    }

    void problem(String field, String message) {
        problems.add(new Problem(field == null ? path : at(field), message));
    }

    /** Reports every field not in {@code known}: typos in a model must not pass silently. */
    void onlyFields(Set<String> known) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                problem(f, "unknown field; expected one of " + new TreeSet<>(known));
            }
        }
    }

    boolean has(String field) {
        return node.has(field) && !node.get(field).isNull();
    }

    Doc object(String field, boolean required) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                problem(field, "is required");
            }
            return null;
        }
        if (!v.isObject()) {
            problem(field, "must be an object");
            return null;
        }
        return new Doc(v, at(field), problems);
    }

    List<Doc> objects(String field, boolean required) {
        JsonNode v = node.get(field);
        List<Doc> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            if (required) {
                problem(field, "is required");
            }
            return out;
        }
        if (!v.isArray()) {
            problem(field, "must be an array");
            return out;
        }
        for (int i = 0; i < v.size(); i++) {
            String p = at(field) + "[" + i + "]";
            if (!v.get(i).isObject()) {
                problems.add(new Problem(p, "must be an object"));
            } else {
                out.add(new Doc(v.get(i), p, problems));
            }
        }
        return out;
    }

    String string(String field, boolean required) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                problem(field, "is required");
            }
            return null;
        }
        if (!v.isTextual() || v.textValue().isBlank()) {
            problem(field, "must be a non-empty string");
            return null;
        }
        return v.textValue();
    }

    Double number(String field, boolean required, double min, double max) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                problem(field, "is required");
            }
            return null;
        }
        if (!v.isNumber()) {
            problem(field, "must be a number");
            return null;
        }
        double d = v.doubleValue();
        if (!(d >= min && d <= max)) {
            problem(field, "must be between " + fmt(min) + " and " + fmt(max) + ", was " + v.asText());
            return null;
        }
        return d;
    }

    Duration duration(String field, boolean required, Duration min) {
        String s = string(field, required);
        if (s == null) {
            return null;
        }
        Duration d = parseDuration(s);
        if (d == null) {
            problem(field, "must be an ISO-8601 duration such as PT30M, P1D or P2W (no months or years), was '" + s + "'");
            return null;
        }
        if (d.compareTo(min) < 0) {
            problem(field, "must be at least " + min + ", was " + s);
            return null;
        }
        return d;
    }

    /** A string, or an array of strings; empty list when absent. */
    List<String> strings(String field, boolean required) {
        return list(field, required, JsonNode::isTextual, JsonNode::textValue, "strings");
    }

    <T> List<T> list(String field, boolean required, Predicate<JsonNode> ok,
                     Function<JsonNode, T> map, String what) {
        JsonNode v = node.get(field);
        List<T> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            if (required) {
                problem(field, "is required");
            }
            return out;
        }
        if (ok.test(v)) {
            out.add(map.apply(v));
            return out;
        }
        if (!v.isArray() || v.isEmpty()) {
            problem(field, "must be one of " + what + " or a non-empty array of them");
            return out;
        }
        for (int i = 0; i < v.size(); i++) {
            if (!ok.test(v.get(i))) {
                problems.add(new Problem(at(field) + "[" + i + "]", "must be one of " + what));
            } else {
                out.add(map.apply(v.get(i)));
            }
        }
        return out;
    }

    /** ISO-8601 durations: PnDTnHnMnS, plus PnW (7 days each). Months and years have no fixed length. */
    static Duration parseDuration(String s) {
        try {
            if (s.matches("P\\d+W")) {
                return Duration.ofDays(7L * Long.parseLong(s.substring(1, s.length() - 1)));
            }
            Duration d = Duration.parse(s);
            return d.isNegative() ? null : d;
        } catch (DateTimeParseException | NumberFormatException e) {
            return null;
        }
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
    }
}
