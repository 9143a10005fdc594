package io.mqlengine.emulator.dynamodb.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqlengine.emulator.dynamodb.ApiException;
import io.mqlengine.emulator.dynamodb.expr.Condition;
import io.mqlengine.emulator.dynamodb.expr.Expressions;
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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * TransactWriteItems and TransactGetItems: all or nothing, cancellation reasons in item order, double
 * capacity, and ClientRequestToken idempotency for ten minutes.
 *
 * <p>Longer than most classes: both operations share the all-or-nothing check and the idempotency window.
 */
public final class TransactOperations {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_ACTIONS = 100;
    private static final long MAX_TRANSACTION_BYTES = 4L * 1024 * 1024;
    private final Database db;

    public TransactOperations(Database db) {
        this.db = db;
    }

    /** One action of a TransactWriteItems. */
    private record Action(String kind, String table, Map<String, Value> key, Map<String, Value> item, Condition condition,
                          Update update, String onFailure) {
    }

    public JsonNode transactWriteItems(Req r, boolean conflict) {
        List<Req> raw = r.structs("TransactItems");
        r.notNull("TransactItems", raw);
        String token = r.string("ClientRequestToken");
        if (token != null && (token.isEmpty() || token.length() > 36)) {
            r.fail("ClientRequestToken", token, token.isEmpty() ? "Member must have length greater than or equal to 1"
                    : "Member must have length less than or equal to 36");
        }
        String capacityMode = r.oneOf("ReturnConsumedCapacity", ItemOperations.CAPACITY);
        r.oneOf("ReturnItemCollectionMetrics", ItemOperations.METRICS);
        if (raw != null && (raw.isEmpty() || raw.size() > MAX_ACTIONS)) {
            r.fail("TransactItems", raw.isEmpty() ? "Member must have length greater than or equal to 1"
                    : "Member must have length less than or equal to " + MAX_ACTIONS);
        }
        r.check();
        List<Action> actions = new ArrayList<>();
        for (Req item : raw) {
            actions.add(action(item));
        }
        String hash = hash(r.raw());
        db.lock().writeLock().lock();
        try {
            if (token != null) {
                Change.TokenUsed used = db.token(token);
                if (used != null) {
                    if (!used.requestHash().equals(hash)) {
                        throw new ApiException(400, ApiException.DYNAMODB + "IdempotentParameterMismatchException",
                                "The request uses the same client token as a previous, but non-identical request.");
                    }
                    return NODES.objectNode();
                }
            }
            Set<String> seen = new HashSet<>();
            List<Table> tables = new ArrayList<>();
            List<Map<String, Value>> keys = new ArrayList<>();
            long bytes = 0;
            for (Action a : actions) {
                Table t = db.table(a.table());
                tables.add(t);
                if (a.item() != null) {
                    Items.checkPut(t.def(), a.item());
                    keys.add(t.key().keyOf(a.item()));
                } else {
                    t.key().checkKey(a.key());
                    keys.add(a.key());
                }
                if (a.update() != null) {
                    Items.checkUpdateTargets(t.def(), a.update().targets());
                    Items.checkScalarKeys(t.def(), a.update().nestedPathHeads());
                }
                if (!seen.add(a.table() + "\u0000" + ItemKey.of(t.key(), keys.get(keys.size() - 1)))) {
                    throw ApiException.validation("Transaction request cannot include multiple operations on one item");
                }
                bytes += ItemSize.of(a.item() != null ? a.item() : a.key());
            }
            if (bytes > MAX_TRANSACTION_BYTES) {
                throw ApiException.validation("Transaction request size has exceeded the maximum allowed size of 4 MB");
            }
            List<Map<String, Value>> olds = new ArrayList<>();
            List<Map<String, Value>> nexts = new ArrayList<>();
            ArrayNode reasons = NODES.arrayNode();
            boolean cancelled = false;
            for (int i = 0; i < actions.size(); i++) {
                Action a = actions.get(i);
                Table t = tables.get(i);
                Map<String, Value> old = t.get(ItemKey.of(t.key(), keys.get(i)));
                olds.add(old);
                ObjectNode reason = reasons.addObject();
                if (conflict && i == 0) {
                    reason.put("Code", "TransactionConflict").put("Message", "Transaction is ongoing for the item");
                    cancelled = true;
                    nexts.add(null);
                    continue;
                }
                if (a.condition() != null && !a.condition().test(old == null ? Map.of() : old)) {
                    reason.put("Code", "ConditionalCheckFailed").put("Message", "The conditional request failed");
                    if (old != null && "ALL_OLD".equals(a.onFailure())) {
                        reason.set("Item", ValueJson.json(old));
                    }
                    cancelled = true;
                    nexts.add(null);
                    continue;
                }
                try {
                    nexts.add(next(a, old, keys.get(i)));
                    if (nexts.get(i) != null) {
                        Items.checkIndexKeys(t.def(), nexts.get(i));
                        if (ItemSize.of(nexts.get(i)) > ItemSize.MAX_ITEM_BYTES) {
                            throw ApiException.validation("Item size to update has exceeded the maximum allowed size");
                        }
                    }
                    reason.put("Code", "None");
                } catch (ApiException e) {
                    reasons.remove(reasons.size() - 1);
                    reasons.addObject().put("Code", "ValidationError").put("Message", e.getMessage());
                    cancelled = true;
                    if (nexts.size() <= i) {
                        nexts.add(null);
                    }
                }
            }
            if (cancelled) {
                List<String> codes = new ArrayList<>();
                reasons.forEach(x -> codes.add(x.get("Code").asText()));
                ObjectNode details = NODES.objectNode();
                details.set("CancellationReasons", reasons);
                throw new ApiException(400, ApiException.DYNAMODB + "TransactionCanceledException",
                        "Transaction cancelled, please refer cancellation reasons for specific reasons " + codes, details);
            }
            Capacity capacity = new Capacity(capacityMode);
            Change change = new Change();
            for (int i = 0; i < actions.size(); i++) {
                Action a = actions.get(i);
                Table t = tables.get(i);
                if (a.kind().equals("ConditionCheck")) {
                    capacity.table(a.table(), 2.0 * ItemSize.writeUnits(ItemSize.of(olds.get(i))));
                    continue;
                }
                capacity.write(t.def(), olds.get(i), nexts.get(i), 2);
                if (nexts.get(i) != null || olds.get(i) != null) {
                    db.write(t, keys.get(i), nexts.get(i), false, change);
                }
            }
            if (token != null) {
                Change.TokenUsed used = new Change.TokenUsed(token, hash, db.wallClock().millis());
                db.rememberToken(used);
                change.tokenUsed(used.token(), used.requestHash(), used.wallMillis());
            }
            db.commit(change);
            ObjectNode out = NODES.objectNode();
            ItemOperations.putIfNotNull(out, "ConsumedCapacity", capacity.list());
            return out;
        } finally {
            db.lock().writeLock().unlock();
        }
    }

