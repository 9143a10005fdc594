package io.mqlengine.store;

import io.mqlengine.scoring.LeadState;
import io.mqlengine.scoring.Outcome;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Where leads live. Every write is conditional on the version the caller read. */
public interface LeadStore {

    /** The stored items for {@code keys}; keys with nothing stored are absent. {@code consistent} after a conflict. */
    Map<LeadKey, Stored> load(Collection<LeadKey> keys, boolean consistent);

    /**
     * The event-id fingerprints in {@code lead}'s overflow items for {@code days} (see {@code SeenIds}), read
     * consistently: a write that spilled them may just have finished. Days with no item are absent.
     */
    Map<Integer, long[]> loadOverflow(LeadKey lead, Set<Integer> days);

    /**
     * Writes {@code outcome} for the lead {@code key}, if it still has the version the outcome was computed
     * from; with {@code links}, also points those anonymous ids at this lead, all or nothing. The fingerprints the
     * outcome spills ({@code SeenIds.spill()}) are added to the lead's overflow items first: they are of events
     * applied already, so they are right even when the lead's write then fails.
     *
     * @throws VersionConflictException when the lead or a linked anonymous id changed meanwhile
     */
    void write(LeadKey key, Outcome outcome, List<IdentityLink> links, Instant now);

    /**
     * One page of leads whose review time is at or before {@code now}: start with a null cursor, pass
     * back the page's cursor, stop when it is null.
     */
    DuePage due(Instant now, int limit, String cursor);

    /**
     * Keys of due leads and where the next page starts (null: no more). {@code indexed} holds, for keys whose
     * index entry carries them, the attributes the sweep decides on (see {@link #writeReview}); a store whose
     * index carries none leaves it empty, and the sweep loads those leads.
     */
    record DuePage(List<LeadKey> keys, String cursor, Map<LeadKey, LeadState> indexed) {
        public DuePage(List<LeadKey> keys, String cursor) {
            this(keys, cursor, Map.of());
        }
    }

    /**
     * Writes the sweep's review of {@code key}, computed from {@code read}, the partial lead of
     * {@link DuePage#indexed}: only what a review changes (version, stage, history, SLA miss, review time, handoff
     * marker, TTL), if the lead still shows what {@code read} shows and, when {@code read} has a last-seen time (the
     * sweep's assumption), was last seen no later. A store that never returns indexed leads is never asked.
     *
     * @throws VersionConflictException when the lead changed since its index entry was written, or was seen since
     */
    default void writeReview(LeadKey key, LeadState read, Outcome outcome, Instant now) {
        throw new UnsupportedOperationException("this store returns no indexed leads to review");
    }

    /** Records that qualification {@code qualification} of {@code leadId} reached the handoff queue. */
    boolean markHandedOff(String leadId, int qualification, Instant now);

    /**
     * Replaces what {@code key} holds with a tombstone ({@link Stored.Erased}), if it still holds {@code expected}
     * as read (null: nothing); a tombstone already there is left as it is.
     *
     * @throws VersionConflictException when the item changed since it was read
     */
    void tombstone(LeadKey key, Stored expected, Instant erasedAt, Instant expiresAt);

    /** Deletes {@code key}'s overflow items of event ids for {@code days} (see {@code SeenIds}); absent ones are fine. */
    void deleteOverflow(LeadKey key, Collection<Integer> days);

    /** The stored state of one lead, read consistently, or null (nothing, an alias, or a tombstone). */
    default LeadState get(LeadKey key) {
        Stored s = load(List.of(key), true).get(key);
        return s instanceof Stored.Lead p ? p.state() : null;
    }
}
