package io.mqlengine.emulator.dynamodb.expr;

import io.mqlengine.emulator.dynamodb.value.Value;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The compiled forms of conditions, evaluated as DynamoDB does: a missing attribute never compares true. */
final class Conditions {
    private Conditions() {
    }

    record And(Condition left, Condition right) implements Condition {
        @Override
        public boolean test(Map<String, Value> item) {
            return left.test(item) && right.test(item);
        }
    }

    record Or(Condition left, Condition right) implements Condition {
        @Override
        public boolean test(Map<String, Value> item) {
            return left.test(item) || right.test(item);
        }
    }

    record Not(Condition inner) implements Condition {
        @Override
        public boolean test(Map<String, Value> item) {
            return !inner.test(item);
        }
    }

    /** {@code a = b}, {@code a <> b}, {@code a < b} and the other comparators. */
    record Comparison(String op, Operand left, Operand right) implements Condition {
        @Override
        public boolean test(Map<String, Value> item) {
            Value a = left.read(item);
            Value b = right.read(item);
            if (op.equals("=")) {
                return Values.equal(a, b);
            }
            if (op.equals("<>")) {
                return !Values.equal(a, b);
            }
            Integer c = Values.compare(a, b);
            if (c == null) {
                return false;
            }
            switch (op) {
                case "<":
                    return c < 0;
                case "<=":
                    return c <= 0;
                case ">":
                    return c > 0;
                default:
                    return c >= 0;
            }
        }
    }

    record Between(Operand subject, Operand low, Operand high) implements Condition {
        @Override
        public boolean test(Map<String, Value> item) {
            Value v = subject.read(item);
            Integer overLow = Values.compare(v, low.read(item));
            Integer underHigh = Values.compare(v, high.read(item));
            return overLow != null && underHigh != null && overLow >= 0 && underHigh <= 0;
        }
    }

    record In(Operand subject, List<Operand> candidates) implements Condition {
        In {
            candidates = List.copyOf(candidates);
        }

        @Override
        public boolean test(Map<String, Value> item) {
            Value v = subject.read(item);
            return v != null && candidates.stream().anyMatch(c -> v.equals(c.read(item)));
        }
    }

    /** attribute_exists, attribute_not_exists, attribute_type, begins_with and contains. */
    record Function(String name, List<Operand> args) implements Condition {
        Function {
            args = List.copyOf(args);
        }

        @Override
        public boolean test(Map<String, Value> item) {
            Value first = args.get(0).read(item);
            switch (name) {
                case "attribute_exists":
                    return first != null;
                case "attribute_not_exists":
                    return first == null;
                case "attribute_type":
                    return first != null && args.get(1).read(item) instanceof Value.S type
                            && first.type().name().equals(type.value());
                case "begins_with":
                    return Values.beginsWith(first, args.get(1).read(item));
                default:
                    return Values.contains(first, args.get(1).read(item));
            }
        }
    }

    /** The root of a compiled expression, with the facts the engine checks against its key schema. */
    record Compiled(Condition root, Set<String> nestedPathHeads, Set<String> pathHeads) implements Condition {
        Compiled {
            nestedPathHeads = Set.copyOf(nestedPathHeads);
            pathHeads = Set.copyOf(pathHeads);
        }

        @Override
        public boolean test(Map<String, Value> item) {
            return root.test(item);
        }
    }
}
