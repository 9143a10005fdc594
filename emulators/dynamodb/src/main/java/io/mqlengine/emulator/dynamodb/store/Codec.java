package io.mqlengine.emulator.dynamodb.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqlengine.emulator.dynamodb.stream.StreamRecord;
import io.mqlengine.emulator.dynamodb.table.IndexDef;
import io.mqlengine.emulator.dynamodb.table.KeyAttr;
import io.mqlengine.emulator.dynamodb.table.KeySchema;
import io.mqlengine.emulator.dynamodb.table.TableDef;
import io.mqlengine.emulator.dynamodb.value.Value;
import io.mqlengine.emulator.dynamodb.value.ValueJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The journal's and the snapshot's JSON for table definitions, items and stream records. */
final class Codec {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Codec() {
    }

    static ObjectNode def(TableDef d) {
        ObjectNode o = NODES.objectNode();
        o.put("name", d.name());
        o.put("id", d.id());
        o.put("created", d.created().toEpochMilli());
        o.set("key", key(d.key()));
        ObjectNode types = o.putObject("types");
        d.attributeTypes().forEach(types::put);
        ArrayNode indexes = o.putArray("indexes");
        for (IndexDef i : d.indexes()) {
            ObjectNode x = indexes.addObject();
            x.put("name", i.name());
            x.put("global", i.global());
            x.set("key", key(i.key()));
            x.put("projection", i.projectionType());
            ArrayNode nk = x.putArray("nonKey");
            i.nonKeyAttributes().forEach(nk::add);
            putLong(x, "rcu", i.readUnits());
            putLong(x, "wcu", i.writeUnits());
        }
        o.put("payPerRequest", d.payPerRequest());
        putLong(o, "rcu", d.readUnits());
        putLong(o, "wcu", d.writeUnits());
        o.put("streamViewType", d.streamViewType());
        o.put("streamLabel", d.streamLabel());
        o.put("ttlAttribute", d.ttlAttribute());
        o.put("ttlEnabled", d.ttlEnabled());
        return o;
    }

    static TableDef def(JsonNode o) {
        Map<String, String> types = new LinkedHashMap<>();
        o.get("types").fields().forEachRemaining(e -> types.put(e.getKey(), e.getValue().asText()));
        List<IndexDef> indexes = new ArrayList<>();
        for (JsonNode x : o.get("indexes")) {
            List<String> nonKey = new ArrayList<>();
            x.get("nonKey").forEach(n -> nonKey.add(n.asText()));
            indexes.add(new IndexDef(x.get("name").asText(), x.get("global").asBoolean(), key(x.get("key")),
                    x.get("projection").asText(), nonKey, getLong(x, "rcu"), getLong(x, "wcu")));
        }
        return new TableDef(o.get("name").asText(), o.get("id").asText(), Instant.ofEpochMilli(o.get("created").asLong()),
                key(o.get("key")), types, indexes, o.get("payPerRequest").asBoolean(), getLong(o, "rcu"), getLong(o, "wcu"),
                text(o, "streamViewType"), text(o, "streamLabel"), text(o, "ttlAttribute"), o.get("ttlEnabled").asBoolean());
    }

    static ObjectNode key(KeySchema k) {
        ObjectNode o = NODES.objectNode();
        o.put("hash", k.hash().name()).put("hashType", k.hash().type().name());
        if (k.range() != null) {
            o.put("range", k.range().name()).put("rangeType", k.range().type().name());
        }
        return o;
    }

    static KeySchema key(JsonNode o) {
        KeyAttr hash = new KeyAttr(o.get("hash").asText(), Value.Type.valueOf(o.get("hashType").asText()));
        KeyAttr range = o.has("range") ? new KeyAttr(o.get("range").asText(), Value.Type.valueOf(o.get("rangeType").asText()))
                : null;
        return new KeySchema(hash, range);
    }

    static ObjectNode item(Map<String, Value> item) {
        return item == null ? null : ValueJson.json(item);
    }

    static Map<String, Value> item(JsonNode node) {
        return node == null || node.isNull() ? null : ValueJson.item(node);
    }

    /** A stream record: with its images when {@code full} (snapshots), without them (journal, replay rebuilds them). */
    static ObjectNode record(StreamRecord r, boolean full) {
        ObjectNode o = NODES.objectNode();
        o.put("seq", r.sequence());
        o.put("id", r.eventId());
        o.put("at", r.created().toEpochMilli());
        o.put("wall", r.wallMillis());
        o.put("ttl", r.byTtl());
        if (full) {
            o.put("name", r.eventName());
            o.set("keys", item(r.keys()));
            o.set("new", item(r.newImage()));
            o.set("old", item(r.oldImage()));
        }
        return o;
    }

    static StreamRecord record(JsonNode o) {
        return new StreamRecord(o.get("seq").asLong(), o.get("id").asText(), text(o, "name"),
                Instant.ofEpochMilli(o.get("at").asLong()), o.get("wall").asLong(), item(o.get("keys")), item(o.get("new")),
                item(o.get("old")), o.get("ttl").asBoolean());
    }

    private static void putLong(ObjectNode o, String name, Long value) {
        if (value != null) {
            o.put(name, value);
        }
    }

    private static Long getLong(JsonNode o, String name) {
        return o.hasNonNull(name) ? o.get(name).asLong() : null;
    }

    private static String text(JsonNode o, String name) {
        return o.hasNonNull(name) ? o.get(name).asText() : null;
    }
}
