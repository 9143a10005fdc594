package io.mqlengine.emulator.dynamodb.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqlengine.emulator.dynamodb.ApiException;
import io.mqlengine.emulator.dynamodb.expr.Placeholders;
import io.mqlengine.emulator.dynamodb.expr.Projection;
import io.mqlengine.emulator.dynamodb.table.Change;
import io.mqlengine.emulator.dynamodb.table.Database;
import io.mqlengine.emulator.dynamodb.table.ItemKey;
import io.mqlengine.emulator.dynamodb.table.Table;
import io.mqlengine.emulator.dynamodb.value.ItemSize;
import io.mqlengine.emulator.dynamodb.value.Value;
import io.mqlengine.emulator.dynamodb.value.ValueJson;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** BatchGetItem (up to 100 keys, 16 MB) and BatchWriteItem (up to 25 puts and deletes). */
public final class BatchOperations {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final long MAX_RESPONSE_BYTES = 16L * 1024 * 1024;
    private final Database db;

    public BatchOperations(Database db) {
        this.db = db;
    }

    /** One table's part of a BatchGetItem. */
    private record TableGet(String table, List<Map<String, Value>> keys, boolean consistent, Projection projection,
                            JsonNode raw) {
    }

    public JsonNode batchGetItem(Req r, boolean unprocessed) {
        Map<String, JsonNode> requestItems = r.map("RequestItems");
        r.notNull("RequestItems", requestItems);
        String capacityMode = r.oneOf("ReturnConsumedCapacity", ItemOperations.CAPACITY);
        r.check();
        if (requestItems.isEmpty()) {
            r.fail("RequestItems", "Member must have length greater than or equal to 1");
            r.check();
        }
        List<TableGet> gets = new ArrayList<>();
        int count = 0;
        for (Map.Entry<String, JsonNode> e : requestItems.entrySet()) {
            Req t = new Req(e.getValue());
            checkTableNameKey(r, e.getKey());
            List<Map<String, Value>> keys = new ArrayList<>();
            List<Req> raw = t.structs("Keys");
            if (raw == null || raw.isEmpty() || raw.size() > 100) {
                r.fail("RequestItems." + e.getKey() + ".member.keys", e.getValue().get("Keys"), raw == null
                        ? "Member must not be null" : raw.isEmpty() ? "Member must have length greater than or equal to 1"
                        : "Member must have length less than or equal to 100");
                r.check();
            }
            Placeholders p = ExpressionParams.read(t, "ProjectionExpression");
            Projection projection = ItemOperations.projection(t, p);
            p.checkAllUsed();
            Set<Map<String, Value>> seen = new HashSet<>();
            for (JsonNode k : e.getValue().get("Keys")) {
                Map<String, Value> key = ValueJson.item(k);
                if (!seen.add(key)) {
                    throw ApiException.validation("Provided list of item keys contains duplicates");
                }
                keys.add(key);
                if (++count > 100) {
                    throw ApiException.validation("Too many items requested for the BatchGetItem call");
                }
            }
            gets.add(new TableGet(e.getKey(), keys, Boolean.TRUE.equals(t.bool("ConsistentRead")), projection, e.getValue()));
        }
        db.lock().readLock().lock();
        try {
            for (TableGet g : gets) {
                Table t = db.table(g.table());
                g.keys().forEach(t.key()::checkKey);
            }
            ObjectNode out = NODES.objectNode();
            ObjectNode responses = out.putObject("Responses");
            ObjectNode left = out.putObject("UnprocessedKeys");
            Capacity capacity = new Capacity(capacityMode);
            long size = 0;
            for (TableGet g : gets) {
                Table t = db.table(g.table());
                ArrayNode items = responses.putArray(g.table());
                ArrayNode leftKeys = null;
                for (Map<String, Value> key : g.keys()) {
                    Map<String, Value> item = unprocessed ? null : t.get(ItemKey.of(t.key(), key));
                    if (unprocessed || item != null && size + ItemSize.of(item) > MAX_RESPONSE_BYTES) {
                        if (leftKeys == null) {
                            ObjectNode again = ((ObjectNode) g.raw()).deepCopy();
                            leftKeys = again.putArray("Keys");
                            left.set(g.table(), again);
                        }
                        leftKeys.add(ValueJson.json(key));
                        continue;
                    }
                    capacity.table(g.table(), Capacity.readUnits(Math.max(1, ItemSize.of(item)), g.consistent()));
                    if (item != null) {
                        size += ItemSize.of(item);
                        items.add(ValueJson.json(g.projection() == null ? item : g.projection().apply(item)));
                    }
                }
            }
            ItemOperations.putIfNotNull(out, "ConsumedCapacity", capacity.list());
            return out;
        } finally {
            db.lock().readLock().unlock();
        }
    }

