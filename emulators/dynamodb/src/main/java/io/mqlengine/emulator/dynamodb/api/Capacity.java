package io.mqlengine.emulator.dynamodb.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqlengine.emulator.dynamodb.table.IndexDef;
import io.mqlengine.emulator.dynamodb.table.TableDef;
import io.mqlengine.emulator.dynamodb.value.ItemSize;
import io.mqlengine.emulator.dynamodb.value.Value;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Capacity units a request consumed, per table and per index, by DynamoDB's documented rules: a write
 * unit per started 1 KB of the larger of the item before and after, a read unit per started 4 KB
 * (half for eventually consistent reads), transactions at double, and for each global or local index
 * whose entry the write adds, removes or changes, the index's own write units (two when the index key
 * changes: a delete and a put).
 */
public final class Capacity {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Units of one table: its own, and per index. */
    private static final class Units {
        double table;
        final Map<String, Double> globalIndexes = new LinkedHashMap<>();
        final Map<String, Double> localIndexes = new LinkedHashMap<>();

        double total() {
            return table + globalIndexes.values().stream().mapToDouble(Double::doubleValue).sum()
                    + localIndexes.values().stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    private final String mode;
    private final Map<String, Units> tables = new LinkedHashMap<>();

    /** @param mode the request's ReturnConsumedCapacity: TOTAL, INDEXES, NONE or null */
    public Capacity(String mode) {
        this.mode = mode;
    }

    public boolean wanted() {
        return "TOTAL".equals(mode) || "INDEXES".equals(mode);
    }

    /** Counts {@code units} against a table (its base table, not an index). */
    public void table(String table, double units) {
        tables.computeIfAbsent(table, k -> new Units()).table += units;
    }

    public void index(String table, IndexDef index, double units) {
        Units u = tables.computeIfAbsent(table, k -> new Units());
        (index.global() ? u.globalIndexes : u.localIndexes).merge(index.name(), units, Double::sum);
    }

    /** A write of one item, from {@code before} to {@code after} (either null), times {@code factor}. */
    public void write(TableDef def, Map<String, Value> before, Map<String, Value> after, double factor) {
        int size = Math.max(ItemSize.of(before), ItemSize.of(after));
        table(def.name(), ItemSize.writeUnits(size) * factor);
        for (IndexDef index : def.indexes()) {
            Map<String, Value> was = before == null ? null : index.entry(before, def.key());
            Map<String, Value> is = after == null ? null : index.entry(after, def.key());
            int units = 0;
            if (was == null && is != null) {
                units = ItemSize.writeUnits(ItemSize.of(is));
            } else if (was != null && is == null) {
                units = ItemSize.writeUnits(ItemSize.of(was));
            } else if (was != null) {
                boolean keyChanged = !index.key().keyOf(was).equals(index.key().keyOf(is));
                if (keyChanged) {
                    units = ItemSize.writeUnits(ItemSize.of(was)) + ItemSize.writeUnits(ItemSize.of(is));
                } else if (!was.equals(is)) {
                    units = ItemSize.writeUnits(ItemSize.of(is));
                }
            }
            if (units > 0) {
                index(def.name(), index, units * factor);
            }
        }
    }

    /** Read units for {@code bytes} read in one go (an item, or a query's whole page). */
    public static double readUnits(long bytes, boolean consistent) {
        double units = Math.ceil(bytes / 4096.0);
        return consistent ? units : units / 2;
    }

    /** The ConsumedCapacity of a single-table request, or null when not asked for. */
    public ObjectNode single(String table) {
        if (!wanted()) {
            return null;
        }
        return json(table, tables.getOrDefault(table, new Units()));
    }

    /** The ConsumedCapacity list of a multi-table request, or null when not asked for. */
    public ArrayNode list() {
        if (!wanted()) {
            return null;
        }
        ArrayNode out = NODES.arrayNode();
        tables.forEach((name, units) -> out.add(json(name, units)));
        return out;
    }

    private ObjectNode json(String table, Units u) {
        ObjectNode c = NODES.objectNode();
        c.put("TableName", table);
        c.put("CapacityUnits", u.total());
        if ("INDEXES".equals(mode)) {
            c.putObject("Table").put("CapacityUnits", u.table);
            if (!u.globalIndexes.isEmpty()) {
                ObjectNode g = c.putObject("GlobalSecondaryIndexes");
                u.globalIndexes.forEach((name, units) -> g.putObject(name).put("CapacityUnits", units));
            }
            if (!u.localIndexes.isEmpty()) {
                ObjectNode l = c.putObject("LocalSecondaryIndexes");
                u.localIndexes.forEach((name, units) -> l.putObject(name).put("CapacityUnits", units));
            }
        }
        return c;
    }
}
