package io.mqlengine.emulator.dynamodb.table;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What CreateTable defined, plus what the emulator assigned (id, creation time, stream label) and the
 * TTL setting. Immutable: a change makes a new definition.
 */
public record TableDef(String name, String id, Instant created, KeySchema key, Map<String, String> attributeTypes,
                       List<IndexDef> indexes, boolean payPerRequest, Long readUnits, Long writeUnits,
                       String streamViewType, String streamLabel, String ttlAttribute, boolean ttlEnabled) {

    public TableDef {
        attributeTypes = Collections.unmodifiableMap(new LinkedHashMap<>(attributeTypes));
        indexes = List.copyOf(indexes);
    }

    public boolean streamEnabled() {
        return streamViewType != null;
    }

    public IndexDef index(String indexName) {
        for (IndexDef i : indexes) {
            if (i.name().equals(indexName)) {
                return i;
            }
        }
        return null;
    }

    public TableDef withTtl(String attribute, boolean enabled) {
        return new TableDef(name, id, created, key, attributeTypes, indexes, payPerRequest, readUnits, writeUnits,
                streamViewType, streamLabel, attribute, enabled);
    }
}
