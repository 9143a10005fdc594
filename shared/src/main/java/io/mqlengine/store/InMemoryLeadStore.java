package io.mqlengine.store;

import io.mqlengine.scoring.LeadState;
import io.mqlengine.scoring.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link LeadStore} in memory with the same conditional semantics as the DynamoDB one: for domain tests,
 * journeys and the in-process scoring benchmark. Thread-safe.
 */
public final class InMemoryLeadStore implements LeadStore {
    private final Map<LeadKey, Stored> items = new ConcurrentHashMap<>();
    /** Each lead's overflow items: per day, the event-id fingerprints, sorted and distinct. */
    private final Map<LeadKey, Map<Integer, long[]>> overflow = new ConcurrentHashMap<>();
    private int writes;

    @Override
    public Map<LeadKey, Stored> load(Collection<LeadKey> keys, boolean consistent) {
        Map<LeadKey, Stored> out = new HashMap<>();
        for (LeadKey k : keys) {
            Stored s = items.get(k);
            if (s != null) {
                out.put(k, s);
            }
        }
        return out;
    }

    @Override
    public synchronized Map<Integer, long[]> loadOverflow(LeadKey lead, Set<Integer> days) {
        Map<Integer, long[]> out = new HashMap<>();
        Map<Integer, long[]> held = overflow.getOrDefault(lead, Map.of());
        for (Integer day : days) {
            long[] ids = held.get(day);
            if (ids != null) {
                out.put(day, ids.clone());
            }
        }
        return out;
    }

    @Override
    public synchronized void write(LeadKey key, Outcome outcome, List<IdentityLink> links, Instant now) {
        long expected = outcome.change().expectedVersion();
        Stored current = items.get(key);
        long actual = current instanceof Stored.Lead p ? p.state().version() : 0;
        if (!(current == null || current instanceof Stored.Lead) || actual != expected) {
            throw new VersionConflictException(key, "expected version " + expected + ", found " + actual);
        }
        for (IdentityLink link : links) {
            LeadKey anon = LeadKey.anonymous(link.anonymousId());
            if (!Objects.equals(items.get(anon), link.before())) {
                throw new VersionConflictException(anon, "changed since it was read");
            }
        }
        outcome.state().seen().spill().forEach((day, ids) -> overflow.computeIfAbsent(key, k -> new ConcurrentHashMap<>())
                .merge(day, distinctSorted(ids), InMemoryLeadStore::union));
        // kept as DynamoDB keeps it: what was read or spilled is not part of the stored lead
        LeadState next = outcome.state().withSeen(outcome.state().seen().stored());
        if (current instanceof Stored.Lead p && p.state().handedOff() > next.handedOff()) {
            next = next.toBuilder().handedOff(p.state().handedOff()).build();
        }
        items.put(key, new Stored.Lead(next));
        for (IdentityLink link : links) {
            long v = link.before() instanceof Stored.Alias a ? a.version() + 1
                    : link.before() instanceof Stored.Lead p ? p.state().version() + 1 : 1;
            items.put(LeadKey.anonymous(link.anonymousId()), new Stored.Alias(link.anonymousId(), key.id(), v));
        }
        writes++;
    }

    @Override
    public synchronized void tombstone(LeadKey key, Stored expected, Instant erasedAt, Instant expiresAt) {
        Stored current = items.get(key);
        if (current instanceof Stored.Erased) {
            return;
        }
        if (!Objects.equals(current, expected)) {
            throw new VersionConflictException(key, "changed since it was read for erasure");
        }
        items.put(key, new Stored.Erased(key, erasedAt, expiresAt));
    }

    @Override
    public synchronized void deleteOverflow(LeadKey key, Collection<Integer> days) {
        Map<Integer, long[]> held = overflow.get(key);
        if (held != null) {
            days.forEach(held::remove);
        }
    }

    @Override
    public synchronized DuePage due(Instant now, int limit, String cursor) {
        Comparator<LeadState> order = Comparator.comparing(LeadState::reviewAt).thenComparing(LeadState::id);
        List<LeadState> due = new ArrayList<>();
        for (Stored s : items.values()) {
            if (s instanceof Stored.Lead p && p.state().reviewAt() != null && !p.state().reviewAt().isAfter(now)
                    && (cursor == null || cursorKey(p.state()).compareTo(cursor) > 0)) {
                due.add(p.state());
            }
        }
        due.sort(order);
        List<LeadState> page = due.subList(0, Math.min(limit, due.size()));
        String next = due.size() > limit ? cursorKey(page.get(page.size() - 1)) : null;
        return new DuePage(page.stream().map(st -> new LeadKey(st.anonymous(), st.id())).toList(), next);
    }

    /** Orders like the review index: by review time, then id. */
    private static String cursorKey(LeadState s) {
        return String.format("%020d|%s", s.reviewAt().toEpochMilli(), s.id());
    }

    @Override
    public synchronized boolean markHandedOff(String leadId, int qualification, Instant now) {
        LeadKey key = LeadKey.lead(leadId);
        if (items.get(key) instanceof Stored.Lead p && p.state().handoffPending()
                && p.state().qualifications() == qualification) {
            items.put(key, new Stored.Lead(p.state().toBuilder().handedOff(qualification).build()));
            return true;
        }
        return false;
    }

    /** Every lead held, for assertions. */
    public Map<LeadKey, Stored> all() {
        return Map.copyOf(items);
    }

    /** Number of successful writes, for assertions. */
    public synchronized int writes() {
        return writes;
    }

    private static long[] distinctSorted(long[] ids) {
        long[] sorted = ids.clone();
        Arrays.sort(sorted);
        int n = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (n == 0 || sorted[i] != sorted[n - 1]) {
                sorted[n++] = sorted[i];
            }
        }
        return n == sorted.length ? sorted : Arrays.copyOf(sorted, n);
    }

    /** The sorted union of two sorted, distinct arrays. */
    static long[] union(long[] a, long[] b) {
        long[] out = new long[a.length + b.length];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < a.length || j < b.length) {
            long next = j == b.length || i < a.length && a[i] <= b[j] ? a[i] : b[j];
            if (i < a.length && a[i] == next) {
                i++;
            }
            if (j < b.length && b[j] == next) {
                j++;
            }
            out[n++] = next;
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }
}
