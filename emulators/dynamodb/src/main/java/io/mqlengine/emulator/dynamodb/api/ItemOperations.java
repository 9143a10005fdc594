package io.mqlengine.emulator.dynamodb.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqlengine.emulator.dynamodb.ApiException;
import io.mqlengine.emulator.dynamodb.expr.Condition;
import io.mqlengine.emulator.dynamodb.expr.Expressions;
import io.mqlengine.emulator.dynamodb.expr.Path;
import io.mqlengine.emulator.dynamodb.expr.Placeholders;
import io.mqlengine.emulator.dynamodb.expr.Projection;
import io.mqlengine.emulator.dynamodb.expr.Update;
import io.mqlengine.emulator.dynamodb.table.Change;
import io.mqlengine.emulator.dynamodb.table.Database;
import io.mqlengine.emulator.dynamodb.table.ItemKey;
import io.mqlengine.emulator.dynamodb.table.Table;
import io.mqlengine.emulator.dynamodb.value.ItemSize;
import io.mqlengine.emulator.dynamodb.value.Value;
import io.mqlengine.emulator.dynamodb.value.ValueJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GetItem, PutItem, UpdateItem, DeleteItem.
 *
 * <p>Longer than most classes: one class per group of operations, each method in the order AWS validates the
 * request, which splitting would scatter.
 */
public final class ItemOperations {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final String[] CAPACITY = {"INDEXES", "TOTAL", "NONE"};
    static final String[] METRICS = {"SIZE", "NONE"};
    static final String[] RETURN_VALUES = {"ALL_NEW", "UPDATED_OLD", "ALL_OLD", "NONE", "UPDATED_NEW"};
    private final Database db;

    public ItemOperations(Database db) {
        this.db = db;
    }

    public JsonNode getItem(Req r) {
        String name = r.tableName("TableName");
        Map<String, Value> key = r.item("Key");
        r.notNull("Key", key);
        String capacityMode = r.oneOf("ReturnConsumedCapacity", CAPACITY);
        boolean consistent = Boolean.TRUE.equals(r.bool("ConsistentRead"));
        r.check();
        Placeholders p = ExpressionParams.read(r, "ProjectionExpression");
        Projection projection = projection(r, p);
        p.checkAllUsed();
        db.lock().readLock().lock();
        try {
            Table t = db.table(name);
            t.key().checkKey(key);
            if (projection != null) {
                Items.checkScalarKeys(t.def(), projection.nestedPathHeads());
            }
            Map<String, Value> item = t.get(ItemKey.of(t.key(), key));
            Capacity capacity = new Capacity(capacityMode);
            capacity.table(name, Capacity.readUnits(Math.max(1, ItemSize.of(item)), consistent));
            ObjectNode out = NODES.objectNode();
            if (item != null) {
                out.set("Item", ValueJson.json(projection == null ? item : projection.apply(item)));
            }
            putIfNotNull(out, "ConsumedCapacity", capacity.single(name));
            return out;
        } finally {
            db.lock().readLock().unlock();
        }
    }

    /** The ProjectionExpression, or AttributesToGet as a projection of top-level names, or null. */
    static Projection projection(Req r, Placeholders p) {
        if (r.has("ProjectionExpression")) {
            return Expressions.projection(r.string("ProjectionExpression"), p);
        }
        List<String> names = r.strings("AttributesToGet");
        if (names == null) {
            return null;
        }
        if (names.isEmpty()) {
            r.fail("AttributesToGet", "[]", "Member must have length greater than or equal to 1");
            r.check();
        }
        for (int i = 0; i < names.size(); i++) {
            if (names.indexOf(names.get(i)) != i) {
                throw ApiException.validation("One or more parameter values were invalid: Duplicate value in attribute name: "
                        + names.get(i));
            }
        }
        Map<String, String> placeholders = new LinkedHashMap<>();
        StringBuilder text = new StringBuilder();
        for (String n : names) {
            String ph = "#a" + placeholders.size();
            placeholders.put(ph, n);
            text.append(text.length() == 0 ? "" : ",").append(ph);
        }
        return Expressions.projection(text.toString(), new Placeholders(placeholders, null));
    }

    /** The parameters PutItem, UpdateItem and DeleteItem share; {@code target} is the Item or the Key. */
    private record Write(String table, Map<String, Value> target, String returnValues, String onFailure,
                         String capacityMode) {
        static Write read(Req r, String targetName) {
            String table = r.tableName("TableName");
            Map<String, Value> target = r.item(targetName);
            r.notNull(targetName, target);
            Write w = new Write(table, target, r.oneOf("ReturnValues", RETURN_VALUES),
                    r.oneOf("ReturnValuesOnConditionCheckFailure", "ALL_OLD", "NONE"),
                    r.oneOf("ReturnConsumedCapacity", CAPACITY));
            r.oneOf("ReturnItemCollectionMetrics", METRICS);
            r.check();
            return w;
        }

        /** PutItem and DeleteItem return the old item or nothing. */
        void oldOrNothing() {
            if (returnValues != null && !returnValues.equals("ALL_OLD") && !returnValues.equals("NONE")) {
                throw ApiException.validation("ReturnValues can only be ALL_OLD or NONE");
            }
        }
    }

