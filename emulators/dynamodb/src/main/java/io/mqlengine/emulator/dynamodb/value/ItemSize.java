package io.mqlengine.emulator.dynamodb.value;

import java.math.BigDecimal;
import java.util.Map;

/**
 * Item sizes by DynamoDB's documented rules: attribute names and strings by their UTF-8 length, binary
 * by its length, a number by about half its significant digits plus one, one byte for a null or a
 * boolean, three bytes plus one per element for a list or a map. Capacity units and the 400 KB item
 * limit are computed from these sizes.
 */
public final class ItemSize {
    public static final int MAX_ITEM_BYTES = 400 * 1024;

    private ItemSize() {
    }

    public static int of(Map<String, Value> item) {
        if (item == null) {
            return 0;
        }
        return item instanceof StoredItem stored ? stored.bytes() : attributes(item);
    }

    static int attributes(Map<String, Value> item) {
        int size = 0;
        for (Map.Entry<String, Value> e : item.entrySet()) {
            size += utf8(e.getKey()) + of(e.getValue());
        }
        return size;
    }

    public static int of(Value value) {
        if (value instanceof Value.S s) {
            return utf8(s.value());
        }
        if (value instanceof Value.N n) {
            return number(n.value());
        }
        if (value instanceof Value.B b) {
            return b.value().length();
        }
        if (value instanceof Value.Bool || value instanceof Value.Null) {
            return 1;
        }
        if (value instanceof Value.SS ss) {
            return ss.values().stream().mapToInt(ItemSize::utf8).sum();
        }
        if (value instanceof Value.NS ns) {
            return ns.values().stream().mapToInt(ItemSize::number).sum();
        }
        if (value instanceof Value.BS bs) {
            return bs.values().stream().mapToInt(Bytes::length).sum();
        }
        if (value instanceof Value.L l) {
            return 3 + l.values().stream().mapToInt(v -> 1 + of(v)).sum();
        }
        Value.M m = (Value.M) value;
        return 3 + m.values().size() + of(m.values());
    }

    public static int utf8(String s) {
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /**
     * One byte of exponent, the significant digits two to a byte (a lone leading digit when the digits
     * and the exponent do not pair up costs one more), and one byte for the sign of a negative number.
     */
    static int number(BigDecimal value) {
        if (value.signum() == 0) {
            return 1;
        }
        BigDecimal n = value.stripTrailingZeros();
        int digits = n.precision();
        int exponent = n.precision() - n.scale() - 1;
        boolean unpaired = digits % 2 == 0 && exponent % 2 == 0;
        return 1 + (digits + 1) / 2 + (unpaired ? 1 : 0) + (n.signum() < 0 ? 1 : 0);
    }

    /**
     * The size an item counts for toward a Query or Scan page's 1 MB, by the stored-size model dynalite
     * calibrated against DynamoDB (names cost a byte, values carry a small header, plus per-item overhead),
     * so that pages break where dynalite's do.
     */
    public static int pageSize(Map<String, Value> item, String rangeKey) {
        int rangeKeySize = 0;
        int size = 0;
        for (Map.Entry<String, Value> e : item.entrySet()) {
            boolean isRange = e.getKey().equals(rangeKey);
            int s = stored(e.getValue(), !isRange);
            if (isRange) {
                rangeKeySize = s;
            } else {
                size += s + 1;
            }
        }
        return 2 + size + (1 + (1 + size) / 3072) * (18 + rangeKeySize);
    }

    private static int stored(Value v, boolean compress) {
        int size = compressed(v, compress);
        if (!compress) {
            return size;
        }
        if (v instanceof Value.S) {
            return size + (size < 128 ? 1 : size < 16384 ? 2 : 3);
        }
        if (v instanceof Value.B || v instanceof Value.N) {
            return size + 1;
        }
        if (v instanceof Value.SS ss) {
            return size + ss.values().size() + 1;
        }
        if (v instanceof Value.NS ns) {
            return size + ns.values().size() + 1;
        }
        if (v instanceof Value.BS bs) {
            return size + bs.values().size() + 1;
        }
        if (v instanceof Value.Null) {
            return 0;
        }
        if (v instanceof Value.Bool) {
            return 1;
        }
        return size;
    }

    private static int compressed(Value v, boolean compress) {
        if (v instanceof Value.S s) {
            return s.value().length();
        }
        if (v instanceof Value.SS ss) {
            return ss.values().stream().mapToInt(String::length).sum();
        }
        if (v instanceof Value.L l) {
            return 3 + l.values().stream().mapToInt(e -> 1 + stored(e, compress)).sum();
        }
        if (v instanceof Value.M m) {
            int inner = 0;
            for (Map.Entry<String, Value> e : m.values().entrySet()) {
                inner += stored(e.getValue(), compress) + (compress ? 1 : e.getKey().length());
            }
            return 3 + m.values().size() + inner;
        }
        return of(v);
    }

    /** Write units for an item of {@code bytes}: one per started kilobyte, at least one. */
    public static int writeUnits(int bytes) {
        return Math.max(1, (bytes + 1023) / 1024);
    }

    /** Strongly consistent read units for {@code bytes}: one per started 4 KB, at least one. */
    public static int readUnits(int bytes) {
        return Math.max(1, (bytes + 4095) / 4096);
    }
}
