package io.mqlengine.emulator.dynamodb.expr;

import io.mqlengine.emulator.dynamodb.ApiException;
import io.mqlengine.emulator.dynamodb.value.Bytes;
import io.mqlengine.emulator.dynamodb.value.Numbers;
import io.mqlengine.emulator.dynamodb.value.Value;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A compiled UpdateExpression; immutable, so one can be applied to many items from many threads. */
public final class Update {
    /** One action: its clause (SET, REMOVE, ADD, DELETE), the path it writes and its operand (none for REMOVE). */
    record Step(String clause, Path target, Operand value) {
    }

    private final List<Step> steps;
    private final Set<String> nestedPathHeads;

    Update(List<Step> steps, Set<String> nestedPathHeads) {
        this.steps = List.copyOf(steps);
        this.nestedPathHeads = Set.copyOf(nestedPathHeads);
    }

    /**
     * The new item, as a new map; {@code item} is left as it was. {@code item} is the existing item, or just the
     * key when there is none. Throws ApiException (ValidationException) on type errors, missing operands,
     * invalid paths and number overflow, as AWS does.
     */
    public Map<String, Value> apply(Map<String, Value> item) {
        return apply(item, true);
    }

    /**
     * As {@link #apply(Map)}, saying whether the item exists: DynamoDB ignores a REMOVE of a nested path whose
     * parent is missing when there is no item at all, and refuses it when there is one.
     */
    public Map<String, Value> apply(Map<String, Value> item, boolean itemExists) {
        // Every SET operand is read from the item as it was, before any action writes.
        List<Value> setValues = new ArrayList<>();
        for (Step step : steps) {
            setValues.add(step.clause().equals("SET") ? UpdateValues.evaluate(step.value(), item) : null);
        }
        DocumentWriter doc = new DocumentWriter(item);
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            DocumentWriter.Container parent = doc.parentOf(step.target());
            Object last = step.target().elements().get(step.target().elements().size() - 1);
            if (parent == null) {
                if (step.clause().equals("REMOVE") && !itemExists) {
                    continue;
                }
                throw ApiException.validation("The document path provided in the update expression is invalid for update");
            }
            switch (step.clause()) {
                case "SET" -> parent.put(last, setValues.get(i));
                case "REMOVE" -> parent.remove(last);
                case "ADD" -> parent.put(last, add(parent.get(last), ((Operand.Const) step.value()).value()));
                default -> {
                    Value rest = delete(parent.get(last), ((Operand.Const) step.value()).value());
                    if (rest == null) {
                        parent.remove(last);
                    } else {
                        parent.put(last, rest);
                    }
                }
            }
        }
        return doc.result();
    }

    /** The paths SET/REMOVE/ADD/DELETE write, so the engine can refuse updates of key attributes. */
    public List<Path> targets() {
        return steps.stream().map(Step::target).toList();
    }

    /** The top-level attributes the expression reaches into with {@code .} or {@code []}, read or written. */
    public Set<String> nestedPathHeads() {
        return nestedPathHeads;
    }

    private static Value add(Value existing, Value operand) {
        if (existing != null && existing.type() != operand.type()) {
            throw wrongType();
        }
        if (operand instanceof Value.N n) {
            BigDecimal base = existing == null ? BigDecimal.ZERO : ((Value.N) existing).value();
            return new Value.N(Numbers.check(base.add(n.value())));
        }
        if (existing == null) {
            return operand;
        }
        if (operand instanceof Value.SS ss) {
            return new Value.SS(union(((Value.SS) existing).values(), ss.values()));
        }
        if (operand instanceof Value.NS ns) {
            return new Value.NS(union(((Value.NS) existing).values(), ns.values()));
        }
        return new Value.BS(union(((Value.BS) existing).values(), ((Value.BS) operand).values()));
    }

    /** What is left of the set, or null when nothing is: an empty set is removed. */
    private static Value delete(Value existing, Value operand) {
        if (existing == null) {
            return null;
        }
        if (existing.type() != operand.type()) {
            throw wrongType();
        }
        if (operand instanceof Value.SS ss) {
            Set<String> rest = minus(((Value.SS) existing).values(), ss.values());
            return rest.isEmpty() ? null : new Value.SS(rest);
        }
        if (operand instanceof Value.NS ns) {
            Set<BigDecimal> rest = minus(((Value.NS) existing).values(), ns.values());
            return rest.isEmpty() ? null : new Value.NS(rest);
        }
        Set<Bytes> rest = minus(((Value.BS) existing).values(), ((Value.BS) operand).values());
        return rest.isEmpty() ? null : new Value.BS(rest);
    }

    private static <T> Set<T> union(Set<T> a, Set<T> b) {
        Set<T> out = new LinkedHashSet<>(a);
        out.addAll(b);
        return out;
    }

    private static <T> Set<T> minus(Set<T> a, Set<T> b) {
        Set<T> out = new LinkedHashSet<>(a);
        out.removeAll(b);
        return out;
    }

    static ApiException wrongType() {
        return ApiException.validation("An operand in the update expression has an incorrect data type");
    }
}
