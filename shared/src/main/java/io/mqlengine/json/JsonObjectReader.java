package io.mqlengine.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Reads the fields of one JSON object of a document, at its JSON path, collecting every {@link Problem} instead of
 * throwing at the first: one pass over a bad document names all that is wrong with it. Readers of nested objects
 * share their parent's problems.
 */
public final class JsonObjectReader {
    private final JsonNode node;
    private final String path;
    private final List<Problem> problems;

    private JsonObjectReader(JsonNode node, String path, List<Problem> problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    /** A reader of the document's root object, at path {@code $}. */
    public static JsonObjectReader root(JsonNode object) {
        if (!object.isObject()) {
            throw new IllegalArgumentException("the root of a document read field by field must be an object");
        }
        return new JsonObjectReader(object, "$", new ArrayList<>());
    }

    /** Every problem found so far, in the order found, by this reader and the readers it made. */
    public List<Problem> problems() {
        return List.copyOf(problems);
    }

    /** The path of {@code field} in this object, such as {@code $.mql.threshold}. */
    public String at(String field) {
        return path + "." + field;
    }

    /** Reports a problem with {@code field}, or with this object itself when {@code field} is null. */
    public void problem(String field, String message) {
        problems.add(new Problem(field == null ? path : at(field), message));
    }

    /** Reports a problem with element {@code index} of the array in {@code field}. */
    public void problem(String field, int index, String message) {
        problems.add(new Problem(at(field) + "[" + index + "]", message));
    }

    /** True when a problem was already reported at {@code field} or anywhere below it. */
    public boolean hasProblemAt(String field) {
        String prefix = at(field);
        return problems.stream().anyMatch(p -> p.path().startsWith(prefix));
    }

    /** Reports every field not in {@code known}: typos in a document must not pass silently. */
    public void onlyFields(Set<String> known) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                problem(f, "unknown field; expected one of " + new TreeSet<>(known));
            }
        }
    }

    /** The names of this object's fields, in document order. */
    public List<String> fieldNames() {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** True when {@code field} is present and not null. */
    public boolean has(String field) {
        return node.has(field) && !node.get(field).isNull();
    }

    /** The raw value of {@code field}, or null when absent; for values whose kind the caller decides. */
    public JsonNode value(String field) {
        return node.get(field);
    }

    public JsonObjectReader object(String field, boolean required) {
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
        return new JsonObjectReader(v, at(field), problems);
    }

    public List<JsonObjectReader> objects(String field, boolean required) {
        JsonNode v = node.get(field);
        List<JsonObjectReader> out = new ArrayList<>();
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
            if (!v.get(i).isObject()) {
                problem(field, i, "must be an object");
            } else {
                out.add(new JsonObjectReader(v.get(i), at(field) + "[" + i + "]", problems));
            }
        }
        return out;
    }

    public String string(String field, boolean required) {
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

    /** An optional true or false; null when absent or of another kind. */
    public Boolean bool(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isBoolean()) {
            problem(field, "must be true or false");
            return null;
        }
        return v.booleanValue();
    }

    public Double number(String field, boolean required, double min, double max) {
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

    /** An {@link IsoDuration} of at least {@code min}; a negative one is refused like any malformed one. */
    public Duration duration(String field, boolean required, Duration min) {
        String s = string(field, required);
        if (s == null) {
            return null;
        }
        Duration d = nonNegative(s);
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

    private static Duration nonNegative(String s) {
        try {
            Duration d = IsoDuration.parse(s);
            return d.isNegative() ? null : d;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** A string, or an array of strings; empty list when absent. */
    public List<String> strings(String field, boolean required) {
        return list(field, required, JsonNode::isTextual, JsonNode::textValue, "strings");
    }

    /** One value that passes {@code ok}, or a non-empty array of them, each mapped; {@code what} names them. */
    public <T> List<T> list(String field, boolean required, Predicate<JsonNode> ok,
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
                problem(field, i, "must be one of " + what);
            } else {
                out.add(map.apply(v.get(i)));
            }
        }
        return out;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
    }
}