    /** The item an action leaves (null: deleted or unchanged by a condition check). */
    private static Map<String, Value> next(Action a, Map<String, Value> old, Map<String, Value> key) {
        return switch (a.kind()) {
            case "Put" -> a.item();
            case "Delete" -> null;
            case "Update" -> a.update().apply(old != null ? old : new LinkedHashMap<>(key), old != null);
            default -> old;
        };
    }

    private static Action action(Req item) {
        List<String> kinds = new ArrayList<>();
        for (String k : List.of("ConditionCheck", "Put", "Delete", "Update")) {
            if (item.has(k)) {
                kinds.add(k);
            }
        }
        if (kinds.size() != 1) {
            throw ApiException.validation("TransactItems can only contain one of Check, Put, Update or Delete");
        }
        String kind = kinds.get(0);
        Req a = item.struct(kind);
        String table = a.tableName("TableName");
        String onFailure = a.oneOf("ReturnValuesOnConditionCheckFailure", "ALL_OLD", "NONE");
        Map<String, Value> itemValue = kind.equals("Put") ? a.item("Item") : null;
        Map<String, Value> key = kind.equals("Put") ? null : a.item("Key");
        if (kind.equals("Put")) {
            a.notNull("Item", itemValue);
        } else {
            a.notNull("Key", key);
        }
        if (kind.equals("ConditionCheck")) {
            a.notNull("ConditionExpression", a.string("ConditionExpression"));
        }
        if (kind.equals("Update")) {
            a.notNull("UpdateExpression", a.string("UpdateExpression"));
        }
        a.check();
        Placeholders p = kind.equals("Update") ? ExpressionParams.read(a, "UpdateExpression", "ConditionExpression")
                : ExpressionParams.read(a, "ConditionExpression");
        Update update = kind.equals("Update") ? Expressions.update(a.string("UpdateExpression"), p) : null;
        Condition condition = ItemOperations.condition(a, p);
        p.checkAllUsed();
        return new Action(kind, table, key, itemValue, condition, update, onFailure);
    }

