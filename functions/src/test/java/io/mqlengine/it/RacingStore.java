package io.mqlengine.it;

import io.mqlengine.scoring.LeadState;
import io.mqlengine.scoring.Outcome;
import io.mqlengine.store.IdentityLink;
import io.mqlengine.store.LeadKey;
import io.mqlengine.store.LeadStore;
import io.mqlengine.store.Stored;
import io.mqlengine.store.VersionConflictException;
import io.mqlengine.testing.DelegatingStore;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A store for one racer: its first read of due leads (the review index), and its first batch read of whole leads,
 * each wait until the other racer has read too; it counts lost writes.
 */
final class RacingStore extends DelegatingStore {
    private final CyclicBarrier bothRead;
    private final AtomicInteger conflicts;
    private boolean first = true;
    private boolean firstDue = true;

    RacingStore(LeadStore delegate, CyclicBarrier bothRead, AtomicInteger conflicts) {
        super(delegate);
        this.bothRead = bothRead;
        this.conflicts = conflicts;
    }

    @Override
    public DuePage due(Instant now, int limit, String cursor) {
        DuePage page = super.due(now, limit, cursor);
        if (firstDue) {
            firstDue = false;
            DelegatingStore.await(bothRead);
        }
        return page;
    }

    @Override
    public Map<LeadKey, Stored> load(Collection<LeadKey> keys, boolean consistent) {
        Map<LeadKey, Stored> read = super.load(keys, consistent);
        // a consistent read is the re-read after a lost write, which the other racer may never make
        if (first && !consistent) {
            first = false;
            DelegatingStore.await(bothRead);
        }
        return read;
    }

    @Override
    public void writeReview(LeadKey key, LeadState read, Outcome outcome, Instant now) {
        try {
            super.writeReview(key, read, outcome, now);
        } catch (VersionConflictException e) {
            conflicts.incrementAndGet();
            throw e;
        }
    }

    @Override
    public void write(LeadKey key, Outcome outcome, List<IdentityLink> links, Instant now) {
        try {
            super.write(key, outcome, links, now);
        } catch (VersionConflictException e) {
            conflicts.incrementAndGet();
            throw e;
        }
    }
}
