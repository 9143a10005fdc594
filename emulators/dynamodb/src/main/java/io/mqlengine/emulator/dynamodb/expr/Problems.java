package io.mqlengine.emulator.dynamodb.expr;

import java.util.EnumMap;
import java.util.Map;

/**
 * The semantic errors found in one expression, by kind. DynamoDB reports one error per expression, chosen by
 * kind in a fixed order (a reserved word before an undefined placeholder, for example) and, within a kind,
 * the first one found in the text; this keeps the first of each kind and reports by that order.
 */
final class Problems {
    enum Kind {
        PARENS, RESERVED, UNKNOWN_FUNCTION, MISUSED_FUNCTION, SECTION, NAME, VALUE, OVERLAP, CONFLICT, OPERAND,
        CONDITION, OPERAND_COUNT, DISTINCT, FUNCTION
    }

    /** The condition grammar's order; CONDITION stands for the first faulty comparison or function. */
    static final Kind[] CONDITION_ORDER = {
        Kind.PARENS, Kind.UNKNOWN_FUNCTION, Kind.MISUSED_FUNCTION, Kind.RESERVED, Kind.CONDITION
    };
    static final Kind[] UPDATE_ORDER = {
        Kind.RESERVED, Kind.UNKNOWN_FUNCTION, Kind.MISUSED_FUNCTION, Kind.SECTION, Kind.NAME, Kind.VALUE,
        Kind.OVERLAP, Kind.CONFLICT, Kind.OPERAND, Kind.FUNCTION
    };
    static final Kind[] PROJECTION_ORDER = {Kind.RESERVED, Kind.NAME, Kind.OVERLAP, Kind.CONFLICT};

    /** Within one comparison or function of a condition: undefined placeholders first, then operand counts... */
    private static final Kind[] WITHIN_CONDITION = {Kind.NAME, Kind.OPERAND_COUNT, Kind.DISTINCT, Kind.FUNCTION};

    private final Map<Kind, String> found = new EnumMap<>(Kind.class);

    boolean has(Kind kind) {
        return found.containsKey(kind);
    }

    /** Records a problem unless one of its kind was found earlier. */
    void add(Kind kind, String message) {
        found.putIfAbsent(kind, message);
    }

    /** Records a problem, replacing an earlier one of its kind. */
    void replace(Kind kind, String message) {
        found.put(kind, message);
    }

    /** At the end of each comparison or function of a condition: the first of them with a problem decides. */
    void endOfCondition() {
        if (has(Kind.CONDITION)) {
            return;
        }
        for (Kind kind : WITHIN_CONDITION) {
            if (has(kind)) {
                add(Kind.CONDITION, found.get(kind));
                return;
            }
        }
    }

    /** Throws the problem DynamoDB reports, if any. */
    void throwFirst(Kind[] order) {
        for (Kind kind : order) {
            if (has(kind)) {
                throw new ExpressionException(found.get(kind));
            }
        }
    }
}
