package io.mqlengine.emulator.dynamodb.value;

import java.util.AbstractMap;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * An item as a table holds it: an immutable copy in attribute order that keeps its size by DynamoDB's rules once
 * computed. A write sizes the item it stores and the item it replaces several times (the 400 KB limit, consumed
 * capacity, the table's size, the stream record's {@code SizeBytes}); each stored item is walked once.
 */
public final class StoredItem extends AbstractMap<String, Value> {
    private final Map<String, Value> attributes;
    /** The size in bytes, or -1 until first asked (written at most once per value, so no lock is needed). */
    private int bytes = -1;

    private StoredItem(Map<String, Value> item) {
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(item));
    }

    /** {@code item} itself when it is a stored item already, else an immutable copy of it. */
    public static StoredItem of(Map<String, Value> item) {
        return item instanceof StoredItem stored ? stored : new StoredItem(item);
    }

    /** The item's size by DynamoDB's rules ({@link ItemSize#of(Map)}). */
    int bytes() {
        int b = bytes;
        if (b < 0) {
            b = ItemSize.attributes(attributes);
            bytes = b;
        }
        return b;
    }

    @Override
    public Set<Entry<String, Value>> entrySet() {
        return attributes.entrySet();
    }

    @Override
    public Value get(Object name) {
        return attributes.get(name);
    }

    @Override
    public boolean containsKey(Object name) {
        return attributes.containsKey(name);
    }

    @Override
    public int size() {
        return attributes.size();
    }

    @Override
    public boolean isEmpty() {
        return attributes.isEmpty();
    }

    @Override
    public Set<String> keySet() {
        return attributes.keySet();
    }

    @Override
    public Collection<Value> values() {
        return attributes.values();
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super Value> action) {
        attributes.forEach(action);
    }

    @Override
    public boolean equals(Object o) {
        return o == this || attributes.equals(o);
    }

    @Override
    public int hashCode() {
        return attributes.hashCode();
    }
}
