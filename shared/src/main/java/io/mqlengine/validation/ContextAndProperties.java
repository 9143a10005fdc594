package io.mqlengine.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.mqlengine.json.Problem;
import java.util.List;
import java.util.Map;

/**
 * The rules of an event's free-form objects, {@code context} and {@code properties}: JSON objects within the
 * {@link Limits}, and a page in the context whose path, when given, starts with '/'.
 */
final class ContextAndProperties {
    private final JsonValues values;

    ContextAndProperties(Limits limits) {
        this.values = new JsonValues(limits);
    }

    /** The object in {@code field} as plain Java values; empty when it is absent, JSON null or refused. */
    Map<String, Object> object(JsonNode node, String field, String path, List<Problem> problems) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Map.of();
        }
        String at = path + "." + field;
        if (!v.isObject()) {
            problems.add(new Problem(at, "must be a JSON object"));
            return Map.of();
        }
        Object converted = values.convert(v, at, problems);
        @SuppressWarnings("unchecked")
        Map<String, Object> map = converted instanceof Map<?, ?> ? (Map<String, Object>) converted : Map.of();
        return map;
    }

    /** Checks the page of a converted {@code context}, found at {@code at}. */
    static void checkPage(Map<String, Object> context, String at, List<Problem> problems) {
        Object page = context.get("page");
        if (page == null) {
            return;
        }
        if (!(page instanceof Map<?, ?> map)) {
            problems.add(new Problem(at, "must be a JSON object"));
            return;
        }
        Object path = map.get("path");
        if (path != null && (!(path instanceof String s) || !s.startsWith("/"))) {
            problems.add(new Problem(at + ".path", "must be a string starting with '/'"));
        }
    }
}
