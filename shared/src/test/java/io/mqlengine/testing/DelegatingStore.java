package io.mqlengine.testing;

import io.mqlengine.scoring.LeadState;
import io.mqlengine.scoring.Outcome;
import io.mqlengine.store.IdentityLink;
import io.mqlengine.store.LeadStore;
import io.mqlengine.store.LeadKey;
import io.mqlengine.store.Stored;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

/** A real store with one step overridden by a test: to pause at a read, or to die at a write. */
public class DelegatingStore implements LeadStore {
    private final LeadStore delegate;

    public DelegatingStore(LeadStore delegate) {
        this.delegate = delegate;
    }

    public static void await(CyclicBarrier barrier) {
        try {
            barrier.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the other racer never read", e);
        }
    }

    @Override
    public Map<LeadKey, Stored> load(Collection<LeadKey> keys, boolean consistent) {
        return delegate.load(keys, consistent);
    }

    @Override
    public Map<Integer, long[]> loadOverflow(LeadKey lead, Set<Integer> days) {
        return delegate.loadOverflow(lead, days);
    }

    @Override
    public void write(LeadKey key, Outcome outcome, List<IdentityLink> links, Instant now) {
        delegate.write(key, outcome, links, now);
    }

    @Override
    public void writeReview(LeadKey key, LeadState read, Outcome outcome, Instant now) {
        delegate.writeReview(key, read, outcome, now);
    }

    @Override
    public DuePage due(Instant now, int limit, String cursor) {
        return delegate.due(now, limit, cursor);
    }

    @Override
    public boolean markHandedOff(String leadId, int qualification, Instant now) {
        return delegate.markHandedOff(leadId, qualification, now);
    }

    @Override
    public void tombstone(LeadKey key, Stored expected, Instant erasedAt, Instant expiresAt) {
        delegate.tombstone(key, expected, erasedAt, expiresAt);
    }

    @Override
    public void deleteOverflow(LeadKey key, Collection<Integer> days) {
        delegate.deleteOverflow(key, days);
    }
}
