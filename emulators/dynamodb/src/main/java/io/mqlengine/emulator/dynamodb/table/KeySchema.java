package io.mqlengine.emulator.dynamodb.table;

import io.mqlengine.emulator.dynamodb.ApiException;
import io.mqlengine.emulator.dynamodb.value.ItemSize;
import io.mqlengine.emulator.dynamodb.value.Value;
import io.mqlengine.emulator.dynamodb.value.ValueOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The key of a table or an index: a partition (hash) key and an optional sort (range) key. */
public record KeySchema(KeyAttr hash, KeyAttr range) {
    public static final int MAX_HASH_BYTES = 2048;
    public static final int MAX_RANGE_BYTES = 1024;

    public List<String> names() {
        List<String> out = new ArrayList<>();
        out.add(hash.name());
        if (range != null) {
            out.add(range.name());
        }
        return out;
    }

    public boolean isKey(String attribute) {
        return hash.name().equals(attribute) || range != null && range.name().equals(attribute);
    }

    /** Whether the item has every key attribute (an index entry exists only then). */
    public boolean covers(Map<String, Value> item) {
        return item.containsKey(hash.name()) && (range == null || item.containsKey(range.name()));
    }

    /** The key attributes of an item. */
    public Map<String, Value> keyOf(Map<String, Value> item) {
        Map<String, Value> key = new LinkedHashMap<>();
        key.put(hash.name(), item.get(hash.name()));
        if (range != null) {
            key.put(range.name(), item.get(range.name()));
        }
        return key;
    }

    /** Checks a Key parameter against the table's schema, as GetItem, UpdateItem and DeleteItem do. */
    public void checkKey(Map<String, Value> key) {
        if (key.size() != names().size()) {
            throw ApiException.validation("The provided key element does not match the schema");
        }
        checkPiece(key, hash, true);
        if (range != null) {
            checkPiece(key, range, false);
        }
    }

    /** Checks that an item to write holds the table's key with the right types. */
    public void checkItem(Map<String, Value> item) {
        for (KeyAttr k : names().size() == 1 ? List.of(hash) : List.of(hash, range)) {
            Value v = item.get(k.name());
            if (v == null) {
                throw ApiException.validation("One or more parameter values were invalid: Missing the key "
                        + k.name() + " in the item");
            }
            if (v.type() != k.type()) {
                throw ApiException.validation("One or more parameter values were invalid: Type mismatch for key "
                        + k.name() + " expected: " + k.type() + " actual: " + v.type());
            }
            checkEmptyAndSize(k, v, k == hash, "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty ");
        }
    }

    private static void checkPiece(Map<String, Value> key, KeyAttr k, boolean isHash) {
        Value v = key.get(k.name());
        if (v == null || v.type() != k.type()) {
            throw ApiException.validation("The provided key element does not match the schema");
        }
        checkEmptyAndSize(k, v, isHash, "One or more parameter values were invalid: The AttributeValue for a key attribute cannot contain an empty ");
    }

    private static void checkEmptyAndSize(KeyAttr k, Value v, boolean isHash, String emptyMessage) {
        int size = v instanceof Value.S s ? ItemSize.utf8(s.value()) : v instanceof Value.B b ? b.value().length() : -1;
        if (size == 0) {
            throw ApiException.validation(emptyMessage + (v instanceof Value.S ? "string" : "binary") + " value. Key: " + k.name());
        }
        if (isHash && size > MAX_HASH_BYTES) {
            throw ApiException.validation("One or more parameter values were invalid: "
                    + "Size of hashkey has exceeded the maximum size limit of2048 bytes");
        }
        if (!isHash && size > MAX_RANGE_BYTES) {
            throw ApiException.validation("One or more parameter values were invalid: "
                    + "Aggregated size of all range keys has exceeded the size limit of 1024 bytes");
        }
    }

    /** Orders key values (of one key attribute, so of one type) as DynamoDB does. */
    public static int compare(Value a, Value b) {
        Integer c = ValueOrder.compare(a, b);
        return c != null ? c : a.type().compareTo(b.type());
    }

    /** Bytes of a key value for hashing. */
    static byte[] bytes(Value v) {
        if (v instanceof Value.S s) {
            return s.value().getBytes(StandardCharsets.UTF_8);
        }
        if (v instanceof Value.B b) {
            return b.value().toArray();
        }
        return NumberBytes.of(((Value.N) v).value());
    }
}