    public JsonNode transactGetItems(Req r, boolean conflict) {
        List<Req> raw = r.structs("TransactItems");
        r.notNull("TransactItems", raw);
        String capacityMode = r.oneOf("ReturnConsumedCapacity", ItemOperations.CAPACITY);
        if (raw != null && (raw.isEmpty() || raw.size() > MAX_ACTIONS)) {
            r.fail("TransactItems", raw.isEmpty() ? "Member must have length greater than or equal to 1"
                    : "Member must have length less than or equal to " + MAX_ACTIONS);
        }
        r.check();
        List<String> tables = new ArrayList<>();
        List<Map<String, Value>> keys = new ArrayList<>();
        List<Projection> projections = new ArrayList<>();
        for (Req item : raw) {
            Req get = item.struct("Get");
            item.notNull("Get", get);
            item.check();
            tables.add(get.tableName("TableName"));
            Map<String, Value> key = get.item("Key");
            get.notNull("Key", key);
            get.check();
            keys.add(key);
            Placeholders p = ExpressionParams.read(get, "ProjectionExpression");
            projections.add(ItemOperations.projection(get, p));
            p.checkAllUsed();
        }
        db.lock().readLock().lock();
        try {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < keys.size(); i++) {
                Table t = db.table(tables.get(i));
                t.key().checkKey(keys.get(i));
                if (!seen.add(tables.get(i) + "\u0000" + ItemKey.of(t.key(), keys.get(i)))) {
                    throw ApiException.validation("Transaction request cannot include multiple operations on one item");
                }
            }
            if (conflict) {
                ArrayNode reasons = NODES.arrayNode();
                for (int i = 0; i < keys.size(); i++) {
                    ObjectNode reason = reasons.addObject();
                    if (i == 0) {
                        reason.put("Code", "TransactionConflict").put("Message", "Transaction is ongoing for the item");
                    } else {
                        reason.put("Code", "None");
                    }
                }
                ObjectNode details = NODES.objectNode();
                details.set("CancellationReasons", reasons);
                List<String> codes = new ArrayList<>();
                reasons.forEach(x -> codes.add(x.get("Code").asText()));
                throw new ApiException(400, ApiException.DYNAMODB + "TransactionCanceledException",
                        "Transaction cancelled, please refer cancellation reasons for specific reasons " + codes, details);
            }
            Capacity capacity = new Capacity(capacityMode);
            ObjectNode out = NODES.objectNode();
            ArrayNode responses = out.putArray("Responses");
            for (int i = 0; i < keys.size(); i++) {
                Table t = db.table(tables.get(i));
                Map<String, Value> item = t.get(ItemKey.of(t.key(), keys.get(i)));
                capacity.table(tables.get(i), 2 * Capacity.readUnits(Math.max(1, ItemSize.of(item)), true));
                ObjectNode response = responses.addObject();
                if (item != null) {
                    Projection p = projections.get(i);
                    response.set("Item", ValueJson.json(p == null ? item : p.apply(item)));
                }
            }
            ItemOperations.putIfNotNull(out, "ConsumedCapacity", capacity.list());
            return out;
        } finally {
            db.lock().readLock().unlock();
        }
    }

    private static String hash(JsonNode request) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            ObjectNode copy = ((ObjectNode) request).deepCopy();
            copy.remove("ReturnConsumedCapacity");
            return HexFormat.of().formatHex(sha.digest(copy.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
