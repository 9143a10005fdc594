package io.mqlengine.emulator.dynamodb.expr;

import io.mqlengine.emulator.dynamodb.value.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A compiled ProjectionExpression; immutable. Projected nested values keep their place in the item: {@code a.b}
 * gives {@code {"a":{"M":{"b":...}}}}, and {@code a[3], a[1]} give a list of those two elements in index order.
 */
public final class Projection {
    private final List<Path> paths;
    private final Set<String> nestedPathHeads;

    Projection(List<Path> paths, Set<String> nestedPathHeads) {
        this.paths = List.copyOf(paths);
        this.nestedPathHeads = Set.copyOf(nestedPathHeads);
    }

    /** The projected part of {@code item}, as a new map; paths that reach nothing are left out. */
    public Map<String, Value> apply(Map<String, Value> item) {
        Branch root = new Branch(false);
        for (Path path : paths) {
            Value v = path.resolve(item);
            if (v == null) {
                continue;
            }
            List<Object> elements = path.elements();
            Branch branch = root;
            for (int i = 0; i < elements.size() - 1; i++) {
                boolean list = elements.get(i + 1) instanceof Integer;
                branch = (Branch) branch.children.computeIfAbsent(elements.get(i), k -> new Branch(list));
            }
            branch.children.put(elements.get(elements.size() - 1), v);
        }
        return new LinkedHashMap<>(((Value.M) root.freeze()).values());
    }

    /** The paths in the order written. */
    public List<Path> paths() {
        return paths;
    }

    /** The top-level attributes the expression reaches into with {@code .} or {@code []}. */
    public Set<String> nestedPathHeads() {
        return nestedPathHeads;
    }

    /** A map or a list being filled with projected values; list elements are kept in index order. */
    private static final class Branch {
        final Map<Object, Object> children;
        final boolean list;

        Branch(boolean list) {
            this.list = list;
            this.children = list ? new TreeMap<>() : new LinkedHashMap<>();
        }

        Value freeze() {
            if (list) {
                List<Value> values = new ArrayList<>();
                children.values().forEach(c -> values.add(frozen(c)));
                return new Value.L(values);
            }
            Map<String, Value> values = new LinkedHashMap<>();
            children.forEach((k, c) -> values.put((String) k, frozen(c)));
            return new Value.M(values);
        }

        private static Value frozen(Object child) {
            return child instanceof Branch b ? b.freeze() : (Value) child;
        }
    }
}
