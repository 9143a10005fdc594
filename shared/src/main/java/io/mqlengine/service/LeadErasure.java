package io.mqlengine.service;

import io.mqlengine.observe.Log;
import io.mqlengine.scoring.LeadScorer;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.store.LeadKey;
import io.mqlengine.store.LeadStore;
import io.mqlengine.store.Stored;
import io.mqlengine.store.VersionConflictException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Erases a person: their lead item, the aliases it holds ({@code ma}, every anonymous id merged or linked into it,
 * the user id's derived id among them) and its overflow items of event ids. The aliases go first and the lead last,
 * each replaced by a tombstone written conditionally on what was read, so that a failure half-way leaves the lead,
 * and the aliases it lists, for the next call to find; the lead's tombstone is the erasure's commit. A lead that
 * changed meanwhile (a batch was written) is read again and erased again, up to {@link #ATTEMPTS} times.
 *
 * <p>What it cannot reach without a scan: aliases the lead no longer lists (it keeps the latest
 * {@link LeadState#MERGED_IDS_KEPT}), and anonymous leads that noted one of its ids as the same person. They hold
 * no personal data (a pseudonymous id and the lead id); events through them meet the tombstone and are dropped.
 */
public final class LeadErasure {
    /**
     * How long a tombstone stops events from re-creating an erased person, by default: the default dedupe horizon, the
     * longest an event may still arrive for scoring after it happened (the oldest timestamp ingest accepts, plus the
     * events queue's retention, plus a day of clock skew). After it, an event of the person is refused at ingest for
     * age. A deployment with another {@code MAX_EVENT_AGE} keeps tombstones for its own horizon.
     */
    public static final Duration TOMBSTONE_KEPT = LeadScorer.DEFAULT_DEDUPE_HORIZON;

    /** Rounds of read and erase when the lead or an alias keeps changing under the erasure. */
    static final int ATTEMPTS = 5;

    private final LeadStore store;
    private final Clock clock;
    private final Duration kept;

    /** Tombstones are kept {@link #TOMBSTONE_KEPT}. */
    public LeadErasure(LeadStore store, Clock clock) {
        this(store, clock, TOMBSTONE_KEPT);
    }

    /** Tombstones are kept {@code kept}: the dedupe horizon of the deployment ({@code LeadScorer.dedupeHorizon}). */
    public LeadErasure(LeadStore store, Clock clock, Duration kept) {
        this.store = store;
        this.clock = clock;
        this.kept = kept;
    }

    /**
     * What an erasure did: {@code found} false when there was never such a lead (or its tombstone expired);
     * {@code aliases} the alias items this call replaced by tombstones (0 when the lead was erased before).
     */
    public record Result(String leadId, boolean found, boolean alreadyErased, int aliases) {
    }

    /**
     * Erases the lead {@code leadId}. Idempotent: a second call finds the tombstone and answers erased again.
     *
     * @throws VersionConflictException when the lead kept changing for {@link #ATTEMPTS} rounds
     */
    public Result erase(String leadId) {
        LeadKey key = LeadKey.lead(leadId);
        VersionConflictException last = null;
        int[] aliases = {0};
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Stored s = store.load(List.of(key), true).get(key);
            if (s == null) {
                return new Result(leadId, false, false, 0);
            }
            if (!(s instanceof Stored.Lead p)) {
                return new Result(leadId, true, true, 0);
            }
            Instant now = clock.instant();
            Instant expires = now.plus(kept);
            try {
                eraseAliases(p.state(), now, expires, aliases);
                store.deleteOverflow(key, p.state().seen().days());
                store.tombstone(key, s, now, expires);
                Log.event("lead.erased", Map.of("leadId", leadId, "aliases", aliases[0]));
                return new Result(leadId, true, false, aliases[0]);
            } catch (VersionConflictException e) {
                last = e;
            }
        }
        throw last;
    }

    /**
     * Tombstones the aliases the lead lists that still point at it, with their overflow, adding each to
     * {@code erased} as it goes (a conflict half-way keeps the count of those done).
     */
    private void eraseAliases(LeadState lead, Instant now, Instant expires, int[] erased) {
        List<LeadKey> keys = lead.mergedAnonymousIds().stream().map(LeadKey::anonymous).toList();
        Map<LeadKey, Stored> found = store.load(keys, true);
        for (LeadKey anon : keys) {
            Stored s = found.get(anon);
            // an id a later identify moved to another person is theirs now, and stays
            boolean ours = s instanceof Stored.Alias a && a.leadId().equals(lead.id());
            if (ours) {
                store.deleteOverflow(anon, lead.seen().days());
                store.tombstone(anon, s, now, expires);
                erased[0]++;
            }
        }
    }
}
