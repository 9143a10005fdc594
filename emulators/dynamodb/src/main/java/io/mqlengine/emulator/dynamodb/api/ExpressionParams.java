package io.mqlengine.emulator.dynamodb.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.mqlengine.emulator.dynamodb.ApiException;
import io.mqlengine.emulator.dynamodb.expr.Placeholders;
import io.mqlengine.emulator.dynamodb.value.Value;
import io.mqlengine.emulator.dynamodb.value.ValueJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The expression parameters of one request (or of one table of a batch): which expressions it uses,
 * and its ExpressionAttributeNames and ExpressionAttributeValues, checked as the service checks them.
 * The pre-expression parameters (Expected, AttributeUpdates, KeyConditions, QueryFilter, ScanFilter,
 * ConditionalOperator) are refused: this emulator speaks expressions only.
 */
final class ExpressionParams {
    private static final Pattern NAME_KEY = Pattern.compile("#[0-9a-zA-Z_]+");
    private static final Pattern VALUE_KEY = Pattern.compile(":[0-9a-zA-Z_]+");
    private static final List<String> LEGACY = List.of("Expected", "AttributeUpdates", "KeyConditions", "QueryFilter",
            "ScanFilter", "ConditionalOperator");

    private ExpressionParams() {
    }

    /**
     * Checks which parameters are present and returns the request's placeholders.
     *
     * @param expressions the expression parameters this operation takes, in the service's order
     */
    static Placeholders read(Req r, String... expressions) {
        List<String> used = new ArrayList<>();
        for (String e : expressions) {
            if (r.has(e)) {
                used.add(e);
            }
        }
        List<String> legacy = new ArrayList<>();
        for (String l : LEGACY) {
            if (r.has(l)) {
                legacy.add(l);
            }
        }
        if (r.has("AttributesToGet") && !List.of(expressions).contains("UpdateExpression")) {
            legacy.add("AttributesToGet");
        }
        if (!used.isEmpty() && !legacy.isEmpty()) {
            throw ApiException.validation("Can not use both expression and non-expression parameters in the same request: "
                    + "Non-expression parameters: {" + String.join(", ", legacy) + "} Expression parameters: {"
                    + String.join(", ", used) + "}");
        }
        legacy.remove("AttributesToGet");
        if (!legacy.isEmpty()) {
            throw ApiException.validation("This emulator supports expressions only: use ConditionExpression, "
                    + "UpdateExpression, KeyConditionExpression or FilterExpression instead of " + String.join(", ", legacy));
        }
        Map<String, String> names = r.stringMap("ExpressionAttributeNames");
        Map<String, JsonNode> rawValues = r.map("ExpressionAttributeValues");
        if (names != null && used.isEmpty()) {
            throw ApiException.validation("ExpressionAttributeNames can only be specified when using expressions");
        }
        List<String> valueExpressions = new ArrayList<>();
        for (String e : expressions) {
            if (!e.equals("ProjectionExpression")) {
                valueExpressions.add(e);
            }
        }
        if (!valueExpressions.isEmpty() && rawValues != null && valueExpressions.stream().noneMatch(r::has)) {
            throw ApiException.validation("ExpressionAttributeValues can only be specified when using expressions: "
                    + String.join(" and ", valueExpressions) + " " + (valueExpressions.size() > 1 ? "are" : "is") + " null");
        }
        if (names != null) {
            if (names.isEmpty()) {
                throw ApiException.validation("ExpressionAttributeNames must not be empty");
            }
            for (String k : names.keySet()) {
                if (!NAME_KEY.matcher(k).matches()) {
                    throw ApiException.validation("ExpressionAttributeNames contains invalid key: Syntax error; key: \"" + k + "\"");
                }
            }
        }
        Map<String, Value> values = null;
        if (rawValues != null) {
            if (rawValues.isEmpty()) {
                throw ApiException.validation("ExpressionAttributeValues must not be empty");
            }
            for (String k : rawValues.keySet()) {
                if (!VALUE_KEY.matcher(k).matches()) {
                    throw ApiException.validation("ExpressionAttributeValues contains invalid key: Syntax error; key: \"" + k + "\"");
                }
            }
            values = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : rawValues.entrySet()) {
                try {
                    values.put(e.getKey(), ValueJson.value(e.getValue()));
                } catch (ApiException bad) {
                    if (!bad.shortType().equals("ValidationException")) {
                        throw bad;
                    }
                    throw ApiException.validation("ExpressionAttributeValues contains invalid value: " + bad.getMessage()
                            + " for key " + e.getKey());
                }
            }
        }
        for (String e : used) {
            if (r.string(e).isEmpty()) {
                throw ApiException.validation("Invalid " + e + ": The expression can not be empty;");
            }
        }
        return new Placeholders(names, values);
    }
}
