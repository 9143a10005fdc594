package io.mqlengine.emulator.dynamodb.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.mqlengine.emulator.dynamodb.ApiException;
import io.mqlengine.emulator.dynamodb.value.Value;
import io.mqlengine.emulator.dynamodb.value.ValueJson;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads one request's JSON as the service does: a member of the wrong JSON type is a
 * SerializationException; constraint violations are collected and reported together as one
 * ValidationException ("2 validation errors detected: Value ... at 'tableName' failed to satisfy
 * constraint: ...").
 *
 * <p>Longer than most classes: one reader for every request shape, so every operation reports violations the same
 * way.
 */
public final class Req {
    public static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_.-]+");

    private final JsonNode node;
    private final String path;
    private final List<String> errors;

    public Req(JsonNode node) {
        this(node, "", new ArrayList<>());
    }

    private Req(JsonNode node, String path, List<String> errors) {
        this.node = node;
        this.path = path;
        this.errors = errors;
    }

    public JsonNode raw() {
        return node;
    }

    public boolean has(String name) {
        JsonNode v = node.get(name);
        return v != null && !v.isNull();
    }

    /** A string member, or null. */
    public String string(String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw ValueJson.typeError(v, "String");
        }
        return v.textValue();
    }

    /** A string member that must be present. */
    public String requiredString(String name) {
        String s = string(name);
        notNull(name, s);
        return s;
    }

    /** A string that must be one of {@code allowed}, or null. */
    public String oneOf(String name, String... allowed) {
        String s = string(name);
        if (s != null && !List.of(allowed).contains(s)) {
            fail(name, s, "Member must satisfy enum value set: [" + String.join(", ", allowed) + "]");
        }
        return s;
    }

    public Boolean bool(String name) {
        JsonNode v = node.get(name);
        return v == null || v.isNull() ? null : ValueJson.bool(v);
    }

    /** An Integer member (the protocol's type name matters in its error message), or null. */
    public Long integer(String name) {
        return number(name, "Integer");
    }

    /** A Long member, or null. */
    public Long longValue(String name) {
        return number(name, "Long");
    }

    private Long number(String name, String typeName) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            return (long) Math.floor(v.doubleValue());
        }
        throw ValueJson.typeError(v, typeName);
    }

    /** An Integer member checked against bounds (either may be null). */
    public Long integer(String name, Long min, Long max) {
        return bounded(name, integer(name), min, max);
    }

    /** A Long member checked against bounds (either may be null). */
    public Long longValue(String name, Long min, Long max) {
        return bounded(name, longValue(name), min, max);
    }

    private Long bounded(String name, Long n, Long min, Long max) {
        if (n != null && min != null && n < min) {
            fail(name, n, "Member must have value greater than or equal to " + min);
        }
        if (n != null && max != null && n > max) {
            fail(name, n, "Member must have value less than or equal to " + max);
        }
        return n;
    }

    /** A structure member, or null. */
    public Req struct(String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            throw ApiException.serialization(v.isArray() ? "Unrecognized collection type class com.amazonaws.dynamodb.v20120810."
                    + name : "Unexpected field type");
        }
        return new Req(v, child(name), errors);
    }

    /** A list of structures, or null. */
    public List<Req> structs(String name) {
        JsonNode v = list(name);
        if (v == null) {
            return null;
        }
        List<Req> out = new ArrayList<>();
        int i = 1;
        for (JsonNode e : v) {
            if (e.isNull()) {
                fail(name + "." + i, null, "Member must not be null");
            } else if (!e.isObject()) {
                throw ApiException.serialization("Unexpected value type in payload");
            } else {
                out.add(new Req(e, child(name) + "." + i + ".member", errors));
            }
            i++;
        }
        return out;
    }

    /** A list of strings, or null. */
    public List<String> strings(String name) {
        JsonNode v = list(name);
        if (v == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                throw ValueJson.typeError(e, "String");
            }
            out.add(e.textValue());
        }
        return out;
    }

    /** A map of string to structure, or null (RequestItems). */
    public Map<String, JsonNode> map(String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            throw ApiException.serialization(v.isArray() ? "Unrecognized collection type java.util.Map" : "Unexpected field type");
        }
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    /** A map of string to string (ExpressionAttributeNames), or null. */
    public Map<String, String> stringMap(String name) {
        Map<String, JsonNode> m = map(name);
        if (m == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (!v.isTextual()) {
                throw ValueJson.typeError(v, "String");
            }
            out.put(k, v.textValue());
        });
        return out;
    }

    /** An item or key (map of attribute values), or null. */
    public Map<String, Value> item(String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        return ValueJson.item(v);
    }

    /** The table name of an item operation: not null, 3 to 255 of [a-zA-Z0-9_.-], as member constraints. */
    public String tableName(String name) {
        String s = string(name);
        notNull(name, s);
        name(name, s);
        return s;
    }

    /**
     * The table name of a table operation (CreateTable, DescribeTable, DeleteTable, DescribeTimeToLive), which
     * the service checks before anything else, with messages of their own.
     */
    public String requiredTableName(String name) {
        String s = string(name);
        if (s == null) {
            throw ApiException.validation("The parameter '" + name + "' is required but was not present in the request");
        }
        if (s.length() < 3 || s.length() > 255) {
            throw ApiException.validation(name + " must be at least 3 characters long and at most 255 characters long");
        }
        name(name, s);
        return s;
    }

    /** Checks a name member (index names and such): length 3 to 255 and the name pattern. */
    public void name(String name, String value) {
        if (value == null) {
            return;
        }
        if (value.length() < 3) {
            fail(name, value, "Member must have length greater than or equal to 3");
        }
        if (value.length() > 255) {
            fail(name, value, "Member must have length less than or equal to 255");
        }
        if (!NAME.matcher(value).matches()) {
            fail(name, value, "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
        }
    }

    public void notNull(String name, Object value) {
        if (value == null) {
            fail(name, null, "Member must not be null");
        }
    }

    /** Records a constraint violation of member {@code name}, showing its value as the request gave it. */
    public void fail(String name, String constraint) {
        fail(name, node.get(name), constraint);
    }

    /** Records a constraint violation of member {@code name} with {@code value} (a string, number or JSON). */
    public void fail(String name, Object value, String constraint) {
        String shown = value == null || value instanceof JsonNode n && n.isNull() ? "null" : "'" + shown(value) + "'";
        errors.add("Value " + shown + " at '" + child(name) + "' failed to satisfy constraint: " + constraint);
    }

    /** A value as the service prints it: lists as [a, b], structures as compact JSON, scalars as they are. */
    private static String shown(Object value) {
        if (!(value instanceof JsonNode n)) {
            return String.valueOf(value);
        }
        if (n.isArray()) {
            List<String> parts = new ArrayList<>();
            n.forEach(e -> parts.add(e.isNull() ? "null" : shown(e)));
            return "[" + String.join(", ", parts) + "]";
        }
        return n.isValueNode() ? n.asText() : n.toString();
    }

    /** Throws the collected violations as one ValidationException, if there are any. */
    public void check() {
        if (!errors.isEmpty()) {
            List<String> shown = errors.size() > 10 ? errors.subList(0, 10) : errors;
            String message = errors.size() + " validation error" + (errors.size() > 1 ? "s" : "") + " detected: "
                    + String.join("; ", shown);
            errors.clear();
            throw ApiException.validation(message);
        }
    }

    private JsonNode list(String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray()) {
            throw ApiException.serialization(v.isObject() ? "Start of structure or map found where not expected"
                    : "Unexpected field type");
        }
        return v;
    }

    private String child(String name) {
        String lower = name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
        return path.isEmpty() ? lower : path + "." + lower;
    }
}
