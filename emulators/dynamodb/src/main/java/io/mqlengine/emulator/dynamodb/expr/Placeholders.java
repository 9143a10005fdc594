package io.mqlengine.emulator.dynamodb.expr;

import io.mqlengine.emulator.dynamodb.ApiException;
import io.mqlengine.emulator.dynamodb.value.Value;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The ExpressionAttributeNames and ExpressionAttributeValues of one request, and which of them were used. */
public final class Placeholders {
    private static final Pattern NAME_KEY = Pattern.compile("#[0-9a-zA-Z_]+");
    private static final Pattern VALUE_KEY = Pattern.compile(":[0-9a-zA-Z_]+");

    private final Map<String, String> names;
    private final Map<String, Value> values;
    private final Set<String> unusedNames;
    private final Set<String> unusedValues;

    /**
     * Either map may be null (absent). Refuses, as DynamoDB does, an empty map and a key that is not a
     * placeholder ("#" or ":" and then letters, digits or underscores).
     */
    public Placeholders(Map<String, String> names, Map<String, Value> values) {
        check(names, "ExpressionAttributeNames", NAME_KEY);
        check(values, "ExpressionAttributeValues", VALUE_KEY);
        this.names = names == null ? Map.of() : new LinkedHashMap<>(names);
        this.values = values == null ? Map.of() : new LinkedHashMap<>(values);
        this.unusedNames = new LinkedHashSet<>(this.names.keySet());
        this.unusedValues = new LinkedHashSet<>(this.values.keySet());
    }

    /** No names and no values. */
    public static Placeholders none() {
        return new Placeholders(null, null);
    }

    private static void check(Map<String, ?> map, String parameter, Pattern key) {
        if (map == null) {
            return;
        }
        if (map.isEmpty()) {
            throw ApiException.validation(parameter + " must not be empty");
        }
        for (String k : map.keySet()) {
            if (!key.matcher(k).matches()) {
                throw ApiException.validation(parameter + " contains invalid key: Syntax error; key: \"" + k + "\"");
            }
        }
    }

    /** The attribute name behind {@code #placeholder}, marking it used; null when it is not defined. */
    String name(String placeholder) {
        String name = names.get(placeholder);
        if (name != null) {
            unusedNames.remove(placeholder);
        }
        return name;
    }

    /** The value behind {@code :placeholder}, marking it used; null when it is not defined. */
    Value value(String placeholder) {
        Value value = values.get(placeholder);
        if (value != null) {
            unusedValues.remove(placeholder);
        }
        return value;
    }

    /**
     * After every expression of the request was parsed: AWS's errors for unused names/values
     * ("Value provided in ExpressionAttributeNames unused in expressions: keys: {#a}" and the same for values).
     */
    public void checkAllUsed() {
        if (!unusedNames.isEmpty()) {
            throw ApiException.validation("Value provided in ExpressionAttributeNames unused in expressions: keys: {"
                    + String.join(", ", unusedNames) + "}");
        }
        if (!unusedValues.isEmpty()) {
            throw ApiException.validation("Value provided in ExpressionAttributeValues unused in expressions: keys: {"
                    + String.join(", ", unusedValues) + "}");
        }
    }
}
