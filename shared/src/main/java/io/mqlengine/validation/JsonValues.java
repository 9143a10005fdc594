package io.mqlengine.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.mqlengine.json.Problem;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts a free-form JSON value into plain, unmodifiable Java values (maps, lists, strings, longs, doubles,
 * booleans), checking its depth, sizes, field names and strings against the {@link Limits} on the way. What
 * breaks a limit is reported with its JSON path and left out (null).
 */
final class JsonValues {
    private final Limits limits;

    JsonValues(Limits limits) {
        this.limits = limits;
    }

    /** The value {@code v} found at {@code at}, as plain Java values. */
    Object convert(JsonNode v, String at, List<Problem> problems) {
        return convert(v, at, 0, problems);
    }

    private Object convert(JsonNode v, String at, int depth, List<Problem> problems) {
        if (v.isObject()) {
            return object(v, at, depth, problems);
        }
        if (v.isArray()) {
            return array(v, at, depth, problems);
        }
        if (v.isTextual()) {
            return TextFields.checked(v.textValue(), at, limits.maxStringLength(), problems);
        }
        if (v.isIntegralNumber()) {
            if (!v.canConvertToLong()) {
                problems.add(new Problem(at, "is a number too large"));
                return null;
            }
            return v.longValue();
        }
        if (v.isNumber()) {
            double d = v.doubleValue();
            if (Double.isInfinite(d) || Double.isNaN(d)) {
                problems.add(new Problem(at, "is a number out of range"));
                return null;
            }
            return d;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        return null;
    }

    private Map<String, Object> object(JsonNode v, String at, int depth, List<Problem> problems) {
        if (depth > limits.maxDepth()) {
            problems.add(new Problem(at, "nests deeper than " + limits.maxDepth() + " levels"));
            return null;
        }
        if (v.size() > limits.maxProperties()) {
            problems.add(new Problem(at, "has " + v.size() + " fields; at most " + limits.maxProperties()));
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            String keyAt = at + "." + key;
            if (key.isEmpty() || key.length() > limits.maxKeyLength() || TextFields.firstControl(key) >= 0) {
                problems.add(new Problem(at, "has a field name that is empty, longer than "
                        + limits.maxKeyLength() + " characters or holds control characters"));
                continue;
            }
            out.put(key, convert(e.getValue(), keyAt, depth + 1, problems));
        }
        return Collections.unmodifiableMap(out);
    }

    private List<Object> array(JsonNode v, String at, int depth, List<Problem> problems) {
        if (depth > limits.maxDepth()) {
            problems.add(new Problem(at, "nests deeper than " + limits.maxDepth() + " levels"));
            return null;
        }
        if (v.size() > limits.maxArrayItems()) {
            problems.add(new Problem(at, "has " + v.size() + " items; at most " + limits.maxArrayItems()));
            return null;
        }
        List<Object> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            out.add(convert(v.get(i), at + "[" + i + "]", depth + 1, problems));
        }
        return Collections.unmodifiableList(out);
    }
}
