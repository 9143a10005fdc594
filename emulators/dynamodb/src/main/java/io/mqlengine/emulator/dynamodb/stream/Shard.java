package io.mqlengine.emulator.dynamodb.stream;

import java.util.ArrayList;
import java.util.List;

/**
 * A stream shard: records in sequence order, the oldest trimmed away after the retention period. A
 * closed shard (its table or stream gone) has an ending sequence number and takes no more records.
 */
public final class Shard {
    private final String id;
    private final long startingSequence;
    private final List<StreamRecord> records = new ArrayList<>();
    private long trimmedThrough;
    private Long endingSequence;

    public Shard(String id, long startingSequence) {
        this.id = id;
        this.startingSequence = startingSequence;
        this.trimmedThrough = startingSequence - 1;
    }

    public String id() {
        return id;
    }

    public long startingSequence() {
        return startingSequence;
    }

    public Long endingSequence() {
        return endingSequence;
    }

    public boolean closed() {
        return endingSequence != null;
    }

    /** The highest sequence number trimmed away; records at or below it are gone. */
    public long trimmedThrough() {
        return trimmedThrough;
    }

    public List<StreamRecord> records() {
        return records;
    }

    public void append(StreamRecord r) {
        records.add(r);
    }

    /** Closes the shard after its last record (or at {@code nextSequence - 1} when it has none). */
    public void close(long nextSequence) {
        if (endingSequence == null) {
            endingSequence = records.isEmpty() ? Math.max(startingSequence, nextSequence - 1)
                    : records.get(records.size() - 1).sequence();
        }
    }

    /** Restores a closed shard's end when loading a snapshot. */
    public void restoreEnd(Long ending, long trimmed) {
        this.endingSequence = ending;
        this.trimmedThrough = Math.max(this.trimmedThrough, trimmed);
    }

    /**
     * The highest sequence number gone once records written before {@code cutoffWallMillis} count as trimmed,
     * whether or not they were removed yet (readers, under the read lock, only look).
     */
    public long trimmedThrough(long cutoffWallMillis) {
        long through = trimmedThrough;
        for (StreamRecord r : records) {
            if (r.wallMillis() >= cutoffWallMillis) {
                break;
            }
            through = r.sequence();
        }
        return through;
    }

    /** Drops records written before {@code cutoffWallMillis}. */
    public void trim(long cutoffWallMillis) {
        int n = 0;
        while (n < records.size() && records.get(n).wallMillis() < cutoffWallMillis) {
            n++;
        }
        if (n > 0) {
            trimmedThrough = records.get(n - 1).sequence();
            records.subList(0, n).clear();
        }
    }

    /** Index of the first record with a sequence number at or above {@code sequence}. */
    public int indexAtOrAfter(long sequence) {
        int lo = 0;
        int hi = records.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (records.get(mid).sequence() < sequence) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Records from {@code sequence} on, at most {@code limit}. */
    public List<StreamRecord> from(long sequence, int limit) {
        int from = indexAtOrAfter(sequence);
        return new ArrayList<>(records.subList(from, Math.min(records.size(), from + limit)));
    }
}