    public JsonNode putItem(Req r) {
        Write w = Write.read(r, "Item");
        Placeholders p = ExpressionParams.read(r, "ConditionExpression");
        w.oldOrNothing();
        // stored as it is now (an immutable copy): sized once for the limit, the capacity and the table
        Map<String, Value> item = Table.frozen(w.target());
        if (ItemSize.of(item) > ItemSize.MAX_ITEM_BYTES) {
            throw ApiException.validation("Item size has exceeded the maximum allowed size");
        }
        Condition condition = condition(r, p);
        p.checkAllUsed();
        db.lock().writeLock().lock();
        try {
            Table t = db.table(w.table());
            Items.checkPut(t.def(), item);
            Map<String, Value> old = t.get(ItemKey.of(t.key(), item));
            test(condition, old, w.onFailure());
            Capacity capacity = new Capacity(w.capacityMode());
            capacity.write(t.def(), old, item, 1);
            Change change = new Change();
            db.write(t, item, item, false, change);
            db.commit(change);
            return oldItemAnswer(old, w.returnValues(), capacity, w.table());
        } finally {
            db.lock().writeLock().unlock();
        }
    }

    public JsonNode updateItem(Req r) {
        Write w = Write.read(r, "Key");
        Placeholders p = ExpressionParams.read(r, "UpdateExpression", "ConditionExpression");
        Update update = r.has("UpdateExpression") ? Expressions.update(r.string("UpdateExpression"), p) : null;
        Condition condition = condition(r, p);
        p.checkAllUsed();
        db.lock().writeLock().lock();
        try {
            Table t = db.table(w.table());
            t.key().checkKey(w.target());
            if (update != null) {
                Items.checkUpdateTargets(t.def(), update.targets());
                Items.checkScalarKeys(t.def(), update.nestedPathHeads());
            }
            Map<String, Value> old = t.get(ItemKey.of(t.key(), w.target()));
            test(condition, old, w.onFailure());
            Map<String, Value> base = old != null ? old : new LinkedHashMap<>(w.target());
            // stored as it is now (an immutable copy): sized once for the limit, the capacity and the table
            Map<String, Value> next = Table.frozen(update == null ? base : update.apply(base, old != null));
            Items.checkIndexKeys(t.def(), next);
            if (ItemSize.of(next) > ItemSize.MAX_ITEM_BYTES) {
                throw ApiException.validation("Item size to update has exceeded the maximum allowed size");
            }
            Capacity capacity = new Capacity(w.capacityMode());
            capacity.write(t.def(), old, next, 1);
            Change change = new Change();
            db.write(t, w.target(), next, false, change);
            db.commit(change);
            ObjectNode out = NODES.objectNode();
            Map<String, Value> attributes = returned(w.returnValues(), update, old, next);
            if (attributes != null && !attributes.isEmpty()) {
                out.set("Attributes", ValueJson.json(attributes));
            }
            putIfNotNull(out, "ConsumedCapacity", capacity.single(w.table()));
            return out;
        } finally {
            db.lock().writeLock().unlock();
        }
    }

    /** What ReturnValues asks of an update. */
    static Map<String, Value> returned(String returnValues, Update update, Map<String, Value> old,
                                       Map<String, Value> next) {
        if (returnValues == null) {
            return null;
        }
        List<Path> targets = update == null ? List.of() : update.targets();
        return switch (returnValues) {
            case "ALL_OLD" -> old;
            case "UPDATED_OLD" -> old == null ? null : Paths.project(targets, old);
            case "ALL_NEW" -> next;
            case "UPDATED_NEW" -> Paths.project(targets, next);
            default -> null;
        };
    }

    public JsonNode deleteItem(Req r) {
        Write w = Write.read(r, "Key");
        Placeholders p = ExpressionParams.read(r, "ConditionExpression");
        w.oldOrNothing();
        Condition condition = condition(r, p);
        p.checkAllUsed();
        db.lock().writeLock().lock();
        try {
            Table t = db.table(w.table());
            t.key().checkKey(w.target());
            Map<String, Value> old = t.get(ItemKey.of(t.key(), w.target()));
            test(condition, old, w.onFailure());
            Capacity capacity = new Capacity(w.capacityMode());
            capacity.write(t.def(), old, null, 1);
            if (old != null) {
                Change change = new Change();
                db.write(t, w.target(), null, false, change);
                db.commit(change);
            }
            return oldItemAnswer(old, w.returnValues(), capacity, w.table());
        } finally {
            db.lock().writeLock().unlock();
        }
    }

    /** The answer of PutItem and DeleteItem: the old item when ReturnValues asks, and the capacity. */
    private static ObjectNode oldItemAnswer(Map<String, Value> old, String returnValues, Capacity capacity, String table) {
        ObjectNode out = NODES.objectNode();
        if (old != null && "ALL_OLD".equals(returnValues)) {
            out.set("Attributes", ValueJson.json(old));
        }
        putIfNotNull(out, "ConsumedCapacity", capacity.single(table));
        return out;
    }

    static Condition condition(Req r, Placeholders p) {
        return r.has("ConditionExpression") ? Expressions.condition(r.string("ConditionExpression"), "ConditionExpression", p)
                : null;
    }

    /** Throws ConditionalCheckFailedException when the condition does not hold for {@code old}. */
    static void test(Condition condition, Map<String, Value> old, String onFailure) {
        if (condition != null && !condition.test(old == null ? Map.of() : old)) {
            throw ApiException.conditionalCheckFailed(old != null && "ALL_OLD".equals(onFailure) ? ValueJson.json(old) : null);
        }
    }

    static void putIfNotNull(ObjectNode out, String name, JsonNode value) {
        if (value != null) {
            out.set(name, value);
        }
    }
}
