package io.mqlengine.emulator.dynamodb.table;

import io.mqlengine.emulator.dynamodb.value.Value;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A secondary index: global or local, its key, and what it projects (KEYS_ONLY, INCLUDE with
 * {@code nonKeyAttributes}, or ALL).
 */
public record IndexDef(String name, boolean global, KeySchema key, String projectionType, List<String> nonKeyAttributes,
                       Long readUnits, Long writeUnits) {

    public IndexDef {
        nonKeyAttributes = nonKeyAttributes == null ? List.of() : List.copyOf(nonKeyAttributes);
    }

    /** The entry an item has in this index, or null when the item lacks an index key attribute (sparse). */
    public Map<String, Value> entry(Map<String, Value> item, KeySchema table) {
        if (!key.covers(item)) {
            return null;
        }
        if (projectionType.equals("ALL")) {
            return item;
        }
        Map<String, Value> out = new LinkedHashMap<>();
        for (Map.Entry<String, Value> e : item.entrySet()) {
            String a = e.getKey();
            if (key.isKey(a) || table.isKey(a) || projectionType.equals("INCLUDE") && nonKeyAttributes.contains(a)) {
                out.put(a, e.getValue());
            }
        }
        return out;
    }

    /** Whether an attribute is in this index's entries. */
    public boolean projects(String attribute, KeySchema table) {
        return projectionType.equals("ALL") || key.isKey(attribute) || table.isKey(attribute)
                || projectionType.equals("INCLUDE") && nonKeyAttributes.contains(attribute);
    }
}
