package io.mqlengine.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import io.mqlengine.json.JsonObjectReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Reads a field condition, {@code {"field": ..., one test}}, on an event's fields or on a lead's fit fields. */
final class FieldConditionReader {
    private static final Set<String> EVENT_FIELD_ROOTS = Set.of("type", "event", "anonymousId", "userId", "context",
            "properties", "traits");

    private FieldConditionReader() {
    }

    /** The condition in {@code c}, testing a fit field when {@code fit}, else an event field; null when bad. */
    static FieldCondition read(JsonObjectReader c, boolean fit) {
        if (c == null) {
            return null;
        }
        Set<String> known = new HashSet<>(FieldTest.NAMES);
        known.add("field");
        c.onlyFields(known);
        String field = c.string("field", true);
        if (field != null) {
            String root = field.contains(".") ? field.substring(0, field.indexOf('.')) : field;
            if (fit && !ScoringModelLoader.FIT_FIELDS.contains(field)) {
                c.problem("field", "must be one of " + new TreeSet<>(ScoringModelLoader.FIT_FIELDS)
                        + ", was '" + field + "'");
            } else if (!fit && !EVENT_FIELD_ROOTS.contains(root)) {
                c.problem("field", "must start with one of " + new TreeSet<>(EVENT_FIELD_ROOTS)
                        + ", was '" + field + "'");
            }
        }
        List<String> tests = new ArrayList<>(c.fieldNames());
        tests.retainAll(FieldTest.NAMES);
        if (tests.size() != 1) {
            c.problem(null, "must have exactly one test of " + new TreeSet<>(FieldTest.NAMES)
                    + ", has " + tests);
            return null;
        }
        String t = tests.get(0);
        FieldTest test = test(c, t);
        if (test == null) {
            if (!c.hasProblemAt(t)) {
                c.problem(t, "has a value of the wrong kind for this test: " + c.value(t));
            }
            return null;
        }
        return field == null ? null : new FieldCondition(field, test);
    }

    /** The test named {@code t} with its value, or null when the value is of the wrong kind for it. */
    private static FieldTest test(JsonObjectReader c, String t) {
        JsonNode v = c.value(t);
        return switch (t) {
            case "equals" -> v.isValueNode() && !v.isNull() ? new FieldTest.Equals(scalar(v)) : null;
            case "oneOf" -> {
                List<Object> values = c.list(t, true, n -> n.isValueNode() && !n.isNull(),
                        FieldConditionReader::scalar, "strings, numbers or booleans");
                yield values.isEmpty() ? null : new FieldTest.OneOf(List.copyOf(values));
            }
            case "glob" -> v.isTextual() && !v.textValue().isEmpty() ? FieldTest.Glob.of(v.textValue()) : null;
            case "containsAny" -> {
                List<String> s = c.strings(t, true);
                yield s.isEmpty() ? null : new FieldTest.ContainsAny(List.copyOf(s));
            }
            case "anyWord" -> {
                List<String> s = c.strings(t, true);
                yield s.isEmpty() ? null : FieldTest.AnyWord.of(List.copyOf(s));
            }
            case "atLeast" -> v.isNumber() ? new FieldTest.AtLeast(v.doubleValue()) : null;
            case "atMost" -> v.isNumber() ? new FieldTest.AtMost(v.doubleValue()) : null;
            case "exists" -> v.isBoolean() ? new FieldTest.Exists(v.booleanValue()) : null;
            default -> null;
        };
    }

    private static Object scalar(JsonNode n) {
        if (n.isNumber()) {
            return n.doubleValue();
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        return n.asText();
    }
}
