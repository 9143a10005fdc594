package io.mqlengine.scoring;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The ids of every event a lead applied within the dedupe horizon, as 64-bit fingerprints grouped by the UTC day
 * they were applied on: the set that makes a redelivered or retried event change nothing, however many events came
 * in between. A day's fingerprints live on the lead item while the lead has at most {@link #INLINE_MAX} of them;
 * beyond that the oldest are moved to one overflow item per lead and day (only busy leads have any), and the day is
 * marked spilled. The caller reads a spilled day's overflow ({@link #withLoaded}) before anything is looked up, and
 * writes {@link #spill()} to the overflow items before it writes the lead.
 *
 * <p>Each day also counts the events applied on it, for the daily limit on a lead's events.
 *
 * <p>A fingerprint is 64 bits of a hash of the event id: a new event is taken for one it is not only when its
 * fingerprint equals one of the lead's few hundred at most, a chance below 1 in 10^16 per event.
 */
public final class SeenIds {
    /** Fingerprints a lead item holds before the oldest move to overflow items. */
    public static final int INLINE_MAX = 32;
    /** What a spill leaves on the lead item, so that a lead spills once per this many events, not on every write. */
    static final int INLINE_AFTER_SPILL = INLINE_MAX / 2;

    public static final SeenIds EMPTY = new SeenIds(List.of(), Map.of(), Map.of());

    /** A day's header: the day (4 bytes), events applied (2), spilled flag (1), fingerprints inline (2). */
    private static final int HEADER_BYTES = 9;
    private static final int SECONDS_PER_DAY = 86_400;

    /** One day: the events applied on it, whether some of its fingerprints are in an overflow item, those inline. */
    record Day(int day, int applied, boolean spilled, long[] ids) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Day d && d.day == day && d.applied == applied && d.spilled == spilled
                    && Arrays.equals(d.ids, ids);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(ids) * 31 + day;
        }

        @Override
        public String toString() {
            return "Day[" + day + ", applied=" + applied + (spilled ? ", spilled" : "") + ", inline=" + ids.length + "]";
        }
    }

    private final List<Day> days;
    /** Fingerprints read from the overflow items of spilled days (not part of the stored value). */
    private final Map<Integer, long[]> loaded;
    /** Fingerprints to add to the overflow items before the lead is written (not part of the stored value). */
    private final Map<Integer, long[]> spill;

    /** Fingerprints on the lead item, and whether a day is spilled: asked on every write, so counted once. */
    private final int inline;
    private final boolean anySpilled;

    private SeenIds(List<Day> days, Map<Integer, long[]> loaded, Map<Integer, long[]> spill) {
        this.days = List.copyOf(days);
        this.loaded = Map.copyOf(loaded);
        this.spill = Map.copyOf(spill);
        int n = 0;
        boolean spilled = false;
        for (Day d : this.days) {
            n += d.ids.length;
            spilled |= d.spilled;
        }
        this.inline = n;
        this.anySpilled = spilled;
    }

    /** The UTC day of {@code t}, in days since the epoch. */
    public static int day(Instant t) {
        return (int) Math.floorDiv(t.getEpochSecond(), SECONDS_PER_DAY);
    }

    /** 64 bits of the event id's hash: FNV-1a over its UTF-8 bytes, then MurmurHash3's finaliser to spread them. */
    public static long fingerprint(String eventId) {
        long h = 0xcbf29ce484222325L;
        for (byte x : eventId.getBytes(StandardCharsets.UTF_8)) {
            h ^= x & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb93fe53ae63bL;
        h ^= h >>> 33;
        return h;
    }

    /** True when the lead applied {@code eventId} within the horizon. */
    public boolean contains(String eventId) {
        return containsFingerprint(fingerprint(eventId));
    }

    /** Events applied on {@code day}, inline or spilled. */
    public int appliedOn(int day) {
        int i = indexOf(day);
        return i < 0 ? 0 : days.get(i).applied;
    }

    /** Spilled days whose overflow has not been read: {@link #contains} cannot answer until they are. */
    public Set<Integer> unloadedDays() {
        if (!anySpilled) {
            return Set.of();
        }
        Set<Integer> out = new TreeSet<>();
        days.stream().filter(d -> d.spilled && !loaded.containsKey(d.day)).forEach(d -> out.add(d.day));
        return out;
    }

    /** With the fingerprints read from the overflow items of spilled days. */
    public SeenIds withLoaded(Map<Integer, long[]> overflow) {
        Map<Integer, long[]> all = new TreeMap<>(loaded);
        for (Integer day : unloadedDays()) {
            all.put(day, overflow.getOrDefault(day, new long[0]));
        }
        return new SeenIds(days, all, spill);
    }

    /** Fingerprints to add to the lead's overflow item of each day before the lead is written. */
    public Map<Integer, long[]> spill() {
        return spill;
    }

    /** After the write: what was spilled counts as loaded, nothing is left to spill. */
    public SeenIds written() {
        if (spill.isEmpty()) {
            return this;
        }
        Map<Integer, long[]> all = new TreeMap<>(loaded);
        spill.forEach((day, ids) -> all.merge(day, ids, SeenIds::concat));
        return new SeenIds(days, all, Map.of());
    }

    /** With {@code eventId} applied on {@code day}: one {@link #adding} of one id. */
    public SeenIds with(String eventId, int day) {
        Adding a = adding(day);
        a.add(fingerprint(eventId));
        return a.done();
    }

    /** A write's new ids, collected on this set: see {@link Adding}. */
    public Adding adding(int day) {
        return new Adding(this, day);
    }

    /**
     * Collects the ids a write applies on {@code day}: each lookup against everything the lead knows is a linear scan
     * while it knows few or is asked little, else a binary search, and the set is copied once, by {@link #done()}.
     */
    public static final class Adding {
        private static final int SCAN_MAX = 64;
        private static final int SCAN_LOOKUPS = 8;

        private final SeenIds base;
        private final int day;
        private final int appliedBefore;
        private long[] added = new long[8];
        private int n;
        /** Every fingerprint the lead knows, sorted, once it knows more than a scan is worth. */
        private long[] known;
        private int lookups;

        private Adding(SeenIds base, int day) {
            this.base = base;
            this.day = day;
            this.appliedBefore = base.appliedOn(day);
        }

        /** True when the lead applied the id of fingerprint {@code fp} before, or this write did. */
        public boolean contains(long fp) {
            // a few lookups scan; many against many ids sort them once
            if (known == null && ++lookups > SCAN_LOOKUPS && base.size() > SCAN_MAX) {
                known = base.all();
                Arrays.sort(known);
            }
            if (known != null ? Arrays.binarySearch(known, fp) >= 0 : base.containsFingerprint(fp)) {
                return true;
            }
            for (int i = 0; i < n; i++) {
                if (added[i] == fp) {
                    return true;
                }
            }
            return false;
        }

        /** Events applied on the day, before this write and by it. */
        public int applied() {
            return appliedBefore + n;
        }

        public void add(long fp) {
            if (n == added.length) {
                added = Arrays.copyOf(added, n * 2);
            }
            added[n++] = fp;
        }

        /** The set with this write's ids. */
        public SeenIds done() {
            if (n == 0) {
                return base;
            }
            List<Day> next = new ArrayList<>(base.days);
            int i = base.indexOf(day);
            if (i < 0) {
                next.add(new Day(day, n, false, Arrays.copyOf(added, n)));
                next.sort((a, b) -> Integer.compare(a.day, b.day));
            } else {
                Day d = base.days.get(i);
                next.set(i, new Day(day, d.applied + n, d.spilled, concat(d.ids, Arrays.copyOf(added, n))));
            }
            return new SeenIds(next, base.loaded, base.spill);
        }
    }

    private int size() {
        int size = inlineCount();
        for (long[] ids : loaded.values()) {
            size += ids.length;
        }
        for (long[] ids : spill.values()) {
            size += ids.length;
        }
        return size;
    }

    private long[] all() {
        long[] out = new long[size()];
        int n = 0;
        for (Day d : days) {
            System.arraycopy(d.ids, 0, out, n, d.ids.length);
            n += d.ids.length;
        }
        for (long[] ids : loaded.values()) {
            System.arraycopy(ids, 0, out, n, ids.length);
            n += ids.length;
        }
        for (long[] ids : spill.values()) {
            System.arraycopy(ids, 0, out, n, ids.length);
            n += ids.length;
        }
        return out;
    }

    private boolean containsFingerprint(long fp) {
        for (Day d : days) {
            if (has(d.ids, fp) || has(loaded.get(d.day), fp) || has(spill.get(d.day), fp)) {
                return true;
            }
        }
        return false;
    }

    /** Without the days before {@code firstDay}: their events are too old to come back. */
    public SeenIds prunedBefore(int firstDay) {
        if (days.isEmpty() || days.get(0).day >= firstDay) {
            return this;
        }
        List<Day> kept = days.stream().filter(d -> d.day >= firstDay).toList();
        return new SeenIds(kept, fromDay(loaded, firstDay), fromDay(spill, firstDay));
    }

    /**
     * Both sets, for a merge: {@code other}'s fingerprints join ours day by day. Its overflow (which must be loaded)
     * is copied to ours through {@link #spill()}, since its overflow items are keyed by its own id.
     *
     * @throws IllegalStateException when {@code other} has spilled days not read yet
     */
    public SeenIds union(SeenIds other) {
        if (!other.unloadedDays().isEmpty() || !unloadedDays().isEmpty()) {
            throw new IllegalStateException("both leads' overflow must be read first: days " + unloadedDays()
                    + " and " + other.unloadedDays());
        }
        Map<Integer, Day> byDay = new TreeMap<>();
        days.forEach(d -> byDay.put(d.day, d));
        Map<Integer, long[]> moved = new TreeMap<>(spill);
        // a day spilled only by the merge: our overflow item of it holds just what the merge moves there
        Map<Integer, long[]> read = new TreeMap<>(loaded);
        for (Day o : other.days) {
            long[] overflow = concat(other.loaded.getOrDefault(o.day, new long[0]),
                    other.spill.getOrDefault(o.day, new long[0]));
            if (overflow.length > 0) {
                moved.merge(o.day, overflow, SeenIds::concat);
                read.putIfAbsent(o.day, new long[0]);
            }
            Day mine = byDay.get(o.day);
            byDay.put(o.day, mine == null
                    ? new Day(o.day, o.applied, overflow.length > 0, o.ids)
                    : new Day(o.day, mine.applied + o.applied, mine.spilled || overflow.length > 0,
                            concat(mine.ids, o.ids)));
        }
        return new SeenIds(new ArrayList<>(byDay.values()), read, moved);
    }

    /**
     * With the oldest fingerprints of {@code earlier} (those already stored before this write, so applied for sure)
     * moved to {@link #spill()} when more than {@link #INLINE_MAX} are inline, down to {@link #INLINE_AFTER_SPILL}.
     * A fingerprint of this write's own events never moves: if the write fails, the overflow must not claim them.
     */
    public SeenIds spilledBeyondLimit(SeenIds earlier) {
        int inline = inlineCount();
        if (inline <= INLINE_MAX) {
            return this;
        }
        List<Day> next = new ArrayList<>(days);
        Map<Integer, long[]> moved = new TreeMap<>(spill);
        for (int i = 0; i < next.size() && inline > INLINE_AFTER_SPILL; i++) {
            Day d = next.get(i);
            int e = earlier.indexOf(d.day);
            if (e < 0) {
                continue;
            }
            long[] old = earlier.days.get(e).ids;
            List<Long> stay = new ArrayList<>();
            List<Long> go = new ArrayList<>();
            for (long fp : d.ids) {
                if (inline > INLINE_AFTER_SPILL && has(old, fp)) {
                    go.add(fp);
                    inline--;
                } else {
                    stay.add(fp);
                }
            }
            if (!go.isEmpty()) {
                moved.merge(d.day, toArray(go), SeenIds::concat);
                next.set(i, new Day(d.day, d.applied, true, toArray(stay)));
            }
        }
        return new SeenIds(next, loaded, moved);
    }

    /** Fingerprints on the lead item. */
    public int inlineCount() {
        return inline;
    }

    /** The stored value alone: what was read from the overflow or waits to be written there left out. */
    public SeenIds stored() {
        return loaded.isEmpty() && spill.isEmpty() ? this : new SeenIds(days, Map.of(), Map.of());
    }

    /** Days with a record, oldest first. */
    public List<Integer> days() {
        return days.stream().map(Day::day).toList();
    }

    /** The stored form: per day, a header (day, events applied, spilled flag, inline count), then its fingerprints. */
    public byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(days.size() * HEADER_BYTES + inlineCount() * Long.BYTES);
        for (Day d : days) {
            b.putInt(d.day).putShort((short) Math.min(d.applied, Short.MAX_VALUE)).put((byte) (d.spilled ? 1 : 0))
                    .putShort((short) d.ids.length);
            for (long id : d.ids) {
                b.putLong(id);
            }
        }
        return b.array();
    }

    public static SeenIds fromBytes(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        List<Day> days = new ArrayList<>();
        while (b.remaining() >= HEADER_BYTES) {
            int day = b.getInt();
            int applied = b.getShort();
            boolean spilled = b.get() == 1;
            long[] ids = new long[b.getShort() & 0xffff];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = b.getLong();
            }
            days.add(new Day(day, applied, spilled, ids));
        }
        return new SeenIds(days, Map.of(), Map.of());
    }

    private int indexOf(int day) {
        for (int i = 0; i < days.size(); i++) {
            if (days.get(i).day == day) {
                return i;
            }
        }
        return -1;
    }

    private static boolean has(long[] ids, long fp) {
        if (ids != null) {
            for (long id : ids) {
                if (id == fp) {
                    return true;
                }
            }
        }
        return false;
    }

    private static long[] concat(long[] a, long[] b) {
        long[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static long[] toArray(List<Long> ids) {
        return ids.stream().mapToLong(Long::longValue).toArray();
    }

    private static Map<Integer, long[]> fromDay(Map<Integer, long[]> byDay, int firstDay) {
        Map<Integer, long[]> out = new TreeMap<>(byDay);
        out.keySet().removeIf(d -> d < firstDay);
        return Collections.unmodifiableMap(out);
    }

    /** Equal when the stored value is: overflow read or waiting to be written is not part of it. */
    @Override
    public boolean equals(Object o) {
        return o instanceof SeenIds s && s.days.equals(days);
    }

    @Override
    public int hashCode() {
        return days.hashCode();
    }

    @Override
    public String toString() {
        return "SeenIds" + days;
    }
}
