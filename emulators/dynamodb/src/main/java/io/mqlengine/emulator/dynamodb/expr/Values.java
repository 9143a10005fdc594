package io.mqlengine.emulator.dynamodb.expr;

import io.mqlengine.emulator.dynamodb.value.ItemSize;
import io.mqlengine.emulator.dynamodb.value.Numbers;
import io.mqlengine.emulator.dynamodb.value.Value;
import io.mqlengine.emulator.dynamodb.value.ValueOrder;

/**
 * How expressions compare and inspect attribute values: numbers by value, strings by UTF-8 bytes (the same
 * order as code points), binary as unsigned bytes; values of different types are never ordered.
 */
final class Values {
    private Values() {
    }

    /** Whether values of this type have an order ({@code <}, BETWEEN): N, S and B. */
    static boolean orderable(Value.Type type) {
        return type == Value.Type.N || type == Value.Type.S || type == Value.Type.B;
    }

    /** The order of {@code a} against {@code b}, or null when either is missing or they cannot be ordered. */
    static Integer compare(Value a, Value b) {
        return ValueOrder.compare(a, b);
    }

    static boolean equal(Value a, Value b) {
        return a != null && a.equals(b);
    }

    /** {@code begins_with}: a string or binary prefix of the same type. */
    static boolean beginsWith(Value v, Value prefix) {
        if (v instanceof Value.S s && prefix instanceof Value.S p) {
            return s.value().startsWith(p.value());
        }
        if (v instanceof Value.B b && prefix instanceof Value.B p) {
            return b.value().startsWith(p.value());
        }
        return false;
    }

    /** {@code contains}: a substring, a member of a set, or an element of a list. */
    static boolean contains(Value v, Value part) {
        if (v == null || part == null) {
            return false;
        }
        if (v instanceof Value.S s) {
            return part instanceof Value.S p && s.value().contains(p.value());
        }
        if (v instanceof Value.B b) {
            return part instanceof Value.B p && b.value().contains(p.value());
        }
        if (v instanceof Value.SS ss) {
            return part instanceof Value.S p && ss.values().contains(p.value());
        }
        if (v instanceof Value.NS ns) {
            return part instanceof Value.N p && ns.values().contains(p.value());
        }
        if (v instanceof Value.BS bs) {
            return part instanceof Value.B p && bs.values().contains(p.value());
        }
        return v instanceof Value.L l && l.values().contains(part);
    }

    /** {@code size}: bytes of a string or binary, members of a set, list or map; null for other types. */
    static Value size(Value v) {
        long size;
        if (v instanceof Value.S s) {
            size = ItemSize.utf8(s.value());
        } else if (v instanceof Value.B b) {
            size = b.value().length();
        } else if (v instanceof Value.SS ss) {
            size = ss.values().size();
        } else if (v instanceof Value.NS ns) {
            size = ns.values().size();
        } else if (v instanceof Value.BS bs) {
            size = bs.values().size();
        } else if (v instanceof Value.L l) {
            size = l.values().size();
        } else if (v instanceof Value.M m) {
            size = m.values().size();
        } else {
            return null;
        }
        return Value.N.of(size);
    }

    /** The type as the update grammar names it in ADD and DELETE errors: STRING, NUMBER, ...; null for sets. */
    static String longName(Value.Type type) {
        switch (type) {
            case S:
                return "STRING";
            case N:
                return "NUMBER";
            case B:
                return "BINARY";
            case NULL:
                return "NULL";
            case BOOL:
                return "BOOLEAN";
            case L:
                return "LIST";
            case M:
                return "MAP";
            default:
                return null;
        }
    }

    /** A scalar as DynamoDB quotes it in BETWEEN errors: {@code {N:1}}, {@code {S:a}}. */
    static String quote(Value v) {
        String text;
        if (v instanceof Value.S s) {
            text = s.value();
        } else if (v instanceof Value.N n) {
            text = Numbers.format(n.value());
        } else if (v instanceof Value.B b) {
            text = b.value().base64();
        } else {
            text = String.valueOf(v);
        }
        return "{" + v.type() + ":" + text + "}";
    }
}