    /** One put or delete of a BatchWriteItem. */
    private record Write(String table, Map<String, Value> item, Map<String, Value> key, JsonNode raw) {
    }

    public JsonNode batchWriteItem(Req r, boolean unprocessed) {
        Map<String, JsonNode> requestItems = r.map("RequestItems");
        r.notNull("RequestItems", requestItems);
        String capacityMode = r.oneOf("ReturnConsumedCapacity", ItemOperations.CAPACITY);
        r.oneOf("ReturnItemCollectionMetrics", ItemOperations.METRICS);
        r.check();
        if (requestItems.isEmpty()) {
            r.fail("RequestItems", "Member must have length greater than or equal to 1");
            r.check();
        }
        List<Write> writes = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : requestItems.entrySet()) {
            checkTableNameKey(r, e.getKey());
            JsonNode list = e.getValue();
            if (!list.isArray()) {
                throw ApiException.serialization("Unexpected field type");
            }
            if (list.isEmpty() || list.size() > 25) {
                r.fail("RequestItems", "Map value must satisfy constraint: [Member must have length less than or "
                        + "equal to 25, Member must have length greater than or equal to 1]");
                r.check();
            }
            for (JsonNode w : list) {
                Req req = new Req(w);
                Req put = req.struct("PutRequest");
                Req delete = req.struct("DeleteRequest");
                if (put == null && delete == null || put != null && delete != null) {
                    throw ApiException.validation("Supplied AttributeValue has more than one datatypes set, must contain "
                            + "exactly one of the supported datatypes");
                }
                if (put != null) {
                    Map<String, Value> item = put.item("Item");
                    put.notNull("Item", item);
                    r.check();
                    if (ItemSize.of(item) > ItemSize.MAX_ITEM_BYTES) {
                        throw ApiException.validation("Item size has exceeded the maximum allowed size");
                    }
                    writes.add(new Write(e.getKey(), item, null, w));
                } else {
                    Map<String, Value> key = delete.item("Key");
                    delete.notNull("Key", key);
                    r.check();
                    writes.add(new Write(e.getKey(), null, key, w));
                }
            }
        }
        if (writes.size() > 25) {
            throw ApiException.validation("Too many items requested for the BatchWriteItem call");
        }
        db.lock().writeLock().lock();
        try {
            Set<String> seen = new HashSet<>();
            List<Map<String, Value>> keys = new ArrayList<>();
            for (Write w : writes) {
                Table t = db.table(w.table());
                Map<String, Value> key;
                if (w.item() != null) {
                    try {
                        Items.checkPut(t.def(), w.item());
                    } catch (ApiException e) {
                        boolean keyProblem = e.getMessage().contains("Missing the key")
                                || e.getMessage().contains("Type mismatch for key");
                        throw keyProblem ? ApiException.validation("The provided key element does not match the schema") : e;
                    }
                    key = t.key().keyOf(w.item());
                } else {
                    t.key().checkKey(w.key());
                    key = w.key();
                }
                if (!seen.add(w.table() + "\u0000" + ItemKey.of(t.key(), key))) {
                    throw ApiException.validation("Provided list of item keys contains duplicates");
                }
                keys.add(key);
            }
            ObjectNode out = NODES.objectNode();
            ObjectNode left = out.putObject("UnprocessedItems");
            Capacity capacity = new Capacity(capacityMode);
            Change change = new Change();
            for (int i = 0; i < writes.size(); i++) {
                Write w = writes.get(i);
                if (unprocessed) {
                    (left.has(w.table()) ? (ArrayNode) left.get(w.table()) : left.putArray(w.table())).add(w.raw());
                    continue;
                }
                Table t = db.table(w.table());
                Map<String, Value> old = t.get(ItemKey.of(t.key(), keys.get(i)));
                capacity.write(t.def(), old, w.item(), 1);
                if (w.item() != null || old != null) {
                    db.write(t, keys.get(i), w.item(), false, change);
                }
            }
            db.commit(change);
            ItemOperations.putIfNotNull(out, "ConsumedCapacity", capacity.list());
            return out;
        } finally {
            db.lock().writeLock().unlock();
        }
    }

    private static void checkTableNameKey(Req r, String table) {
        if (table.length() < 3 || table.length() > 255 || !Req.NAME.matcher(table).matches()) {
            r.fail("RequestItems", "Map keys must satisfy constraint: [Member must have length less than or equal to "
                    + "255, Member must have length greater than or equal to 3, Member must satisfy regular expression "
                    + "pattern: [a-zA-Z0-9_.-]+]");
            r.check();
        }
    }
}
