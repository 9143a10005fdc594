package io.mqlengine.service;

import io.mqlengine.scoring.LeadState;
import io.mqlengine.scoring.Outcome;
import io.mqlengine.store.IdentityLink;
import io.mqlengine.store.InMemoryLeadStore;
import io.mqlengine.store.LeadKey;
import io.mqlengine.store.LeadStore;
import io.mqlengine.store.Stored;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The in-memory lead store with a review index, for a replay: {@link InMemoryLeadStore} finds due leads by looking at
 * every lead, which a replay calling the sweep thousands of times cannot afford. Remembers the leads written since
 * {@link #drainWritten()}, so the replay hands off only those. One thread at a time.
 */
final class ReplayLeadStore implements LeadStore {
    private record Due(Instant at, LeadKey key) {
    }

    private static final Comparator<Due> ORDER = Comparator.comparing(Due::at)
            .thenComparing(d -> d.key().anonymous()).thenComparing(d -> d.key().id());

    private final InMemoryLeadStore leads = new InMemoryLeadStore();
    private final TreeSet<Due> index = new TreeSet<>(ORDER);
    private final Map<LeadKey, Instant> reviewAt = new HashMap<>();
    private final Set<LeadKey> written = new LinkedHashSet<>();

    @Override
    public Map<LeadKey, Stored> load(Collection<LeadKey> keys, boolean consistent) {
        return leads.load(keys, consistent);
    }

    @Override
    public Map<Integer, long[]> loadOverflow(LeadKey lead, Set<Integer> days) {
        return leads.loadOverflow(lead, days);
    }

    @Override
    public void write(LeadKey key, Outcome outcome, List<IdentityLink> links, Instant now) {
        leads.write(key, outcome, links, now);
        reindex(key, outcome.state().reviewAt());
        for (IdentityLink link : links) {
            // the anonymous lead is now an alias of the lead: nothing there to review
            reindex(LeadKey.anonymous(link.anonymousId()), null);
        }
        written.add(key);
    }

    @Override
    public void tombstone(LeadKey key, Stored expected, Instant erasedAt, Instant expiresAt) {
        leads.tombstone(key, expected, erasedAt, expiresAt);
        reindex(key, null);
    }

    @Override
    public void deleteOverflow(LeadKey key, Collection<Integer> days) {
        leads.deleteOverflow(key, days);
    }

    /** Every due lead in one page: the replay's sweep has no time limit to page against. */
    @Override
    public DuePage due(Instant now, int limit, String cursor) {
        List<LeadKey> keys = new ArrayList<>();
        for (Due d : index) {
            if (d.at().isAfter(now)) {
                break;
            }
            keys.add(d.key());
        }
        return new DuePage(keys, null);
    }

    @Override
    public boolean markHandedOff(String leadId, int qualification, Instant now) {
        return leads.markHandedOff(leadId, qualification, now);
    }

    /** The earliest review time of any lead, or null when none is scheduled. */
    Instant nextReview() {
        return index.isEmpty() ? null : index.first().at();
    }

    /** The leads written since the last call, in the order first written. */
    List<LeadKey> drainWritten() {
        List<LeadKey> out = new ArrayList<>(written);
        written.clear();
        return out;
    }

    /** The lead held at {@code key}, or null. */
    LeadState lead(LeadKey key) {
        return leads.load(List.of(key), false).get(key) instanceof Stored.Lead p ? p.state() : null;
    }

    /** The ids of the leads with an email held. */
    Set<String> knownLeads() {
        Set<String> ids = new java.util.HashSet<>();
        leads.all().values().forEach(s -> {
            if (s instanceof Stored.Lead p && !p.state().anonymous()) {
                ids.add(p.state().id());
            }
        });
        return ids;
    }

    private void reindex(LeadKey key, Instant at) {
        Instant old = at == null ? reviewAt.remove(key) : reviewAt.put(key, at);
        if (old != null) {
            index.remove(new Due(old, key));
        }
        if (at != null) {
            index.add(new Due(at, key));
        }
    }
}
