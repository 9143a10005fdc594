package io.mqlengine.scoring;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Fingerprints (48-bit) of the most recent event ids a lead has applied, oldest first, at most
 * {@link #CAPACITY}: the dedupe set that makes redelivered events change nothing. Stored as 6 bytes each;
 * the chance that a new event is taken for one of 32 others is about 1 in 10^13.
 */
public final class RecentIds {
    public static final int CAPACITY = 32;
    public static final RecentIds EMPTY = new RecentIds(new long[0]);

    private final long[] ids;

    private RecentIds(long[] ids) {
        this.ids = ids;
    }

    static final int BYTES = 6;

    public static RecentIds fromBytes(byte[] bytes) {
        long[] ids = new long[bytes.length / BYTES];
        for (int i = 0; i < ids.length; i++) {
            long v = 0;
            for (int j = 0; j < BYTES; j++) {
                v = (v << 8) | (bytes[i * BYTES + j] & 0xff);
            }
            ids[i] = v;
        }
        return new RecentIds(ids);
    }

    public byte[] toBytes() {
        byte[] out = new byte[ids.length * BYTES];
        for (int i = 0; i < ids.length; i++) {
            for (int j = 0; j < BYTES; j++) {
                out[i * BYTES + j] = (byte) (ids[i] >>> (8 * (BYTES - 1 - j)));
            }
        }
        return out;
    }

    /** The low 48 bits of the 64-bit FNV-1a hash of the UTF-8 bytes of the event id. */
    public static long fingerprint(String eventId) {
        long h = 0xcbf29ce484222325L;
        for (byte x : eventId.getBytes(StandardCharsets.UTF_8)) {
            h ^= x & 0xff;
            h *= 0x100000001b3L;
        }
        return h & 0xFFFF_FFFF_FFFFL;
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

    /** Both sets, ours first (so ours are dropped first), capped to the newest {@link #CAPACITY}. */
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
