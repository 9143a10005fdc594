package io.mqlengine.emulator.dynamodb.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqlengine.emulator.dynamodb.ApiException;
import io.mqlengine.emulator.dynamodb.expr.Condition;
import io.mqlengine.emulator.dynamodb.expr.Expressions;
import io.mqlengine.emulator.dynamodb.expr.KeyCondition;
import io.mqlengine.emulator.dynamodb.expr.KeyConditionDraft;
import io.mqlengine.emulator.dynamodb.expr.Placeholders;
import io.mqlengine.emulator.dynamodb.expr.Projection;
import io.mqlengine.emulator.dynamodb.table.Database;
import io.mqlengine.emulator.dynamodb.table.IndexDef;
import io.mqlengine.emulator.dynamodb.table.ItemKey;
import io.mqlengine.emulator.dynamodb.table.KeySchema;
import io.mqlengine.emulator.dynamodb.table.Table;
import io.mqlengine.emulator.dynamodb.value.ItemSize;
import io.mqlengine.emulator.dynamodb.value.Value;
import io.mqlengine.emulator.dynamodb.value.ValueJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * Query and Scan: key order within a partition (either direction) or scan order over the table or an
 * index, Limit and the 1 MB page counted on items read before the filter, LastEvaluatedKey, parallel-scan
 * segments, Select, projections, and read units on the bytes read.
 *
 * <p>Longer than most classes: Query and Scan share paging, projection, filtering and capacity counting.
 */
public final class ReadOperations {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int PAGE_BYTES = 1024 * 1024;
    private final Database db;

    public ReadOperations(Database db) {
        this.db = db;
    }

    /** The parameters Query and Scan share, read and checked. */
    private static final class Common {
        String table;
        String indexName;
        String select;
        Long limit;
        boolean consistent;
        String capacityMode;
        Map<String, Value> startKey;
        Placeholders placeholders;
        Condition filter;
        Projection projection;
        boolean hasProjection;
    }

    private static Common common(Req r, String... expressions) {
        Common c = new Common();
        c.table = r.tableName("TableName");
        c.indexName = r.string("IndexName");
        r.name("IndexName", c.indexName);
        c.select = r.oneOf("Select", "SPECIFIC_ATTRIBUTES", "COUNT", "ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES");
        c.limit = r.integer("Limit", 1L, null);
        c.consistent = Boolean.TRUE.equals(r.bool("ConsistentRead"));
        c.capacityMode = r.oneOf("ReturnConsumedCapacity", ItemOperations.CAPACITY);
        c.startKey = r.item("ExclusiveStartKey");
        return c;
    }

    private static void expressions(Common c, Req r) {
        c.hasProjection = r.has("ProjectionExpression") || r.has("AttributesToGet");
        if (c.select != null) {
            String projectionParam = r.has("ProjectionExpression") ? "ProjectionExpression" : "AttributesToGet";
            if (c.select.equals("SPECIFIC_ATTRIBUTES") && !c.hasProjection) {
                throw ApiException.validation("One or more parameter values were invalid: Select type SPECIFIC_ATTRIBUTES "
                        + "requires ProjectionExpression or AttributesToGet");
            }
            if (!c.select.equals("SPECIFIC_ATTRIBUTES") && c.hasProjection) {
                throw ApiException.validation("Cannot specify the " + projectionParam + " when choosing to get "
                        + c.select);
            }
            if (c.select.equals("ALL_PROJECTED_ATTRIBUTES") && c.indexName == null) {
                throw ApiException.validation("One or more parameter values were invalid: Select type "
                        + "ALL_PROJECTED_ATTRIBUTES is only valid when querying or scanning an index");
            }
        }
        c.filter = r.has("FilterExpression")
                ? Expressions.condition(r.string("FilterExpression"), "FilterExpression", c.placeholders) : null;
        c.projection = ItemOperations.projection(r, c.placeholders);
    }

