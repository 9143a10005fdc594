package io.mqlengine.service;

import io.mqlengine.scoring.LeadMerge;
import io.mqlengine.model.TrackingEvent;
import io.mqlengine.scoring.LeadScorer;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.scoring.Outcome;
import io.mqlengine.scoring.SeenIds;
import io.mqlengine.store.IdentityLink;
import io.mqlengine.store.LeadStore;
import io.mqlengine.store.LeadKey;
import io.mqlengine.store.Stored;
import io.mqlengine.store.VersionConflictException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

/**
 * Writes one lead's share of a batch: scores its events on what the batch read and makes one conditional write
 * (one transaction when it links ids). A write that conflicts is retried on a fresh read after a jittered,
 * growing pause, until {@link #RETRY_BUDGET_MILLIS} is spent or the batch is out of time.
 */
final class LeadWriter {
    /**
     * How long a lead's write keeps retrying conflicts before its messages are handed back as busy (the caller puts
     * them back on the queue). Concurrent batches that touch one busy lead conflict; each round one of them wins,
     * so a loser retries with a fresh read and a jittered, growing pause.
     */
    static final long RETRY_BUDGET_MILLIS = 20_000;

    /**
     * A lead's outcome, or why it has none: an error, no time left to start its next call ({@code outOfTime}), or
     * conflicts with other writers of the lead until the retry budget was spent ({@code busy}, with out of time).
     */
    record Result(Outcome outcome, int conflicts, String error, boolean outOfTime, boolean busy, boolean erased) {
        static Result done(Outcome outcome, int conflicts) {
            return new Result(outcome, conflicts, null, false, false, false);
        }

        static Result late(int conflicts) {
            return new Result(null, conflicts, null, true, true, false);
        }

        static Result contended(int conflicts) {
            return new Result(null, conflicts, null, false, true, false);
        }

        static Result failed(String error) {
            return new Result(null, 0, error, false, false, false);
        }

        /** The lead was erased meanwhile: its events are dropped, never applied, and not a failure. */
        static Result erasedLead(int conflicts) {
            return new Result(null, conflicts, null, false, false, true);
        }
    }

    private final LeadStore store;
    private final LeadScorer scorer;
    /** What the batch has read, shared by the writes of its leads and kept up to date by them. */
    private final Map<LeadKey, Stored> stored;
    private final Instant now;
    private final BooleanSupplier inTime;

    /** Writes the leads of one batch, scored at {@code now}; {@code inTime} is asked before every store call. */
    LeadWriter(LeadStore store, LeadScorer scorer, Map<LeadKey, Stored> stored, Instant now,
               BooleanSupplier inTime) {
        this.store = store;
        this.scorer = scorer;
        this.stored = stored;
        this.now = now;
        this.inTime = inTime;
    }

    /**
     * Scores {@code target}'s events and writes it once. A lead also takes in the ids {@code linking} it (merging
     * their leads, in one transaction with their aliases); an anonymous lead notes the ids an alias said are
     * the same person. When the lead turns out to have been linked to a lead by a concurrent batch, its events,
     * and the ids it was to note, go to that lead. A write that still conflicts once the retry budget is spent is
     * {@link Result#contended}. A lead found erased (a tombstone, seen at once or on a conflict's fresh read) takes
     * nothing: {@link Result#erasedLead}; an anonymous id found erased is never linked.
     */
    Result write(LeadKey target, List<TrackingEvent> events, List<BatchIdentity.Link> linking, Set<String> notes) {
        long started = System.nanoTime();
        int conflicts = 0;
        LeadKey key = target;
        List<BatchIdentity.Link> joining = new ArrayList<>(linking);
        for (int attempt = 1; ; attempt++) {
            if (key.anonymous() && stored.get(key) instanceof Stored.Alias alias) {
                // identified by a concurrent batch since this one read it: the events now belong to the lead
                key = LeadKey.lead(alias.leadId());
                if (!moveToLead(key, notes, joining)) {
                    return Result.late(conflicts);
                }
            }
            if (stored.get(key) instanceof Stored.Erased) {
                return Result.erasedLead(conflicts);
            }
            if (!readOverflow(key, joining)) {
                return Result.late(conflicts);
            }
            List<IdentityLink> links = key.anonymous() ? List.of() : links(key, joining);
            Outcome outcome = score(key, links, notes, events);
            if (outcome.unchanged()) {
                return Result.done(outcome, conflicts);
            }
            if (!inTime.getAsBoolean()) {
                return Result.late(conflicts);
            }
            try {
                store.write(key, outcome, links, now);
                stored.put(key, new Stored.Lead(outcome.state().withSeen(outcome.state().seen().written())));
                return Result.done(outcome, conflicts);
            } catch (VersionConflictException e) {
                conflicts++;
                if (System.nanoTime() - started > RETRY_BUDGET_MILLIS * 1_000_000) {
                    return Result.contended(conflicts);
                }
                if (!inTime.getAsBoolean()) {
                    return Result.late(conflicts);
                }
                backOff(attempt);
                reload(key, joining);
            }
        }
    }

