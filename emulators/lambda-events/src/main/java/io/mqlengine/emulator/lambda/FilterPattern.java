package io.mqlengine.emulator.lambda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One Lambda event-filtering pattern or EventBridge event pattern (the same grammar), matched against a
 * record's or an event's JSON form: exact values (strings, numbers, booleans, null), prefix, suffix,
 * equals-ignore-case, anything-but, numeric, exists, and {@code $or}; EventBridge patterns also take
 * wildcard, prefix and suffix ignoring case, and anything-but with equals-ignore-case or wildcard. Keys
 * within a pattern are ANDed, the values listed for one key are ORed, an array in the record matches when
 * any element does, and exists applies to leaf nodes only.
 */
public final class FilterPattern {
    /** Which service's grammar a pattern is checked against: EventBridge accepts a few operators Lambda does not. */
    public enum Dialect { LAMBDA, EVENTBRIDGE }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> OPERATORS = Set.of("=", "<", "<=", ">", ">=");
    private final JsonNode pattern;

    private FilterPattern(JsonNode pattern) {
        this.pattern = pattern;
    }

    /** Parses and validates a Lambda filter pattern; throws IllegalArgumentException saying what is wrong. */
    public static FilterPattern parse(String json) {
        return parse(json, Dialect.LAMBDA);
    }

    /** Parses and validates an EventBridge event pattern; throws IllegalArgumentException saying what is wrong. */
    public static FilterPattern parseEventPattern(String json) {
        return parse(json, Dialect.EVENTBRIDGE);
    }

