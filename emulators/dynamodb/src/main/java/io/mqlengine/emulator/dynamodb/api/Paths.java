package io.mqlengine.emulator.dynamodb.api;

import io.mqlengine.emulator.dynamodb.expr.Path;
import io.mqlengine.emulator.dynamodb.value.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parts of an item at some document paths, shaped as the service returns them for UPDATED_OLD and
 * UPDATED_NEW: {@code a.b} gives {@code {"a":{"M":{"b":...}}}}, {@code a[3]} the list holding the chosen
 * elements in index order.
 */
final class Paths {
    private Paths() {
    }

    /** A node of the result being built: either a map or a list (by index) of children, or a leaf. */
    private static final class Node {
        Value leaf;
        Map<String, Node> map;
        TreeMap<Integer, Node> list;

        Value value() {
            if (leaf != null) {
                return leaf;
            }
            if (list != null) {
                List<Value> out = new ArrayList<>();
                list.values().forEach(n -> out.add(n.value()));
                return new Value.L(out);
            }
            Map<String, Value> out = new LinkedHashMap<>();
            map.forEach((k, n) -> out.put(k, n.value()));
            return new Value.M(out);
        }
    }

    static Map<String, Value> project(List<Path> paths, Map<String, Value> item) {
        Map<String, Node> top = new LinkedHashMap<>();
        for (Path path : paths) {
            Value found = resolve(path, item);
            if (found == null) {
                continue;
            }
            List<Object> elements = path.elements();
            Map<String, Node> level = top;
            Node node = null;
            for (int i = 0; i < elements.size(); i++) {
                Object e = elements.get(i);
                if (e instanceof Integer index) {
                    if (node.list == null) {
                        node.list = new TreeMap<>();
                    }
                    node = node.list.computeIfAbsent(index, k -> new Node());
                } else {
                    if (node != null && node.map == null) {
                        node.map = new LinkedHashMap<>();
                    }
                    Map<String, Node> m = node == null ? level : node.map;
                    node = m.computeIfAbsent((String) e, k -> new Node());
                }
            }
            node.leaf = found;
        }
        Map<String, Value> out = new LinkedHashMap<>();
        top.forEach((k, n) -> out.put(k, n.value()));
        return out;
    }

    /** The value at a path, or null. */
    static Value resolve(Path path, Map<String, Value> item) {
        Value current = null;
        for (Object e : path.elements()) {
            if (current == null && e instanceof String name) {
                current = item.get(name);
            } else if (e instanceof Integer index && current instanceof Value.L l) {
                current = index < l.values().size() ? l.values().get(index) : null;
            } else if (e instanceof String name && current instanceof Value.M m) {
                current = m.values().get(name);
            } else {
                return null;
            }
            if (current == null) {
                return null;
            }
        }
        return current;
    }
}
