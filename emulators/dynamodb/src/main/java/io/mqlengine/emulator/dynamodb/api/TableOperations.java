package io.mqlengine.emulator.dynamodb.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqlengine.emulator.dynamodb.ApiException;
import io.mqlengine.emulator.dynamodb.table.Change;
import io.mqlengine.emulator.dynamodb.table.Database;
import io.mqlengine.emulator.dynamodb.table.IndexDef;
import io.mqlengine.emulator.dynamodb.table.KeyAttr;
import io.mqlengine.emulator.dynamodb.table.KeySchema;
import io.mqlengine.emulator.dynamodb.table.Table;
import io.mqlengine.emulator.dynamodb.table.TableDef;
import io.mqlengine.emulator.dynamodb.value.Value;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * CreateTable, DescribeTable, DeleteTable, ListTables, UpdateTimeToLive, DescribeTimeToLive.
 *
 * <p>Longer than most classes: each table operation validates its request in AWS's order, one method each, sharing
 * the description builder.
 */
public final class TableOperations {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final Database db;

    public TableOperations(Database db) {
        this.db = db;
    }

    public JsonNode createTable(Req r) {
        String name = r.requiredTableName("TableName");
        List<Req> definitions = r.structs("AttributeDefinitions");
        List<Req> keySchema = r.structs("KeySchema");
        r.notNull("AttributeDefinitions", definitions);
        r.notNull("KeySchema", keySchema);
        String billing = r.oneOf("BillingMode", "PROVISIONED", "PAY_PER_REQUEST");
        Req throughput = r.struct("ProvisionedThroughput");
        Long rcu = null;
        Long wcu = null;
        if (throughput != null) {
            rcu = throughput.longValue("ReadCapacityUnits", 1L, null);
            wcu = throughput.longValue("WriteCapacityUnits", 1L, null);
            throughput.notNull("ReadCapacityUnits", rcu);
            throughput.notNull("WriteCapacityUnits", wcu);
        }
        if (keySchema != null && (keySchema.isEmpty() || keySchema.size() > 2)) {
            r.fail("KeySchema", keySchema.isEmpty() ? "Member must have length greater than or equal to 1"
                    : "Member must have length less than or equal to 2");
        }
        Map<String, String> types = new LinkedHashMap<>();
        if (definitions != null) {
            for (Req d : definitions) {
                String attr = d.string("AttributeName");
                String type = d.oneOf("AttributeType", "B", "N", "S");
                d.notNull("AttributeName", attr);
                d.notNull("AttributeType", type);
                if (attr != null && type != null) {
                    types.put(attr, type);
                }
            }
        }
        List<String[]> keys = keyElements(keySchema);
        List<IndexSpec> locals = indexSpecs(r.structs("LocalSecondaryIndexes"), false);
        List<IndexSpec> globals = indexSpecs(r.structs("GlobalSecondaryIndexes"), true);
        Req streamSpec = r.struct("StreamSpecification");
        String viewType = null;
        if (streamSpec != null) {
            Boolean enabled = streamSpec.bool("StreamEnabled");
            String view = streamSpec.oneOf("StreamViewType", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES", "KEYS_ONLY");
            streamSpec.notNull("StreamEnabled", enabled);
            r.check();
            if (Boolean.TRUE.equals(enabled)) {
                if (view == null) {
                    throw ApiException.validation("One or more parameter values were invalid: "
                            + "StreamViewType is required when StreamEnabled is true");
                }
                viewType = view;
            } else if (view != null) {
                throw ApiException.validation("One or more parameter values were invalid: "
                        + "StreamViewType should not be specified when StreamEnabled is false");
            }
        }
        r.check();
        boolean payPerRequest = "PAY_PER_REQUEST".equals(billing);
        checkThroughput(payPerRequest, throughput, rcu, wcu);
        List<String> defined = new ArrayList<>(types.keySet());
        List<String> keyNames = keys.stream().map(k -> k[0]).toList();
        if (keyNames.size() > defined.size()) {
            throw ApiException.validation("Invalid KeySchema: Some index key attribute have no definition");
        }
        if (!defined.containsAll(keyNames)) {
            throw ApiException.validation("One or more parameter values were invalid: Some index key attributes are not "
                    + "defined in AttributeDefinitions. Keys: [" + String.join(", ", keyNames)
                    + "], AttributeDefinitions: [" + String.join(", ", defined) + "]");
        }
        KeySchema key = schema(keys, types);
        if (locals == null && globals == null && keys.size() != types.size()) {
            throw ApiException.validation("One or more parameter values were invalid: Number of attributes in KeySchema "
                    + "does not exactly match number of attributes defined in AttributeDefinitions");
        }
        List<IndexDef> indexes = new ArrayList<>();
        Set<String> indexNames = new HashSet<>();
        Set<String> used = new HashSet<>(keyNames);
        if (locals != null) {
            if (locals.isEmpty()) {
                throw ApiException.validation("One or more parameter values were invalid: List of LocalSecondaryIndexes is empty");
            }
            if (key.range() == null) {
                throw ApiException.validation("One or more parameter values were invalid: Table KeySchema does not have a "
                        + "range key, which is required when specifying a LocalSecondaryIndex");
            }
            for (IndexSpec spec : locals) {
                IndexDef index = spec.define(types, defined, payPerRequest);
                if (index.key().range() == null) {
                    throw ApiException.validation("One or more parameter values were invalid: Index KeySchema does not have "
                            + "a range key for index: " + index.name());
                }
                if (!index.key().hash().name().equals(key.hash().name())) {
                    throw ApiException.validation("One or more parameter values were invalid: Index KeySchema does not have "
                            + "the same leading hash key as table KeySchema for index: " + index.name() + ". index hash key: "
                            + index.key().hash().name() + ", table hash key: " + key.hash().name());
                }
                addIndex(indexes, indexNames, index);
                used.addAll(index.key().names());
            }
            if (locals.size() > 5) {
                throw ApiException.validation("One or more parameter values were invalid: Number of LocalSecondaryIndexes "
                        + "exceeds per-table limit of 5");
            }
        }
        if (globals != null) {
            if (globals.isEmpty()) {
                throw ApiException.validation("One or more parameter values were invalid: List of GlobalSecondaryIndexes is empty");
            }
            for (IndexSpec spec : globals) {
                IndexDef index = spec.define(types, defined, payPerRequest);
                addIndex(indexes, indexNames, index);
                used.addAll(index.key().names());
            }
            if (globals.size() > 20) {
                throw ApiException.validation("One or more parameter values were invalid: GlobalSecondaryIndex count "
                        + "exceeds the per-table limit of 20");
            }
        }
        if (!used.containsAll(defined)) {
            throw ApiException.validation("One or more parameter values were invalid: Some AttributeDefinitions are not "
                    + "used. AttributeDefinitions: [" + String.join(", ", defined) + "], keys used: ["
                    + String.join(", ", used.stream().sorted().toList()) + "]");
        }
        Instant now = Instant.ofEpochMilli(db.wallClock().millis());
        db.lock().writeLock().lock();
        try {
            if (db.tableOrNull(name) != null) {
                throw new ApiException(400, ApiException.DYNAMODB + "ResourceInUseException",
                        "Table already exists: " + name);
            }
            TableDef def = new TableDef(name, UUID.randomUUID().toString(), now, key, types, indexes, payPerRequest,
                    payPerRequest ? null : rcu, payPerRequest ? null : wcu, viewType,
                    viewType == null ? null : db.newStreamLabel(now), null, false);
            Change change = new Change();
            db.addTable(def, change);
            db.commit(change);
            ObjectNode out = NODES.objectNode();
            out.set("TableDescription", describe(db.table(name), "CREATING"));
            return out;
        } finally {
            db.lock().writeLock().unlock();
        }
    }

    private static void checkThroughput(boolean payPerRequest, Req throughput, Long rcu, Long wcu) {
        if (payPerRequest) {
            if (throughput != null) {
                throw ApiException.validation("One or more parameter values were invalid: Neither ReadCapacityUnits nor "
                        + "WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
            }
            return;
        }
        if (rcu == null || wcu == null) {
            throw ApiException.validation("One or more parameter values were invalid: ReadCapacityUnits and "
                    + "WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
        }
        if (rcu > 1_000_000_000_000L) {
            throw ApiException.validation("Given value " + rcu + " for ReadCapacityUnits is out of bounds");
        }
        if (wcu > 1_000_000_000_000L) {
            throw ApiException.validation("Given value " + wcu + " for WriteCapacityUnits is out of bounds");
        }
    }

    private static void addIndex(List<IndexDef> indexes, Set<String> names, IndexDef index) {
        if (!names.add(index.name())) {
            throw ApiException.validation("One or more parameter values were invalid: Duplicate index name: " + index.name());
        }
        indexes.add(index);
    }

    private static List<String[]> keyElements(List<Req> schema) {
        List<String[]> out = new ArrayList<>();
        if (schema == null) {
            return out;
        }
        for (Req k : schema) {
            String attr = k.string("AttributeName");
            String type = k.oneOf("KeyType", "HASH", "RANGE");
            k.notNull("AttributeName", attr);
            k.notNull("KeyType", type);
            out.add(new String[] {attr, type});
        }
        return out;
    }

    private static KeySchema schema(List<String[]> keys, Map<String, String> types) {
        if (keys.size() == 2 && keys.get(0)[0].equals(keys.get(1)[0])) {
            throw ApiException.validation("Both the Hash Key and the Range Key element in the KeySchema have the same name");
        }
        if (!"HASH".equals(keys.get(0)[1])) {
            throw ApiException.validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
        }
        if (keys.size() == 2 && !"RANGE".equals(keys.get(1)[1])) {
            throw ApiException.validation("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
        }
        KeyAttr hash = new KeyAttr(keys.get(0)[0], Value.Type.valueOf(types.get(keys.get(0)[0])));
        KeyAttr range = keys.size() == 2 ? new KeyAttr(keys.get(1)[0], Value.Type.valueOf(types.get(keys.get(1)[0]))) : null;
        return new KeySchema(hash, range);
    }

    /** An index as the request gave it, checked once the table's attribute definitions are known. */
    private record IndexSpec(String name, List<String[]> keys, String projectionType, List<String> nonKeyAttributes,
                             boolean hasThroughput, Long rcu, Long wcu, boolean global) {

        IndexDef define(Map<String, String> types, List<String> defined, boolean payPerRequest) {
            List<String> keyNames = keys.stream().map(k -> k[0]).toList();
            if (!defined.containsAll(keyNames)) {
                throw ApiException.validation("One or more parameter values were invalid: Some index key attributes are not "
                        + "defined in AttributeDefinitions. Keys: [" + String.join(", ", keyNames)
                        + "], AttributeDefinitions: [" + String.join(", ", defined) + "]");
            }
            KeySchema key = schema(keys, types);
            if (projectionType == null) {
                throw ApiException.validation("One or more parameter values were invalid: Unknown ProjectionType: null");
            }
            if (nonKeyAttributes != null && !projectionType.equals("INCLUDE")) {
                throw ApiException.validation("One or more parameter values were invalid: ProjectionType is "
                        + projectionType + ", but NonKeyAttributes is specified");
            }
            if (global && payPerRequest && hasThroughput) {
                throw ApiException.validation("One or more parameter values were invalid: ProvisionedThroughput should "
                        + "not be specified for index: " + name + " when BillingMode is PAY_PER_REQUEST");
            }
            return new IndexDef(name, global, key, projectionType, nonKeyAttributes, rcu, wcu);
        }
    }

    private static List<IndexSpec> indexSpecs(List<Req> list, boolean global) {
        if (list == null) {
            return null;
        }
        List<IndexSpec> out = new ArrayList<>();
        for (Req i : list) {
            String name = i.string("IndexName");
            i.notNull("IndexName", name);
            i.name("IndexName", name);
            List<Req> keySchema = i.structs("KeySchema");
            i.notNull("KeySchema", keySchema);
            if (keySchema != null && (keySchema.isEmpty() || keySchema.size() > 2)) {
                i.fail("KeySchema", keySchema.isEmpty() ? "Member must have length greater than or equal to 1"
                        : "Member must have length less than or equal to 2");
            }
            Req projection = i.struct("Projection");
            i.notNull("Projection", projection);
            String type = projection == null ? null : projection.oneOf("ProjectionType", "ALL", "INCLUDE", "KEYS_ONLY");
            List<String> nonKey = projection == null ? null : projection.strings("NonKeyAttributes");
            if (nonKey != null && nonKey.isEmpty()) {
                projection.fail("NonKeyAttributes", "Member must have length greater than or equal to 1");
            }
            Req throughput = i.struct("ProvisionedThroughput");
            Long rcu = throughput == null ? null : throughput.longValue("ReadCapacityUnits", 1L, null);
            Long wcu = throughput == null ? null : throughput.longValue("WriteCapacityUnits", 1L, null);
            out.add(new IndexSpec(name, keyElements(keySchema), type, nonKey, throughput != null, rcu, wcu, global));
        }
        return out;
    }

    public JsonNode describeTable(Req r) {
        String name = r.requiredTableName("TableName");
        r.check();
        db.lock().readLock().lock();
        try {
            ObjectNode out = NODES.objectNode();
            out.set("Table", describe(found(name), "ACTIVE"));
            return out;
        } finally {
            db.lock().readLock().unlock();
        }
    }

    public JsonNode deleteTable(Req r) {
        String name = r.requiredTableName("TableName");
        r.check();
        db.lock().writeLock().lock();
        try {
            Table t = found(name);
            ObjectNode description = describe(t, "DELETING");
            description.remove("GlobalSecondaryIndexes");
            Change change = new Change();
            db.dropTable(name, change);
            db.commit(change);
            ObjectNode out = NODES.objectNode();
            out.set("TableDescription", description);
            return out;
        } finally {
            db.lock().writeLock().unlock();
        }
    }

    public JsonNode listTables(Req r) {
        Long limit = r.integer("Limit", 1L, 100L);
        String start = r.string("ExclusiveStartTableName");
        r.name("ExclusiveStartTableName", start);
        r.check();
        db.lock().readLock().lock();
        try {
            List<String> names = new ArrayList<>(start == null ? db.tables().keySet()
                    : db.tables().tailMap(start, false).keySet());
            int max = limit == null ? 100 : limit.intValue();
            ObjectNode out = NODES.objectNode();
            if (names.size() > max) {
                names = names.subList(0, max);
                out.put("LastEvaluatedTableName", names.get(max - 1));
            }
            ArrayNode list = out.putArray("TableNames");
            names.forEach(list::add);
            return out;
        } finally {
            db.lock().readLock().unlock();
        }
    }

    public JsonNode updateTimeToLive(Req r) {
        String name = r.tableName("TableName");
        Req spec = r.struct("TimeToLiveSpecification");
        r.notNull("TimeToLiveSpecification", spec);
        Boolean enabled = spec == null ? null : spec.bool("Enabled");
        String attribute = spec == null ? null : spec.string("AttributeName");
        if (spec != null) {
            spec.notNull("Enabled", enabled);
            spec.notNull("AttributeName", attribute);
            if (attribute != null && (attribute.isEmpty() || attribute.length() > 255)) {
                spec.fail("AttributeName", attribute, attribute.isEmpty()
                        ? "Member must have length greater than or equal to 1" : "Member must have length less than or equal to 255");
            }
        }
        r.check();
        db.lock().writeLock().lock();
        try {
            Table t = found(name);
            TableDef def = t.def();
            if (enabled && def.ttlEnabled()) {
                throw ApiException.validation("TimeToLive is already enabled");
            }
            if (!enabled && !def.ttlEnabled()) {
                throw ApiException.validation("TimeToLive is already disabled");
            }
            if (!enabled && !attribute.equals(def.ttlAttribute())) {
                throw ApiException.validation("TimeToLive is active on a different AttributeName: current AttributeName is "
                        + def.ttlAttribute());
            }
            Change change = new Change();
            db.redefine(t, def.withTtl(attribute, enabled), change);
            db.commit(change);
            ObjectNode out = NODES.objectNode();
            out.putObject("TimeToLiveSpecification").put("Enabled", enabled).put("AttributeName", attribute);
            return out;
        } finally {
            db.lock().writeLock().unlock();
        }
    }

    public JsonNode describeTimeToLive(Req r) {
        String name = r.requiredTableName("TableName");
        r.check();
        db.lock().readLock().lock();
        try {
            TableDef def = found(name).def();
            ObjectNode out = NODES.objectNode();
            ObjectNode d = out.putObject("TimeToLiveDescription");
            d.put("TimeToLiveStatus", def.ttlEnabled() ? "ENABLED" : "DISABLED");
            if (def.ttlEnabled()) {
                d.put("AttributeName", def.ttlAttribute());
            }
            return out;
        } finally {
            db.lock().readLock().unlock();
        }
    }

    private Table found(String name) {
        Table t = db.tableOrNull(name);
        if (t == null) {
            throw ApiException.resourceNotFound("Requested resource not found: Table: " + name + " not found");
        }
        return t;
    }

    /** The TableDescription DescribeTable and friends return. */
    ObjectNode describe(Table t, String status) {
        TableDef def = t.def();
        ObjectNode d = NODES.objectNode();
        ArrayNode definitions = d.putArray("AttributeDefinitions");
        def.attributeTypes().forEach((a, type) -> definitions.addObject().put("AttributeName", a).put("AttributeType", type));
        d.put("TableName", def.name());
        d.set("KeySchema", keySchema(def.key()));
        d.put("TableStatus", status);
        d.put("CreationDateTime", seconds(def.created()));
        ObjectNode throughput = d.putObject("ProvisionedThroughput");
        throughput.put("NumberOfDecreasesToday", 0);
        throughput.put("ReadCapacityUnits", def.readUnits() == null ? 0 : def.readUnits());
        throughput.put("WriteCapacityUnits", def.writeUnits() == null ? 0 : def.writeUnits());
        d.put("TableSizeBytes", t.sizeBytes());
        d.put("ItemCount", t.itemCount());
        d.put("TableArn", db.tableArn(def.name()));
        d.put("TableId", def.id());
        if (def.payPerRequest()) {
            ObjectNode billing = d.putObject("BillingModeSummary");
            billing.put("BillingMode", "PAY_PER_REQUEST");
            billing.put("LastUpdateToPayPerRequestDateTime", seconds(def.created()));
        }
        ArrayNode locals = NODES.arrayNode();
        ArrayNode globals = NODES.arrayNode();
        for (IndexDef i : def.indexes()) {
            ObjectNode x = (i.global() ? globals : locals).addObject();
            x.put("IndexName", i.name());
            x.set("KeySchema", keySchema(i.key()));
            ObjectNode p = x.putObject("Projection");
            p.put("ProjectionType", i.projectionType());
            if (!i.nonKeyAttributes().isEmpty()) {
                ArrayNode nk = p.putArray("NonKeyAttributes");
                i.nonKeyAttributes().forEach(nk::add);
            }
            if (i.global()) {
                x.put("IndexStatus", status.equals("CREATING") ? "CREATING" : "ACTIVE");
                ObjectNode it = x.putObject("ProvisionedThroughput");
                it.put("NumberOfDecreasesToday", 0);
                it.put("ReadCapacityUnits", i.readUnits() == null ? 0 : i.readUnits());
                it.put("WriteCapacityUnits", i.writeUnits() == null ? 0 : i.writeUnits());
            }
            x.put("IndexSizeBytes", t.indexSizeBytes(i.name()));
            x.put("ItemCount", t.indexItemCount(i.name()));
            x.put("IndexArn", db.tableArn(def.name()) + "/index/" + i.name());
        }
        if (!locals.isEmpty()) {
            d.set("LocalSecondaryIndexes", locals);
        }
        if (!globals.isEmpty()) {
            d.set("GlobalSecondaryIndexes", globals);
        }
        if (def.streamEnabled()) {
            d.putObject("StreamSpecification").put("StreamEnabled", true).put("StreamViewType", def.streamViewType());
            d.put("LatestStreamLabel", def.streamLabel());
            d.put("LatestStreamArn", t.stream().arn());
        }
        d.put("DeletionProtectionEnabled", false);
        return d;
    }

    static ArrayNode keySchema(KeySchema k) {
        ArrayNode a = NODES.arrayNode();
        a.addObject().put("AttributeName", k.hash().name()).put("KeyType", "HASH");
        if (k.range() != null) {
            a.addObject().put("AttributeName", k.range().name()).put("KeyType", "RANGE");
        }
        return a;
    }

    static BigDecimal seconds(Instant t) {
        return BigDecimal.valueOf(t.toEpochMilli()).movePointLeft(3);
    }
}