    private static FilterPattern parse(String json, Dialect dialect) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject() || node.isEmpty()) {
            throw new IllegalArgumentException("a filter pattern is a non-empty JSON object");
        }
        validateObject(node, "", dialect);
        return new FilterPattern(node);
    }

    /** True when the record's JSON form (see {@link SqsEvents#filterJson}, {@link StreamEvents#filterJson}) matches. */
    public boolean matches(JsonNode record) {
        return matchObject(pattern, record);
    }

    /** The pattern as parsed, for {@link FilterFields}. */
    JsonNode pattern() {
        return pattern;
    }

    @Override
    public String toString() {
        return pattern.toString();
    }

    private static void validateObject(JsonNode object, String at, Dialect dialect) {
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String where = at.isEmpty() ? e.getKey() : at + "." + e.getKey();
            JsonNode value = e.getValue();
            if (e.getKey().equals("$or")) {
                if (!value.isArray() || value.size() < 2) {
                    throw new IllegalArgumentException(where + ": $or takes a list of at least two patterns");
                }
                value.forEach(p -> {
                    if (!p.isObject()) {
                        throw new IllegalArgumentException(where + ": each $or branch is an object");
                    }
                    validateObject(p, where, dialect);
                });
            } else if (value.isObject()) {
                validateObject(value, where, dialect);
            } else if (value.isArray()) {
                if (value.isEmpty()) {
                    throw new IllegalArgumentException(where + ": an empty list matches nothing");
                }
                value.forEach(m -> validateMatcher(m, where, dialect));
            } else {
                throw new IllegalArgumentException(
                        where + ": leaf values must be lists, e.g. [\"" + value.asText() + "\"]");
            }
        }
    }

    private static void validateMatcher(JsonNode m, String where, Dialect dialect) {
        if (m.isValueNode()) {
            return;
        }
        if (!m.isObject() || m.size() != 1) {
            throw new IllegalArgumentException(where + ": a matcher is a value or an object with one operator");
        }
        String op = m.fieldNames().next();
        JsonNode arg = m.get(op);
        boolean eventBridge = dialect == Dialect.EVENTBRIDGE;
        switch (op) {
            case "prefix", "suffix" -> {
                boolean ignoringCase = eventBridge && arg.isObject() && arg.size() == 1
                        && arg.path("equals-ignore-case").isTextual();
                if (!arg.isTextual() && !ignoringCase) {
                    throw new IllegalArgumentException(where + ": " + op + " takes a string"
                            + (eventBridge ? " or {\"equals-ignore-case\": string}" : ""));
                }
            }
            case "equals-ignore-case" -> {
                if (!arg.isTextual()) {
                    throw new IllegalArgumentException(where + ": " + op + " takes a string");
                }
            }
            case "wildcard" -> {
                if (!eventBridge) {
                    throw new IllegalArgumentException(where + ": operator 'wildcard' is not supported in Lambda filters");
                }
                validateWildcard(arg, where);
            }
            case "exists" -> {
                if (!arg.isBoolean()) {
                    throw new IllegalArgumentException(where + ": exists takes true or false");
                }
            }
            case "anything-but" -> {
                boolean ok = arg.isValueNode() || (arg.isArray() && !arg.isEmpty())
                        || (arg.isObject() && arg.size() == 1 && (arg.path("prefix").isTextual() || arg.path("suffix").isTextual()))
                        || (eventBridge && arg.isObject() && arg.size() == 1 && textOrTexts(arg.path("equals-ignore-case")))
                        || (eventBridge && arg.isObject() && arg.size() == 1 && textOrTexts(arg.path("wildcard")));
                if (!ok) {
                    throw new IllegalArgumentException(where + ": anything-but takes a value, a list, or {prefix|suffix}"
                            + (eventBridge ? ", or {equals-ignore-case|wildcard} with a string or a list of strings" : ""));
                }
                if (arg.has("wildcard")) {
                    for (JsonNode w : arg.get("wildcard").isArray() ? arg.get("wildcard") : List.of(arg.get("wildcard"))) {
                        validateWildcard(w, where);
                    }
                }
            }
            case "numeric" -> {
                if (!arg.isArray() || (arg.size() != 2 && arg.size() != 4)) {
                    throw new IllegalArgumentException(where + ": numeric takes [op, n] or [op, n, op, n]");
                }
                for (int i = 0; i < arg.size(); i += 2) {
                    if (!OPERATORS.contains(arg.get(i).asText()) || !arg.get(i + 1).isNumber()) {
                        throw new IllegalArgumentException(
                                where + ": numeric operators are = < <= > >= followed by a number");
                    }
                }
            }
            default -> throw new IllegalArgumentException(where + ": operator '" + op + "' is not supported");
        }
    }

    private static boolean textOrTexts(JsonNode node) {
        if (node.isTextual()) {
            return true;
        }
        if (!node.isArray() || node.isEmpty()) {
            return false;
        }
        for (JsonNode element : node) {
            if (!element.isTextual()) {
                return false;
            }
        }
        return true;
    }

    private static void validateWildcard(JsonNode arg, String where) {
        if (!arg.isTextual()) {
            throw new IllegalArgumentException(where + ": wildcard takes a string");
        }
        if (arg.asText().contains("**")) {
            throw new IllegalArgumentException(where + ": wildcard '" + arg.asText()
                    + "' has consecutive * characters, which EventBridge refuses");
        }
    }

    private static boolean matchObject(JsonNode pattern, JsonNode event) {
        for (Iterator<Map.Entry<String, JsonNode>> it = pattern.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("$or")) {
                boolean any = false;
                for (JsonNode branch : e.getValue()) {
                    any |= matchObject(branch, event);
                }
                if (!any) {
                    return false;
                }
                continue;
            }
            JsonNode value = event != null && event.isObject() && event.has(e.getKey())
                    ? event.get(e.getKey()) : MissingNode.getInstance();
            boolean ok = e.getValue().isObject() ? matchObject(e.getValue(), value) : matchLeaf(e.getValue(), value);
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean matchLeaf(JsonNode matchers, JsonNode value) {
        for (JsonNode m : matchers) {
            if (matchOne(m, value)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchOne(JsonNode m, JsonNode value) {
        if (m.isObject() && m.has("exists")) {
            boolean present = !value.isMissingNode() && !value.isObject();
            return m.get("exists").asBoolean() == present;
        }
        if (value.isMissingNode() || value.isObject()) {
            return false;
        }
        if (value.isArray()) {
            for (JsonNode element : value) {
                if (matchScalar(m, element)) {
                    return true;
                }
            }
            return false;
        }
        return matchScalar(m, value);
    }

    private static boolean matchScalar(JsonNode m, JsonNode v) {
        if (m.isValueNode()) {
            return same(m, v);
        }
        String op = m.fieldNames().next();
        JsonNode arg = m.get(op);
        return switch (op) {
            case "prefix" -> v.isTextual() && affix(v.asText(), arg, true);
            case "suffix" -> v.isTextual() && affix(v.asText(), arg, false);
            case "equals-ignore-case" -> v.isTextual() && v.asText().equalsIgnoreCase(arg.asText());
            case "wildcard" -> v.isTextual() && Wildcard.matches(arg.asText(), v.asText());
            case "anything-but" -> anythingBut(arg, v);
            case "numeric" -> v.isNumber() && numeric(arg, v.decimalValue());
            default -> false;
        };
    }

    private static boolean affix(String value, JsonNode arg, boolean prefix) {
        if (arg.isTextual()) {
            return prefix ? value.startsWith(arg.asText()) : value.endsWith(arg.asText());
        }
        String affix = arg.get("equals-ignore-case").asText();
        int from = prefix ? 0 : value.length() - affix.length();
        return from >= 0 && value.regionMatches(true, from, affix, 0, affix.length());
    }

    private static boolean anythingBut(JsonNode arg, JsonNode v) {
        if (arg.isObject() && (arg.has("equals-ignore-case") || arg.has("wildcard"))) {
            boolean ignoreCase = arg.has("equals-ignore-case");
            JsonNode list = ignoreCase ? arg.get("equals-ignore-case") : arg.get("wildcard");
            for (JsonNode excluded : list.isArray() ? list : List.of(list)) {
                boolean hit = v.isTextual() && (ignoreCase ? v.asText().equalsIgnoreCase(excluded.asText())
                        : Wildcard.matches(excluded.asText(), v.asText()));
                if (hit) {
                    return false;
                }
            }
            return true;
        }
        if (arg.isObject()) {
            String text = arg.has("prefix") ? arg.get("prefix").asText() : arg.get("suffix").asText();
            boolean hit = v.isTextual()
                    && (arg.has("prefix") ? v.asText().startsWith(text) : v.asText().endsWith(text));
            return !hit;
        }
        if (arg.isArray()) {
            for (JsonNode excluded : arg) {
                if (same(excluded, v)) {
                    return false;
                }
            }
            return true;
        }
        return !same(arg, v);
    }

    private static boolean numeric(JsonNode ops, BigDecimal value) {
        for (int i = 0; i < ops.size(); i += 2) {
            int c = value.compareTo(ops.get(i + 1).decimalValue());
            boolean ok = switch (ops.get(i).asText()) {
                case "=" -> c == 0;
                case "<" -> c < 0;
                case "<=" -> c <= 0;
                case ">" -> c > 0;
                default -> c >= 0;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean same(JsonNode expected, JsonNode v) {
        if (expected.isNull()) {
            return v.isNull();
        }
        if (expected.isNumber()) {
            return v.isNumber() && expected.decimalValue().compareTo(v.decimalValue()) == 0;
        }
        if (expected.isBoolean()) {
            return v.isBoolean() && expected.asBoolean() == v.asBoolean();
        }
        return v.isTextual() && v.asText().equals(expected.asText());
    }
}
