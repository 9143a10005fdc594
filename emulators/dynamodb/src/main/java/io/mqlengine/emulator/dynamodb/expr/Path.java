package io.mqlengine.emulator.dynamodb.expr;

import io.mqlengine.emulator.dynamodb.value.Value;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A document path: top-level name then names (map keys) and Integer list indexes: a.b[2].c */
public record Path(List<Object> elements) {
    public Path {
        elements = List.copyOf(elements);
        if (elements.isEmpty() || !(elements.get(0) instanceof String)) {
            throw new IllegalArgumentException("A document path starts with an attribute name: " + elements);
        }
        for (Object e : elements) {
            if (!(e instanceof String) && !(e instanceof Integer)) {
                throw new IllegalArgumentException("A document path holds names and list indexes: " + elements);
            }
        }
    }

    /** The path of one top-level attribute. */
    public static Path of(String attribute) {
        return new Path(List.of(attribute));
    }

    /** The top-level attribute the path starts at. */
    public String top() {
        return (String) elements.get(0);
    }

    /** Whether the path goes below its top-level attribute. */
    public boolean nested() {
        return elements.size() > 1;
    }

    /** The value at this path in {@code item}, or null where any step is missing or of the wrong type. */
    public Value resolve(Map<String, Value> item) {
        Value v = item.get(top());
        for (int i = 1; i < elements.size() && v != null; i++) {
            v = step(v, elements.get(i));
        }
        return v;
    }

    /** One step down from {@code v}: a map key or a list index; null where there is nothing. */
    static Value step(Value v, Object element) {
        if (element instanceof Integer index) {
            return v instanceof Value.L l && index < l.values().size() ? l.values().get(index) : null;
        }
        return v instanceof Value.M m ? m.values().get((String) element) : null;
    }

    /** As DynamoDB writes a path in its error messages: {@code [a, b, [2], c]}. */
    public String bracketed() {
        return elements.stream().map(e -> e instanceof Integer ? "[" + e + "]" : (String) e)
                .collect(Collectors.joining(", ", "[", "]"));
    }

    /** As written in an expression: {@code a.b[2].c}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(top());
        for (Object e : elements.subList(1, elements.size())) {
            if (e instanceof Integer) {
                sb.append('[').append(e).append(']');
            } else {
                sb.append('.').append(e);
            }
        }
        return sb.toString();
    }
}
