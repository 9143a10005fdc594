package io.mqlengine.emulator.dynamodb.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an answer into the form the suite compares: {@code {"status", "type", "message", "body"}} with
 * <ul>
 *   <li>{@code type}: the short name after '#' ({@code com.amazon.coral.validate#ValidationException} and a
 *       bare {@code ValidationException} are the same answer to a client);</li>
 *   <li>{@code message}: table names given back as {@code ${name}}; the parts of a "N validation errors
 *       detected: a; b" message sorted (the service lists them in no fixed order);</li>
 *   <li>{@code body}: each backend's table names replaced by the case's {@code ${name}}; the region, account
 *       and stream label of ARNs replaced by REGION, ACCOUNT and LABEL; in table descriptions the fields
 *       that differ by time or by when an implementation updates them dropped (CreationDateTime, TableId,
 *       TableSizeBytes, ItemCount, IndexSizeBytes, Last*DateTime, NumberOfDecreasesToday); SS/NS/BS sets
 *       sorted; Scan items, BatchGetItem responses and paths a step names as unordered sorted; numbers
 *       compared by value (1 and 1.0 are the same).</li>
 * </ul>
 */
final class Normalizer {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Pattern ARN = Pattern.compile("arn:aws:dynamodb:[a-z0-9-]+:[0-9]+:");
    private static final Pattern STREAM_LABEL = Pattern.compile("/stream/[0-9T:.\\-]+");
    private static final Pattern MULTI_ERROR = Pattern.compile("^(\\d+ validation errors? detected: )(.*)$", Pattern.DOTALL);
    private static final Set<String> VOLATILE_TABLE_FIELDS = Set.of("CreationDateTime", "TableId", "TableSizeBytes",
            "ItemCount", "IndexSizeBytes", "LastIncreaseDateTime", "LastDecreaseDateTime", "NumberOfDecreasesToday",
            "LastUpdateToPayPerRequestDateTime", "LatestStreamLabel");
    private static final Set<String> TABLE_DESCRIPTIONS = Set.of("Table", "TableDescription");

    private final Map<String, String> logicalNames;

    /** @param logicalNames the backend's table name to the case's {@code ${name}} */
    Normalizer(Map<String, String> logicalNames) {
        this.logicalNames = logicalNames;
    }

    ObjectNode answer(Answer a, Step step) {
        ObjectNode out = JSON.objectNode();
        out.put("status", a.status());
        if (a.type() != null) {
            out.put("type", a.type());
        }
        if (a.message() != null) {
            out.put("message", message(names(a.message())));
        }
        if (a.body() == null) {
            if (a.raw() != null && !a.raw().isBlank()) {
                out.put("text", a.raw().trim());
            }
            return out;
        }
        JsonNode body = a.body().deepCopy();
        if (body instanceof ObjectNode o) {
            o.remove(List.of("__type", "message", "Message"));
        }
        body = strings(body);
        if (body instanceof ObjectNode o) {
            for (String field : TABLE_DESCRIPTIONS) {
                stripVolatile(o.get(field));
            }
        }
        unordered(body, step);
        for (String path : step.ignore()) {
            JsonPaths.remove(body, path);
        }
        out.set("body", canonical(body));
        return out;
    }

    /** The same treatment for an expectation written in a case file, so both sides are in one form. */
    static JsonNode expectation(JsonNode expected, Step step) {
        JsonNode copy = expected.deepCopy();
        JsonNode body = copy.get("body");
        if (body != null && copy instanceof ObjectNode o) {
            unordered(body, step);
            o.set("body", canonical(body));
        }
        return copy;
    }

    private static void unordered(JsonNode body, Step step) {
        List<String> paths = new ArrayList<>(step.unordered());
        switch (step.operation()) {
            case "Scan" -> paths.add("Items");
            case "BatchGetItem" -> {
                paths.add("Responses.*");
                paths.add("UnprocessedKeys.*.Keys");
            }
            case "BatchWriteItem" -> paths.add("UnprocessedItems.*");
            case "ListStreams" -> paths.add("Streams");
            default -> {
            }
        }
        for (String path : paths) {
            JsonPaths.forEach(body, path, Normalizer::sortArray);
        }
    }

    private String names(String s) {
        String out = s;
        for (Map.Entry<String, String> e : logicalNames.entrySet()) {
            out = out.replace(e.getKey(), "${" + e.getValue() + "}");
        }
        out = ARN.matcher(out).replaceAll("arn:aws:dynamodb:REGION:ACCOUNT:");
        return STREAM_LABEL.matcher(out).replaceAll("/stream/LABEL");
    }

    static String message(String m) {
        Matcher multi = MULTI_ERROR.matcher(m);
        if (!multi.matches()) {
            return m;
        }
        String[] parts = multi.group(2).split("; ");
        Arrays.sort(parts);
        return multi.group(1) + String.join("; ", parts);
    }

    private JsonNode strings(JsonNode node) {
        if (node.isTextual()) {
            return TextNode.valueOf(names(node.asText()));
        }
        if (node.isObject()) {
            ObjectNode out = JSON.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.set(names(e.getKey()), strings(e.getValue()));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JSON.arrayNode();
            node.forEach(n -> out.add(strings(n)));
            return out;
        }
        return node;
    }

    private static void stripVolatile(JsonNode node) {
        if (node instanceof ObjectNode o) {
            if (o.has("LatestStreamLabel")) {
                o.put("LatestStreamLabel", "LABEL");
            }
            for (String f : VOLATILE_TABLE_FIELDS) {
                if (!f.equals("LatestStreamLabel")) {
                    o.remove(f);
                }
            }
            o.forEach(Normalizer::stripVolatile);
        } else if (node instanceof ArrayNode a) {
            a.forEach(Normalizer::stripVolatile);
        }
    }

    /** Numbers by value, sets sorted. */
    static JsonNode canonical(JsonNode node) {
        if (node.isNumber()) {
            BigDecimal d = node.decimalValue();
            return DecimalNode.valueOf(d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros());
        }
        if (node.isObject()) {
            // keys sorted: equal objects print alike, so unordered collections sort the same on every backend
            ObjectNode out = JSON.objectNode();
            List<String> keys = new ArrayList<>();
            node.fieldNames().forEachRemaining(keys::add);
            keys.sort(Comparator.naturalOrder());
            for (String k : keys) {
                out.set(k, canonical(node.get(k)));
            }
            if (out.size() == 1) {
                for (String set : List.of("SS", "NS", "BS")) {
                    if (out.get(set) instanceof ArrayNode a) {
                        sortSet(a, set.equals("NS"));
                    }
                }
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JSON.arrayNode();
            node.forEach(n -> out.add(canonical(n)));
            return out;
        }
        return node;
    }

    private static void sortSet(ArrayNode set, boolean numbers) {
        List<JsonNode> members = new ArrayList<>();
        set.forEach(members::add);
        Comparator<JsonNode> order = Comparator.comparing(JsonNode::asText);
        if (numbers) {
            order = Comparator.comparing((JsonNode n) -> numberOrNull(n.asText()),
                    Comparator.nullsLast(Comparator.<BigDecimal>naturalOrder())).thenComparing((JsonNode n) -> n.asText());
        }
        members.sort(order);
        set.removeAll();
        set.addAll(members);
    }

    private static BigDecimal numberOrNull(String s) {
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static void sortArray(JsonNode node) {
        if (node instanceof ArrayNode a) {
            List<JsonNode> members = new ArrayList<>();
            a.forEach(n -> members.add(canonical(n)));
            members.sort(Comparator.comparing(JsonNode::toString));
            a.removeAll();
            a.addAll(members);
        }
    }
}
