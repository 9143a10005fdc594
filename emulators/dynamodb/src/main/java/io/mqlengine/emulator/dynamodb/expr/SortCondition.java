package io.mqlengine.emulator.dynamodb.expr;

import io.mqlengine.emulator.dynamodb.value.Value;

/** The condition of a Query on the sort key; {@code second} is the upper bound of BETWEEN, null otherwise. */
public record SortCondition(Op op, Value first, Value second) {
    /** The operators a key condition allows on a sort key. */
    public enum Op { EQ, LT, LE, GT, GE, BETWEEN, BEGINS_WITH }

    /** Whether a sort key value satisfies this condition. */
    public boolean matches(Value sortValue) {
        if (op == Op.BEGINS_WITH) {
            return Values.beginsWith(sortValue, first);
        }
        Integer c = Values.compare(sortValue, first);
        if (c == null) {
            return false;
        }
        switch (op) {
            case EQ:
                return c == 0;
            case LT:
                return c < 0;
            case LE:
                return c <= 0;
            case GT:
                return c > 0;
            case GE:
                return c >= 0;
            default:
                Integer h = Values.compare(sortValue, second);
                return c >= 0 && h != null && h <= 0;
        }
    }
}
