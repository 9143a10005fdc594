package io.mqlengine.emulator.dynamodb.expr;

import io.mqlengine.emulator.dynamodb.value.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An item being updated. Maps and lists on the written paths are opened into mutable containers on the way
 * down. List indexes always mean positions in the list as it was: a removed element leaves a hole until the
 * end, and an index past the end appends, in index order.
 */
final class DocumentWriter {
    private static final Object REMOVED = new Object();

    private final MapContainer root;

    DocumentWriter(Map<String, Value> item) {
        root = new MapContainer(item);
    }

    /** A map or a list open for writing. */
    abstract static class Container {
        /** Whether {@code key} can address an element here: a name in a map, an index in a list. */
        abstract boolean accepts(Object key);

        /** The element at {@code key}, opened for writing when it is a map or a list; null when absent. */
        abstract Object open(Object key);

        abstract Value get(Object key);

        abstract void put(Object key, Value value);

        abstract void remove(Object key);

        abstract Value freeze();

        static Object opened(Object element) {
            if (element instanceof Value.M m) {
                return new MapContainer(m.values());
            }
            if (element instanceof Value.L l) {
                return new ListContainer(l.values());
            }
            return element;
        }

        static Value frozen(Object element) {
            return element instanceof Container c ? c.freeze() : (Value) element;
        }
    }

    /**
     * The container that holds the last element of {@code path}, or null when the path cannot be written: a
     * step on the way is missing or is not a map (for a name) or a list (for an index).
     */
    Container parentOf(Path path) {
        Container c = root;
        List<Object> elements = path.elements();
        for (int i = 0; i < elements.size() - 1; i++) {
            if (!c.accepts(elements.get(i)) || !(c.open(elements.get(i)) instanceof Container next)) {
                return null;
            }
            c = next;
        }
        return c.accepts(elements.get(elements.size() - 1)) ? c : null;
    }

    /** The updated item, as a new map the caller may change. */
    Map<String, Value> result() {
        return new LinkedHashMap<>(((Value.M) root.freeze()).values());
    }

    private static final class MapContainer extends Container {
        private final Map<String, Object> entries;

        MapContainer(Map<String, Value> values) {
            entries = new LinkedHashMap<>(values);
        }

        @Override
        boolean accepts(Object key) {
            return key instanceof String;
        }

        @Override
        Object open(Object key) {
            Object opened = opened(entries.get((String) key));
            if (opened instanceof Container) {
                entries.put((String) key, opened);
            }
            return opened;
        }

        @Override
        Value get(Object key) {
            Object e = entries.get((String) key);
            return e == null ? null : frozen(e);
        }

        @Override
        void put(Object key, Value value) {
            entries.put((String) key, value);
        }

        @Override
        void remove(Object key) {
            entries.remove((String) key);
        }

        @Override
        Value freeze() {
            Map<String, Value> out = new LinkedHashMap<>();
            entries.forEach((k, v) -> out.put(k, frozen(v)));
            return new Value.M(out);
        }
    }

    private static final class ListContainer extends Container {
        private final List<Object> slots;
        private final TreeMap<Integer, Value> appended = new TreeMap<>();

        ListContainer(List<Value> values) {
            slots = new ArrayList<>(values);
        }

        @Override
        boolean accepts(Object key) {
            return key instanceof Integer;
        }

        private Object slot(int index) {
            return index < slots.size() && slots.get(index) != REMOVED ? slots.get(index) : null;
        }

        @Override
        Object open(Object key) {
            int index = (Integer) key;
            Object opened = opened(slot(index));
            if (opened instanceof Container) {
                slots.set(index, opened);
            }
            return opened;
        }

        @Override
        Value get(Object key) {
            Object e = slot((Integer) key);
            return e == null ? null : frozen(e);
        }

        @Override
        void put(Object key, Value value) {
            int index = (Integer) key;
            if (index < slots.size()) {
                slots.set(index, value);
            } else {
                appended.put(index, value);
            }
        }

        @Override
        void remove(Object key) {
            int index = (Integer) key;
            if (index < slots.size()) {
                slots.set(index, REMOVED);
            }
        }

        @Override
        Value freeze() {
            List<Value> out = new ArrayList<>();
            for (Object slot : slots) {
                if (slot != REMOVED) {
                    out.add(frozen(slot));
                }
            }
            out.addAll(appended.values());
            return new Value.L(out);
        }
    }
}