    public JsonNode query(Req r) {
        Common c = common(r);
        Boolean forward = r.bool("ScanIndexForward");
        r.check();
        c.placeholders = ExpressionParams.read(r, "ProjectionExpression", "FilterExpression", "KeyConditionExpression");
        if (!r.has("KeyConditionExpression")) {
            throw ApiException.validation("Either the KeyConditions or KeyConditionExpression parameter must be specified "
                    + "in the request.");
        }
        KeyConditionDraft draft = Expressions.keyConditionDraft(r.string("KeyConditionExpression"), c.placeholders);
        expressions(c, r);
        c.placeholders.checkAllUsed();
        db.lock().readLock().lock();
        try {
            Table t = db.table(c.table);
            IndexDef index = index(t, c);
            KeySchema schema = index == null ? t.key() : index.key();
            KeyCondition key = draft.bind(schema.hash().name(), schema.hash().type(),
                    schema.range() == null ? null : schema.range().name(),
                    schema.range() == null ? null : schema.range().type());
            checkScalarKeys(t, c);
            if (c.filter != null) {
                for (String attribute : schema.names()) {
                    if (c.filter.pathHeads().contains(attribute)) {
                        throw ApiException.validation("Filter Expression can only contain non-primary key attributes: "
                                + "Primary key attribute: " + attribute);
                    }
                }
            }
            NavigableMap<ItemKey, Map<String, Value>> source = index == null ? t.items() : t.index(index.name());
            NavigableMap<ItemKey, Map<String, Value>> part = source.subMap(ItemKey.partitionStart(key.partition()), true,
                    ItemKey.partitionEnd(key.partition()), true);
            if (Boolean.FALSE.equals(forward)) {
                part = part.descendingMap();
            }
            if (c.startKey != null) {
                Map<String, Value> start = checkStartKey(t, index, c.startKey, true);
                if (!start.get(schema.hash().name()).equals(key.partition())) {
                    throw ApiException.validation(key.sort() == null
                            ? "The provided starting key is outside query boundaries based on provided conditions"
                            : "The query can return at most one row and cannot be restarted");
                }
                if (key.sort() != null && !key.matchesSort(start.get(schema.range().name()))) {
                    throw ApiException.validation("The provided starting key does not match the range key predicate");
                }
                part = part.tailMap(index == null ? ItemKey.of(t.key(), start) : ItemKey.ofIndex(index.key(), t.key(), start),
                        false);
            }
            List<Map<String, Value>> candidates = new ArrayList<>();
            for (Map<String, Value> item : part.values()) {
                if (key.sort() == null || key.matchesSort(item.get(schema.range().name()))) {
                    candidates.add(item);
                }
            }
            return page(t, index, c, candidates);
        } finally {
            db.lock().readLock().unlock();
        }
    }

    public JsonNode scan(Req r) {
        Common c = common(r);
        Long segment = r.integer("Segment", 0L, 999_999L);
        Long total = r.integer("TotalSegments", 1L, 1_000_000L);
        r.check();
        c.placeholders = ExpressionParams.read(r, "ProjectionExpression", "FilterExpression");
        if (segment != null && total == null) {
            throw ApiException.validation("The TotalSegments parameter is required but was not present in the request when "
                    + "Segment parameter is present");
        }
        if (total != null) {
            if (segment == null) {
                throw ApiException.validation("The Segment parameter is required but was not present in the request when "
                        + "parameter TotalSegments is present");
            }
            if (segment >= total) {
                throw ApiException.validation("The Segment parameter is zero-based and must be less than parameter "
                        + "TotalSegments: Segment: " + segment + " is not less than TotalSegments: " + total);
            }
        }
        expressions(c, r);
        c.placeholders.checkAllUsed();
        db.lock().readLock().lock();
        try {
            Table t = db.table(c.table);
            IndexDef index = index(t, c);
            checkScalarKeys(t, c);
            NavigableMap<ItemKey, Map<String, Value>> source = index == null ? t.items() : t.index(index.name());
            int low = 0;
            int high = 4095;
            if (total != null && total > 1) {
                low = (int) Math.ceil(4096.0 * segment / total);
                high = (int) Math.ceil(4096.0 * (segment + 1) / total) - 1;
            }
            if (c.startKey != null) {
                Map<String, Value> start = checkStartKey(t, index, c.startKey, false);
                ItemKey startKey = index == null ? ItemKey.of(t.key(), start) : ItemKey.ofIndex(index.key(), t.key(), start);
                if (total != null && total > 1 && (startKey.segmentBucket() < low || startKey.segmentBucket() > high)) {
                    throw ApiException.validation("The provided starting key is invalid: Invalid ExclusiveStartKey. Please "
                            + "use ExclusiveStartKey with correct Segment. TotalSegments: " + total + " Segment: " + segment);
                }
                source = source.tailMap(startKey, false);
            }
            List<Map<String, Value>> candidates = new ArrayList<>();
            for (Map.Entry<ItemKey, Map<String, Value>> e : source.entrySet()) {
                int bucket = e.getKey().segmentBucket();
                if (bucket > high) {
                    break;
                }
                if (bucket >= low) {
                    candidates.add(e.getValue());
                }
            }
            return page(t, index, c, candidates);
        } finally {
            db.lock().readLock().unlock();
        }
    }

    private static void checkScalarKeys(Table t, Common c) {
        if (c.filter != null) {
            Items.checkScalarKeys(t.def(), c.filter.nestedPathHeads());
        }
        if (c.projection != null) {
            Items.checkScalarKeys(t.def(), c.projection.nestedPathHeads());
        }
    }

