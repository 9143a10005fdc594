package io.mqlengine.emulator.dynamodb.table;

import io.mqlengine.emulator.dynamodb.value.Value;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;

/**
 * Where an item sits in a table or an index. Items are ordered as DynamoDB orders a scan: by a hash of
 * the partition key (six hex digits of MD5, as dynalite computes it, so that both scan in the same
 * order), then by partition key, then by sort key. Index entries break ties by the table key.
 */
public final class ItemKey implements Comparable<ItemKey> {
    private static final byte[] SALT = "Outliers".getBytes(StandardCharsets.US_ASCII);
    private static final HexFormat HEX = HexFormat.of();

    private final String prefix;
    private final Value hash;
    private final Value range;
    private final ItemKey tableKey;
    /** -1: before every key of the partition, +1: after every key of it, 0: a real key. */
    private final int edge;

    private ItemKey(String prefix, Value hash, Value range, ItemKey tableKey) {
        this(prefix, hash, range, tableKey, 0);
    }

    private ItemKey(String prefix, Value hash, Value range, ItemKey tableKey, int edge) {
        this.prefix = prefix;
        this.hash = hash;
        this.range = range;
        this.tableKey = tableKey;
        this.edge = edge;
    }

    /** The key of an item in a table. */
    public static ItemKey of(KeySchema schema, Map<String, Value> item) {
        Value hash = item.get(schema.hash().name());
        Value range = schema.range() == null ? null : item.get(schema.range().name());
        return new ItemKey(prefix(hash, null), hash, range, null);
    }

    /** The key of an item's entry in an index; the item must have the index's key attributes. */
    public static ItemKey ofIndex(KeySchema index, KeySchema table, Map<String, Value> item) {
        Value hash = item.get(index.hash().name());
        Value range = index.range() == null ? null : item.get(index.range().name());
        Value tableHash = item.get(table.hash().name());
        Value tableRange = table.range() == null ? null : item.get(table.range().name());
        ItemKey tie = new ItemKey(prefix(tableHash, tableRange), tableHash, tableRange, null);
        return new ItemKey(prefix(hash, null), hash, range, tie);
    }

    /** A bound before every key of a partition. */
    public static ItemKey partitionStart(Value hash) {
        return new ItemKey(prefix(hash, null), hash, null, null, -1);
    }

    /** A bound after every key of a partition. */
    public static ItemKey partitionEnd(Value hash) {
        return new ItemKey(prefix(hash, null), hash, null, null, 1);
    }

    public Value hash() {
        return hash;
    }

    public Value range() {
        return range;
    }

    /** The first three hex digits of the hash prefix, which place the key in a parallel-scan segment. */
    public int segmentBucket() {
        return Integer.parseInt(prefix.substring(0, 3), 16);
    }

    private static String prefix(Value hash, Value range) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update(SALT);
            md5.update(KeySchema.bytes(hash));
            if (range != null) {
                md5.update(KeySchema.bytes(range));
            }
            return HEX.formatHex(md5.digest(), 0, 3);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int compareTo(ItemKey o) {
        int c = prefix.compareTo(o.prefix);
        if (c != 0) {
            return c;
        }
        c = KeySchema.compare(hash, o.hash);
        if (c != 0) {
            return c;
        }
        if (edge != 0 || o.edge != 0) {
            return Integer.compare(edge, o.edge);
        }
        if (range != o.range) {
            if (range == null) {
                return -1;
            }
            if (o.range == null) {
                return 1;
            }
            c = KeySchema.compare(range, o.range);
            if (c != 0) {
                return c;
            }
        }
        if (tableKey == o.tableKey) {
            return 0;
        }
        if (tableKey == null) {
            return -1;
        }
        return o.tableKey == null ? 1 : tableKey.compareTo(o.tableKey);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ItemKey k && compareTo(k) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(prefix, hash, range, tableKey, edge);
    }

    @Override
    public String toString() {
        return prefix + "/" + hash + (range == null ? "" : "/" + range) + (tableKey == null ? "" : "/" + tableKey);
    }
}
