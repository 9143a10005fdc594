package io.mqlengine.emulator.dynamodb.value;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqlengine.emulator.dynamodb.ApiException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Attribute values to and from the protocol's JSON ({@code {"S":"x"}}, {@code {"N":"1.5"}}, ...), checked
 * as the service checks them: one type per value, no empty sets, no duplicates in a set, numbers in range.
 *
 * <p>Longer than most classes: every attribute type's rules in one place, checked in one pass as the service does.
 */
public final class ValueJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ValueJson() {
    }

    /** An item or a key: a JSON object of attribute values. */
    public static Map<String, Value> item(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw ApiException.serialization(node.isArray()
                    ? "Unrecognized collection type java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>"
                    : "Unexpected field type");
        }
        Map<String, Value> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), value(e.getValue()));
        }
        return out;
    }

    /** One attribute value. */
    public static Value value(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw ApiException.serialization(node != null && node.isArray()
                    ? "Unrecognized collection type class com.amazonaws.dynamodb.v20120810.AttributeValue"
                    : "Unexpected value type in payload");
        }
        List<String> present = new ArrayList<>();
        node.fieldNames().forEachRemaining(name -> {
            if (!node.get(name).isNull()) {
                present.add(name);
            }
        });
        if (present.isEmpty()) {
            throw ApiException.validation(
                    "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
        }
        Value first = null;
        for (String type : present) {
            Value v = typed(type, node.get(type));
            if (first == null) {
                first = v;
            }
        }
        if (present.size() > 1) {
            throw ApiException.validation("Supplied AttributeValue has more than one datatypes set, "
                    + "must contain exactly one of the supported datatypes");
        }
        return first;
    }

    private static Value typed(String type, JsonNode v) {
        switch (type) {
            case "S":
                return new Value.S(string(v));
            case "N":
                return new Value.N(Numbers.parse(string(v)));
            case "B":
                return new Value.B(blob(v));
            case "BOOL":
                return new Value.Bool(bool(v));
            case "NULL":
                if (!bool(v)) {
                    throw ApiException.validation("One or more parameter values were invalid: "
                            + "Null attribute value types must have the value of true");
                }
                return Value.Null.INSTANCE;
            case "SS": {
                List<String> members = new ArrayList<>();
                list(v).forEach(m -> members.add(string(m)));
                if (members.isEmpty()) {
                    throw ApiException.validation("One or more parameter values were invalid: An string set  may not be empty");
                }
                Set<String> set = new LinkedHashSet<>(members);
                if (set.size() < members.size()) {
                    throw ApiException.validation("One or more parameter values were invalid: Input collection "
                            + members + " contains duplicates.");
                }
                return new Value.SS(set);
            }
            case "NS": {
                List<BigDecimal> members = new ArrayList<>();
                list(v).forEach(m -> members.add(Numbers.parse(string(m))));
                if (members.isEmpty()) {
                    throw ApiException.validation("One or more parameter values were invalid: An number set  may not be empty");
                }
                Set<BigDecimal> set = new LinkedHashSet<>(members);
                if (set.size() < members.size()) {
                    throw ApiException.validation("Input collection contains duplicates");
                }
                return new Value.NS(set);
            }
            case "BS": {
                List<Bytes> members = new ArrayList<>();
                list(v).forEach(m -> members.add(blob(m)));
                if (members.isEmpty()) {
                    throw ApiException.validation("One or more parameter values were invalid: Binary sets should not be empty");
                }
                Set<Bytes> set = new LinkedHashSet<>(members);
                if (set.size() < members.size()) {
                    throw ApiException.validation("One or more parameter values were invalid: Input collection "
                            + members + "of type BS contains duplicates.");
                }
                return new Value.BS(set);
            }
            case "L": {
                List<Value> members = new ArrayList<>();
                list(v).forEach(m -> members.add(value(m)));
                return new Value.L(members);
            }
            case "M": {
                if (!v.isObject()) {
                    throw ApiException.serialization(v.isArray()
                            ? "Unrecognized collection type java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>"
                            : "Unexpected field type");
                }
                return new Value.M(item(v));
            }
            default:
                throw ApiException.serialization("Unexpected field type: " + type);
        }
    }

    private static String string(JsonNode v) {
        if (v.isTextual()) {
            return v.textValue();
        }
        throw typeError(v, "String");
    }

    /** A boolean member as the service reads one: JSON true/false, or the strings true/false/1/0/yes/no. */
    public static boolean bool(JsonNode v) {
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isTextual()) {
            switch (v.textValue().toUpperCase(Locale.ROOT)) {
                case "TRUE", "1", "YES":
                    return true;
                case "FALSE", "0", "NO":
                    return false;
                default:
                    throw ApiException.serialization("Unexpected token received from parser");
            }
        }
        throw typeError(v, "Boolean");
    }

    /** The SerializationException for a JSON value where the protocol wants {@code javaType} (String, Boolean, Long). */
    public static ApiException typeError(JsonNode v, String javaType) {
        if (v.isArray()) {
            return ApiException.serialization("Unrecognized collection type class java.lang." + javaType);
        }
        if (v.isObject()) {
            return ApiException.serialization("Start of structure or map found where not expected");
        }
        String kind = v.isBoolean() ? (v.booleanValue() ? "TRUE_VALUE" : "FALSE_VALUE")
                : v.isIntegralNumber() ? "NUMBER_VALUE" : v.isNumber() ? "DECIMAL_VALUE" : "STRING_VALUE";
        return ApiException.serialization(kind + " cannot be converted to " + javaType);
    }

    private static Bytes blob(JsonNode v) {
        if (!v.isTextual()) {
            throw ApiException.serialization(v.isContainerNode() ? "Start of structure or map found where not expected"
                    : "only base-64-encoded strings are convertible to bytes");
        }
        String s = v.textValue();
        if (s.length() % 4 != 0) {
            throw ApiException.serialization("Base64 encoded length is expected a multiple of 4 bytes but found: " + s.length());
        }
        try {
            Bytes b = Bytes.fromBase64(s);
            if (!b.base64().equals(s)) {
                throw ApiException.serialization("Invalid last non-pad Base64 character dectected");
            }
            return b;
        } catch (IllegalArgumentException e) {
            throw ApiException.serialization("Invalid Base64 character");
        }
    }

    private static JsonNode list(JsonNode v) {
        if (!v.isArray()) {
            throw ApiException.serialization(v.isObject() ? "Start of structure or map found where not expected"
                    : "Unexpected field type");
        }
        return v;
    }

    /** The JSON of an item. */
    public static ObjectNode json(Map<String, Value> item) {
        ObjectNode out = NODES.objectNode();
        item.forEach((k, v) -> out.set(k, json(v)));
        return out;
    }

    /** The JSON of one value. */
    public static ObjectNode json(Value value) {
        ObjectNode out = NODES.objectNode();
        if (value instanceof Value.S s) {
            out.put("S", s.value());
        } else if (value instanceof Value.N n) {
            out.put("N", n.toString());
        } else if (value instanceof Value.B b) {
            out.put("B", b.value().base64());
        } else if (value instanceof Value.Bool b) {
            out.put("BOOL", b.value());
        } else if (value instanceof Value.Null) {
            out.put("NULL", true);
        } else if (value instanceof Value.SS ss) {
            ArrayNode a = out.putArray("SS");
            ss.values().forEach(a::add);
        } else if (value instanceof Value.NS ns) {
            ArrayNode a = out.putArray("NS");
            ns.values().forEach(n -> a.add(Numbers.format(n)));
        } else if (value instanceof Value.BS bs) {
            ArrayNode a = out.putArray("BS");
            bs.values().forEach(b -> a.add(b.base64()));
        } else if (value instanceof Value.L l) {
            ArrayNode a = out.putArray("L");
            l.values().forEach(v -> a.add(json(v)));
        } else if (value instanceof Value.M m) {
            out.set("M", json(m.values()));
        }
        return out;
    }
}
