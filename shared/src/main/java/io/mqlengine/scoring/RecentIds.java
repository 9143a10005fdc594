package io.mqlengine.scoring;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Fingerprints (64-bit) of the most recent event ids a profile has applied, oldest first, at most
 * {@link #CAPACITY}: the dedupe set that makes redelivered events change nothing. Stored as 8 bytes each.
 */
public final class RecentIds {
    public static final int CAPACITY = 32;
    public static final RecentIds EMPTY = new RecentIds(new long[0]);

    private final long[] ids;

    private RecentIds(long[] ids) {
        this.ids = ids;
    }

    public static RecentIds fromBytes(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        long[] ids = new long[bytes.length / 8];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = b.getLong();
        }
        return new RecentIds(ids);
    }

    public byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(ids.length * 8);
        for (long id : ids) {
            b.putLong(id);
        }
        return b.array();
    }

    /** 64-bit FNV-1a of the UTF-8 bytes of the event id. */
    public static long fingerprint(String eventId) {
        long h = 0xcbf29ce484222325L;
        for (byte x : eventId.getBytes(StandardCharsets.UTF_8)) {
            h ^= x & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    public boolean contains(String eventId) {
        return contains(fingerprint(eventId));
    }

    public boolean contains(long fp) {
        for (long id : ids) {
            if (id == fp) {
                return true;
            }
        }
        return false;
    }

    /** With {@code eventId} added as the newest, the oldest dropped beyond capacity. */
    public RecentIds with(String eventId) {
        long fp = fingerprint(eventId);
        if (contains(fp)) {
            return this;
        }
        int keep = Math.min(ids.length, CAPACITY - 1);
        long[] next = new long[keep + 1];
        System.arraycopy(ids, ids.length - keep, next, 0, keep);
        next[keep] = fp;
        return new RecentIds(next);
    }

    /** Both sets, ours first, capped to the newest {@link #CAPACITY}. */
    public RecentIds union(RecentIds other) {
        long[] all = Arrays.copyOf(ids, ids.length + other.ids.length);
        int n = ids.length;
        for (long fp : other.ids) {
            if (!contains(fp)) {
                all[n++] = fp;
            }
        }
        int from = Math.max(0, n - CAPACITY);
        return new RecentIds(Arrays.copyOfRange(all, from, n));
    }

    public int size() {
        return ids.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecentIds r && Arrays.equals(ids, r.ids);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ids);
    }

    @Override
    public String toString() {
        return "RecentIds" + Arrays.toString(ids);
    }
}