    private static IndexDef index(Table t, Common c) {
        if (c.indexName == null) {
            return null;
        }
        IndexDef index = t.def().index(c.indexName);
        if (index == null) {
            throw ApiException.validation("The table does not have the specified index: " + c.indexName);
        }
        if (index.global() && c.consistent) {
            throw ApiException.validation("Consistent reads are not supported on global secondary indexes");
        }
        if ("ALL_ATTRIBUTES".equals(c.select) && index.global() && !index.projectionType().equals("ALL")) {
            throw ApiException.validation("One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not "
                    + "supported for global secondary index " + index.name() + " because its projection type is not ALL");
        }
        return index;
    }

    /** Checks ExclusiveStartKey: exactly the table's key plus the index's key, with the right types. */
    private static Map<String, Value> checkStartKey(Table t, IndexDef index, Map<String, Value> start, boolean query) {
        List<String> names = new ArrayList<>(t.key().names());
        if (index != null) {
            index.key().names().stream().filter(n -> !names.contains(n)).forEach(names::add);
        }
        if (start.size() != names.size() || !start.keySet().containsAll(names)) {
            throw ApiException.validation(index == null && !query
                    ? "The provided starting key is invalid: The provided key element does not match the schema"
                    : "The provided starting key is invalid");
        }
        Map<String, Value> tableKey = new LinkedHashMap<>(t.key().keyOf(start));
        try {
            t.key().checkKey(tableKey);
            if (index != null) {
                index.key().checkKey(index.key().keyOf(start));
            }
        } catch (ApiException e) {
            throw ApiException.validation("The provided starting key is invalid: " + e.getMessage());
        }
        return start;
    }

    /** Takes items up to Limit or 1 MB, filters, projects, and answers. */
    private ObjectNode page(Table t, IndexDef index, Common c, List<Map<String, Value>> candidates) {
        String rangeKey = t.key().range() == null ? null : t.key().range().name();
        List<String> startKeyNames = new ArrayList<>(t.key().names());
        if (index != null) {
            index.key().names().stream().filter(n -> !startKeyNames.contains(n)).forEach(startKeyNames::add);
        }
        boolean fetch = index != null && !index.global() && needsTable(index, t.key(), c);
        long tableBytes = 0;
        long indexBytes = 0;
        long pageBytes = 0;
        int scanned = 0;
        List<Map<String, Value>> read = new ArrayList<>();
        for (Map<String, Value> entry : candidates) {
            if (c.limit != null && scanned >= c.limit || pageBytes >= PAGE_BYTES) {
                break;
            }
            Map<String, Value> item = entry;
            if (index == null) {
                tableBytes += ItemSize.of(entry);
            } else {
                indexBytes += ItemSize.of(entry);
                if (fetch) {
                    item = t.get(ItemKey.of(t.key(), entry));
                    tableBytes += ItemSize.of(item);
                }
            }
            scanned++;
            pageBytes += ItemSize.pageSize(entry, rangeKey);
            read.add(item);
        }
        ObjectNode out = NODES.objectNode();
        boolean more = c.limit != null && scanned >= c.limit || pageBytes >= PAGE_BYTES;
        List<Map<String, Value>> items = new ArrayList<>();
        for (Map<String, Value> item : read) {
            if (c.filter == null || c.filter.test(item)) {
                items.add(c.projection == null ? item : c.projection.apply(item));
            }
        }
        out.put("Count", items.size());
        out.put("ScannedCount", scanned);
        if (!"COUNT".equals(c.select)) {
            ArrayNode list = out.putArray("Items");
            items.forEach(i -> list.add(ValueJson.json(i)));
        }
        if (more && !read.isEmpty()) {
            Map<String, Value> last = read.get(read.size() - 1);
            Map<String, Value> lastKey = new LinkedHashMap<>();
            startKeyNames.forEach(n -> lastKey.put(n, last.get(n)));
            out.set("LastEvaluatedKey", ValueJson.json(lastKey));
        }
        Capacity capacity = new Capacity(c.capacityMode);
        capacity.table(c.table, Capacity.readUnits(tableBytes, c.consistent));
        if (index != null) {
            capacity.index(c.table, index, Capacity.readUnits(indexBytes, c.consistent));
        }
        ItemOperations.putIfNotNull(out, "ConsumedCapacity", capacity.single(c.table));
        return out;
    }

    /** A local index read must fetch the table's items for ALL_ATTRIBUTES or a projection beyond the index. */
    private static boolean needsTable(IndexDef index, KeySchema table, Common c) {
        if (index.projectionType().equals("ALL")) {
            return false;
        }
        if ("ALL_ATTRIBUTES".equals(c.select)) {
            return true;
        }
        return c.projection != null && c.projection.paths().stream().anyMatch(p -> !index.projects(p.top(), table));
    }
}
