package io.mqlengine.emulator.dynamodb.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands a case's JSON into the request a backend gets: {@code ${name}} becomes the backend's table name or
 * a captured value, {@code $i} the repetition index, {@code {"$repeat": "ab", "times": 3}} the string
 * "ababab" (for items near the size limits without 400 KB of case file) and {@code {"$epochSeconds": -60}}
 * the epoch second a minute ago, as a string (for TTL attributes).
 */
final class Template {
    static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+)}");

    private Template() {
    }

    /** Every ${name} in the node's strings and field names. */
    static Set<String> variables(JsonNode node, String raw) {
        Set<String> out = new LinkedHashSet<>();
        if (node != null) {
            collect(node, out);
        }
        if (raw != null) {
            scan(raw, out);
        }
        return out;
    }

    private static void collect(JsonNode node, Set<String> out) {
        if (node.isTextual()) {
            scan(node.asText(), out);
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                scan(e.getKey(), out);
                collect(e.getValue(), out);
            }
        } else if (node.isArray()) {
            node.forEach(n -> collect(n, out));
        }
    }

    private static void scan(String s, Set<String> out) {
        Matcher m = VARIABLE.matcher(s);
        while (m.find()) {
            out.add(m.group(1));
        }
    }

    /**
     * A copy of the node with every variable resolved. A string that is exactly one variable whose value is
     * JSON other than a string (a captured key, say) becomes that JSON.
     */
    static JsonNode expand(JsonNode node, Function<String, JsonNode> resolve, Integer index) {
        if (node.isTextual()) {
            String s = node.asText();
            Matcher whole = VARIABLE.matcher(s);
            if (whole.matches()) {
                JsonNode value = resolve.apply(whole.group(1));
                if (!value.isTextual()) {
                    return value.deepCopy();
                }
            }
            return TextNode.valueOf(expand(s, resolve, index));
        }
        if (node.isObject()) {
            if (node.has("$repeat")) {
                return TextNode.valueOf(node.get("$repeat").asText().repeat(node.path("times").asInt()));
            }
            if (node.has("$epochSeconds")) {
                // TTL cases need times relative to now: AWS ignores expiry times more than five years old
                return TextNode.valueOf(String.valueOf(Instant.now().getEpochSecond() + node.get("$epochSeconds").asLong()));
            }
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.set(expand(e.getKey(), resolve, index), expand(e.getValue(), resolve, index));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(n -> out.add(expand(n, resolve, index)));
            return out;
        }
        return node.deepCopy();
    }

    static String expand(String s, Function<String, JsonNode> resolve, Integer index) {
        Matcher m = VARIABLE.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            JsonNode value = resolve.apply(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value.isTextual() ? value.asText() : value.toString()));
        }
        m.appendTail(out);
        String result = out.toString();
        return index == null ? result : result.replace("$i", String.valueOf(index));
    }
}
