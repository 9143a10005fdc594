package io.mqlengine.emulator.dynamodb.table;

import io.mqlengine.emulator.dynamodb.stream.TableStream;
import io.mqlengine.emulator.dynamodb.value.ItemSize;
import io.mqlengine.emulator.dynamodb.value.StoredItem;
import io.mqlengine.emulator.dynamodb.value.Value;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A table's items in scan order, one ordered map per secondary index (holding each item's projected
 * entry, only for items that have the index's key attributes), the table's size, and its stream.
 * Not thread-safe: the engine's lock guards it.
 */
public final class Table {
    private TableDef def;
    private final TreeMap<ItemKey, Map<String, Value>> items = new TreeMap<>();
    private final Map<String, TreeMap<ItemKey, Map<String, Value>>> indexes = new HashMap<>();
    private final Map<String, Long> indexBytes = new HashMap<>();
    private long bytes;
    private TableStream stream;

    public Table(TableDef def) {
        this.def = def;
        def.indexes().forEach(i -> {
            indexes.put(i.name(), new TreeMap<>());
            indexBytes.put(i.name(), 0L);
        });
    }

    public TableDef def() {
        return def;
    }

    public void redefine(TableDef next) {
        this.def = next;
    }

    public TableStream stream() {
        return stream;
    }

    public void stream(TableStream s) {
        this.stream = s;
    }

    public KeySchema key() {
        return def.key();
    }

    public Map<String, Value> get(ItemKey key) {
        return items.get(key);
    }

    public NavigableMap<ItemKey, Map<String, Value>> items() {
        return items;
    }

    /** The entries of an index, in index order. */
    public NavigableMap<ItemKey, Map<String, Value>> index(String name) {
        return indexes.get(name);
    }

    public long itemCount() {
        return items.size();
    }

    public long sizeBytes() {
        return bytes;
    }

    public long indexItemCount(String name) {
        return indexes.get(name).size();
    }

    public long indexSizeBytes(String name) {
        return indexBytes.get(name);
    }

    /** Writes (or with null, deletes) the item at {@code key}, keeping the indexes; returns the item it replaced. */
    public Map<String, Value> write(ItemKey key, Map<String, Value> item) {
        Map<String, Value> old = item == null ? items.remove(key) : items.put(key, item);
        bytes += ItemSize.of(item) - ItemSize.of(old);
        for (IndexDef index : def.indexes()) {
            TreeMap<ItemKey, Map<String, Value>> entries = indexes.get(index.name());
            Map<String, Value> before = old == null ? null : index.entry(old, def.key());
            Map<String, Value> after = item == null ? null : index.entry(item, def.key());
            long delta = 0;
            if (before != null) {
                entries.remove(ItemKey.ofIndex(index.key(), def.key(), old));
                delta -= ItemSize.of(before);
            }
            if (after != null) {
                entries.put(ItemKey.ofIndex(index.key(), def.key(), item), after);
                delta += ItemSize.of(after);
            }
            indexBytes.merge(index.name(), delta, Long::sum);
        }
        return old;
    }

    /** An immutable copy of an item, as the table stores items (the item itself when it is one already). */
    public static Map<String, Value> frozen(Map<String, Value> item) {
        return StoredItem.of(item);
    }
}