    /**
     * Makes the ids the lead was to note join {@code lead} instead, reading the lead and them when the batch
     * has not; false when a read was due and the batch was out of time.
     */
    private boolean moveToLead(LeadKey lead, Set<String> notes, List<BatchIdentity.Link> joining) {
        notes.forEach(id -> joining.add(new BatchIdentity.Link(id, lead, false)));
        Set<LeadKey> unread = new LinkedHashSet<>();
        unread.add(lead);
        notes.forEach(id -> unread.add(LeadKey.anonymous(id)));
        unread.removeAll(stored.keySet());
        if (!unread.isEmpty()) {
            if (!inTime.getAsBoolean()) {
                return false;
            }
            stored.putAll(store.load(unread, true));
        }
        return true;
    }

    /**
     * Reads the overflow of event ids of the lead and of the anonymous leads joining it, where they have any
     * (busy leads only), into what the batch read; false when a read was due and the batch was out of time.
     */
    private boolean readOverflow(LeadKey key, List<BatchIdentity.Link> joining) {
        List<LeadKey> keys = new ArrayList<>();
        keys.add(key);
        joining.forEach(l -> keys.add(LeadKey.anonymous(l.anonymousId())));
        for (LeadKey k : keys) {
            if (stored.get(k) instanceof Stored.Lead p && !p.state().seen().unloadedDays().isEmpty()) {
                if (!inTime.getAsBoolean()) {
                    return false;
                }
                SeenIds seen = p.state().seen();
                stored.put(k, new Stored.Lead(p.state().withSeen(
                        seen.withLoaded(store.loadOverflow(k, seen.unloadedDays())))));
            }
        }
        return true;
    }

    /** The outcome of the events on the stored lead, after merging the linked ids into it or noting ids on it. */
    private Outcome score(LeadKey key, List<IdentityLink> links, Set<String> notes, List<TrackingEvent> events) {
        LeadState base = stored.get(key) instanceof Stored.Lead p ? p.state()
                : LeadState.fresh(key.id(), key.anonymous(), scorer.model());
        LeadState working = base;
        Map<Long, Double> increments = new HashMap<>();
        boolean rebased = false;
        for (IdentityLink link : links) {
            LeadState other = link.mergedLead() != null ? link.mergedLead()
                    : LeadState.fresh(link.anonymousId(), true, scorer.model());
            LeadMerge.Merged m = LeadMerge.merge(working, other, scorer.model(), now);
            working = m.lead();
            m.increments().forEach((era, amount) -> increments.merge(era, amount, Double::sum));
            rebased |= m.rebased();
        }
        if (key.anonymous() && !notes.isEmpty()) {
            working = LeadMerge.noteSameAs(working, notes, latest(events));
        }
        return scorer.applyAfter(base, working, increments, rebased, events, now);
    }

    /**
     * The links a lead's write makes: every joining id not already pointing at it. An id an identify links moves
     * from another lead; one an alias or a note links never does (two leads are not merged).
     */
    private List<IdentityLink> links(LeadKey lead, List<BatchIdentity.Link> joining) {
        List<IdentityLink> links = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (BatchIdentity.Link l : joining) {
            Stored before = stored.get(LeadKey.anonymous(l.anonymousId()));
            boolean elsewhere = before instanceof Stored.Alias a && !a.leadId().equals(lead.id());
            boolean here = before instanceof Stored.Alias a && a.leadId().equals(lead.id());
            // an erased person's anonymous id keeps its tombstone: it is never linked to anyone
            boolean erased = before instanceof Stored.Erased;
            if (seen.add(l.anonymousId()) && !here && !erased && (l.moves() || !elsewhere)) {
                links.add(new IdentityLink(l.anonymousId(), before));
            }
        }
        return links;
    }

    /** Reads the lead and the ids joining it again, consistently, after a conflict; what is gone is forgotten. */
    private void reload(LeadKey key, List<BatchIdentity.Link> joining) {
        Set<LeadKey> reload = new LinkedHashSet<>();
        reload.add(key);
        joining.forEach(l -> reload.add(LeadKey.anonymous(l.anonymousId())));
        Map<LeadKey, Stored> fresh = store.load(reload, true);
        reload.forEach(k -> stored.compute(k, (k2, old) -> fresh.get(k)));
    }

    /** Waits a little before retrying a conflict, jittered so that racing batches spread out. */
    private static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 5L << Math.min(attempt, 5)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a conflicting write", e);
        }
    }

    /** The time of the latest event, for a lead an alias note creates. */
    private static Instant latest(List<TrackingEvent> events) {
        return events.stream().map(TrackingEvent::timestamp).max(Comparator.naturalOrder()).orElseThrow();
    }
}
