package io.mqlengine.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqlengine.json.Json;
import java.util.Iterator;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * The part of Lambda event filtering the template's stream filter uses: nested objects, exact values,
 * prefix, anything-but and exists on leaves. Enough to deliver what Lambda would deliver in these tests.
 */
final class FilterPattern {
    private final JsonNode pattern;

    FilterPattern(String json) {
        this.pattern = Json.read(json);
    }

    boolean matches(Record r) {
        ObjectNode n = Json.object();
        n.put("eventName", r.eventNameAsString());
        ObjectNode d = n.putObject("dynamodb");
        d.set("Keys", image(r.dynamodb().keys()));
        if (r.dynamodb().hasNewImage()) {
            d.set("NewImage", image(r.dynamodb().newImage()));
        }
        if (r.dynamodb().hasOldImage()) {
            d.set("OldImage", image(r.dynamodb().oldImage()));
        }
        return matches(pattern, n);
    }

    private static boolean matches(JsonNode p, JsonNode value) {
        if (p.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = value == null ? null : value.get(e.getKey());
                if (!matches(e.getValue(), v)) {
                    return false;
                }
            }
            return true;
        }
        for (JsonNode alternative : p) {
            if (leaf(alternative, value)) {
                return true;
            }
        }
        return false;
    }

    private static boolean leaf(JsonNode rule, JsonNode value) {
        if (rule.isObject() && rule.has("exists")) {
            return rule.get("exists").asBoolean() == (value != null && !value.isObject());
        }
        if (value == null || value.isObject()) {
            return false;
        }
        if (rule.isObject() && rule.has("prefix")) {
            return value.asText().startsWith(rule.get("prefix").asText());
        }
        if (rule.isObject() && rule.has("anything-but")) {
            for (JsonNode x : rule.get("anything-but")) {
                if (x.asText().equals(value.asText())) {
                    return false;
                }
            }
            return true;
        }
        return rule.asText().equals(value.asText());
    }

    private static ObjectNode image(Map<String, AttributeValue> item) {
        ObjectNode n = Json.object();
        item.forEach((k, v) -> n.set(k, attribute(v)));
        return n;
    }

    private static JsonNode attribute(AttributeValue v) {
        ObjectNode n = Json.object();
        switch (v.type()) {
            case S -> n.put("S", v.s());
            case N -> n.put("N", v.n());
            case BOOL -> n.put("BOOL", v.bool());
            case M -> n.set("M", image(v.m()));
            case L -> {
                var a = n.putArray("L");
                v.l().forEach(x -> a.add(attribute(x)));
            }
            default -> n.put(v.type().toString(), "(binary or set)");
        }
        return n;
    }
}
