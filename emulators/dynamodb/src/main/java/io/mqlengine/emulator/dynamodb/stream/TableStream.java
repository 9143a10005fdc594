package io.mqlengine.emulator.dynamodb.stream;

import io.mqlengine.emulator.dynamodb.table.KeySchema;
import java.time.Instant;

/**
 * One stream of one table (a table gets a new stream, with a new label and ARN, each time streaming
 * is turned on). A single shard holds its records; a stream stays readable for the retention period
 * after its table is deleted.
 */
public final class TableStream {
    private final String arn;
    private final String label;
    private final String tableName;
    private final KeySchema key;
    private final String viewType;
    private final Instant created;
    private final Shard shard;
    private boolean enabled = true;
    private long disabledAtWallMillis;

    public TableStream(String arn, String label, String tableName, KeySchema key, String viewType, Instant created,
                       Shard shard) {
        this.arn = arn;
        this.label = label;
        this.tableName = tableName;
        this.key = key;
        this.viewType = viewType;
        this.created = created;
        this.shard = shard;
    }

    public String arn() {
        return arn;
    }

    public String label() {
        return label;
    }

    public String tableName() {
        return tableName;
    }

    public KeySchema key() {
        return key;
    }

    public String viewType() {
        return viewType;
    }

    public Instant created() {
        return created;
    }

    public Shard shard() {
        return shard;
    }

    public boolean enabled() {
        return enabled;
    }

    public long disabledAtWallMillis() {
        return disabledAtWallMillis;
    }

    /** Restores a disabled stream from a snapshot (its shard's end is restored with the shard). */
    public void restoreDisabled(long wallMillis) {
        enabled = false;
        disabledAtWallMillis = wallMillis;
    }

    /** The table was deleted: no more records; readable until retention passes. */
    public void disable(long nextSequence, long wallMillis) {
        enabled = false;
        disabledAtWallMillis = wallMillis;
        shard.close(nextSequence);
    }
}
