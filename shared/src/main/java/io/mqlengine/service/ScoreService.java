package io.mqlengine.service;

import io.mqlengine.identity.BatchIdentity;
import io.mqlengine.identity.LeadIds;
import io.mqlengine.model.TrackingEvent;
import io.mqlengine.scoring.LeadMerge;
import io.mqlengine.scoring.LeadScorer;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.scoring.Outcome;
import io.mqlengine.store.IdentityLink;
import io.mqlengine.store.LeadStore;
import io.mqlengine.store.ProfileKey;
import io.mqlengine.store.Stored;
import io.mqlengine.store.VersionConflictException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

/**
 * Scores a batch of events: resolves identities once per batch ({@link BatchIdentity}: identify, alias, and
 * ids derived from user ids), groups events by profile, applies the scoring core and makes one conditional
 * write per profile (one transaction when it links ids). A profile whose write keeps conflicting
 * fails alone: only its messages are reported, the rest of the batch is kept. Once the caller says the batch
 * is out of time, no store call starts: the profiles not written yet are reported failed, untouched.
 */
public final class ScoreService {
    /**
     * How long a profile's write keeps retrying conflicts before its messages are reported failed (and come
     * back after the queue's visibility timeout). Concurrent batches that touch one busy profile conflict;
     * each round one of them wins, so a loser retries with a fresh read and a jittered, growing pause.
     */
    public static final long RETRY_BUDGET_MILLIS = 20_000;

    private final LeadStore store;
    private final LeadScorer scorer;
    private final LeadIds leadIds;
    private final Clock clock;
    private final Executor writers;

    /** Profiles are scored and written one after the other. */
    public ScoreService(LeadStore store, LeadScorer scorer, LeadIds leadIds, Clock clock) {
        this(store, scorer, leadIds, clock, Runnable::run);
    }

    /**
     * Profiles are scored and written on {@code writers}, concurrently: they are independent, and a batch's
     * time (what Lambda bills) is then one round trip per profile divided by the writers' threads.
     */
    public ScoreService(LeadStore store, LeadScorer scorer, LeadIds leadIds, Clock clock, Executor writers) {
        this.store = store;
        this.scorer = scorer;
        this.leadIds = leadIds;
        this.clock = clock;
        this.writers = writers;
    }

    /** One event from one queue message. */
    public record Item(String messageId, TrackingEvent event) {
    }

    /**
     * Which messages failed and why (no personal data), and what the batch did. {@code deferredMessageIds},
     * a subset of the failed ones, are not broken: their profile had more events in the batch than one write
     * may apply, and they are to be scored by a later batch. {@code outOfTime} failed messages were left
     * because the batch ran out of time before their profile's write (or its retry) started.
     */
    public record Result(Set<String> failedMessageIds, Set<String> deferredMessageIds, int profilesWritten,
                         int eventsApplied, int qualifications, int conflicts, int outOfTime, List<String> errors) {
    }

    /** Scores the batch with no time limit. */
    public Result score(List<Item> items) {
        return score(items, () -> true);
    }

    /**
     * Scores the batch; {@code inTime} is asked before every call of the store, and once it answers false
     * no further call starts (a read, a profile's write, a retry round). A call already running finishes or
     * fails on its own; each write is one atomic item update or transaction, so a profile is written whole
     * or not at all.
     */
    public Result score(List<Item> items, BooleanSupplier inTime) {
        if (!inTime.getAsBoolean()) {
            return outOfTime(items);
        }
        Instant now = clock.instant();
        Map<ProfileKey, Stored> stored = new ConcurrentHashMap<>();
        BatchIdentity identity = BatchIdentity.resolve(items.stream().map(Item::event).toList(), leadIds, store,
                stored, inTime);
        if (identity == null) {
            return outOfTime(items);
        }
        Map<ProfileKey, List<Item>> groups = new LinkedHashMap<>();
        for (Item i : items) {
            for (ProfileKey key : identity.profilesOf(i.event())) {
                groups.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
            }
        }
        List<CompletableFuture<GroupResult>> results = new ArrayList<>();
        for (Map.Entry<ProfileKey, List<Item>> g : groups.entrySet()) {
            List<BatchIdentity.Link> linking = identity.linksTo(g.getKey());
            Set<String> notes = identity.notesFor(g.getKey());
            results.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return scoreGroup(g.getKey(), g.getValue(), linking, notes, stored, now, inTime);
                } catch (RuntimeException e) {
                    return new GroupResult(null, 0,
                            (g.getKey().anonymous() ? "anonymous profile" : "lead " + g.getKey().id()) + ": " + e, false);
                }
            }, writers));
        }
        Set<String> failed = new HashSet<>();
        Set<String> deferred = new HashSet<>();
        int written = 0;
        int applied = 0;
        int qualified = 0;
        int conflicts = 0;
        Set<String> late = new HashSet<>();
        List<String> errors = new ArrayList<>();
        int i = 0;
        for (Map.Entry<ProfileKey, List<Item>> g : groups.entrySet()) {
            GroupResult r = results.get(i++).join();
            conflicts += r.conflicts;
            if (r.error != null) {
                errors.add(r.error);
            }
            if (r.outcome == null) {
                g.getValue().forEach(item -> failed.add(item.messageId()));
                if (r.outOfTime) {
                    g.getValue().forEach(item -> late.add(item.messageId()));
                }
                continue;
            }
            // events beyond what one write may apply come back in a later batch
            g.getValue().stream().filter(item -> r.outcome.deferredEventIds().contains(item.event().eventId()))
                    .forEach(item -> deferred.add(item.messageId()));
            if (!r.outcome.unchanged()) {
                written++;
                applied += r.outcome.appliedEventIds().size();
                qualified += r.outcome.qualified() ? 1 : 0;
            }
        }
        failed.addAll(deferred);
        return new Result(failed, deferred, written, applied, qualified, conflicts, late.size(), List.copyOf(errors));
    }

    /** Every message failed, nothing read or written: the batch had no time left to start. */
    private static Result outOfTime(List<Item> items) {
        Set<String> all = new LinkedHashSet<>();
        items.forEach(i -> all.add(i.messageId()));
        return new Result(all, Set.of(), 0, 0, 0, 0, items.size(), List.of());
    }

    /** A profile's outcome, or why it has none: an error, or no time left to start its next call. */
    private record GroupResult(Outcome outcome, int conflicts, String error, boolean outOfTime) {
        static GroupResult done(Outcome outcome, int conflicts) {
            return new GroupResult(outcome, conflicts, null, false);
        }

        static GroupResult late(int conflicts) {
            return new GroupResult(null, conflicts, null, true);
        }
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

    /**
     * Scores one profile's events and writes it once. A lead also takes in the ids linked to it (merging their
     * profiles, in one transaction with their aliases); an anonymous profile notes the ids an alias said are
     * the same person. When the profile turns out to have been linked to a lead by a concurrent batch, its
     * events, and the ids it was to note, go to that lead.
     */
    private GroupResult scoreGroup(ProfileKey target, List<Item> items, List<BatchIdentity.Link> linking,
                                   Set<String> notes, Map<ProfileKey, Stored> stored, Instant now,
                                   BooleanSupplier inTime) {
        List<TrackingEvent> events = items.stream().map(Item::event).toList();
        long started = System.nanoTime();
        int conflicts = 0;
        ProfileKey key = target;
        List<BatchIdentity.Link> joining = new ArrayList<>(linking);
        for (int attempt = 1; ; attempt++) {
            if (key.anonymous() && stored.get(key) instanceof Stored.Alias alias) {
                // identified by a concurrent batch since this one read it: the events now belong to the lead
                key = ProfileKey.lead(alias.leadId());
                ProfileKey lead = key;
                notes.forEach(id -> joining.add(new BatchIdentity.Link(id, lead, false)));
                Set<ProfileKey> unread = new LinkedHashSet<>();
                unread.add(lead);
                notes.forEach(id -> unread.add(ProfileKey.anonymous(id)));
                unread.removeAll(stored.keySet());
                if (!unread.isEmpty()) {
                    if (!inTime.getAsBoolean()) {
                        return GroupResult.late(conflicts);
                    }
                    stored.putAll(store.load(unread, true));
                }
            }
            LeadState base = stored.get(key) instanceof Stored.Profile p ? p.state()
                    : LeadState.fresh(key.id(), key.anonymous(), scorer.model());
            List<IdentityLink> links = key.anonymous() ? List.of() : links(key, joining, stored);
            LeadState working = base;
            Map<Long, Double> increments = new HashMap<>();
            boolean rebased = false;
            for (IdentityLink link : links) {
                LeadState other = link.mergedProfile() != null ? link.mergedProfile()
                        : LeadState.fresh(link.anonymousId(), true, scorer.model());
                LeadMerge.Merged m = LeadMerge.merge(working, other, scorer.model(), now);
                working = m.lead();
                m.increments().forEach((era, amount) -> increments.merge(era, amount, Double::sum));
                rebased |= m.rebased();
            }
            if (key.anonymous() && !notes.isEmpty()) {
                working = LeadMerge.noteSameAs(working, notes, latest(events));
            }
            Outcome outcome = scorer.applyAfter(base, working, increments, rebased, events, now);
            if (outcome.unchanged()) {
                return GroupResult.done(outcome, conflicts);
            }
            if (!inTime.getAsBoolean()) {
                return GroupResult.late(conflicts);
            }
            try {
                store.write(key, outcome, links, now);
                stored.put(key, new Stored.Profile(outcome.state()));
                return GroupResult.done(outcome, conflicts);
            } catch (VersionConflictException e) {
                conflicts++;
                if (System.nanoTime() - started > RETRY_BUDGET_MILLIS * 1_000_000) {
                    throw new IllegalStateException("still conflicting after " + attempt + " attempts", e);
                }
                if (!inTime.getAsBoolean()) {
                    return GroupResult.late(conflicts);
                }
                backOff(attempt);
                Set<ProfileKey> reload = new LinkedHashSet<>();
                reload.add(key);
                joining.forEach(l -> reload.add(ProfileKey.anonymous(l.anonymousId())));
                Map<ProfileKey, Stored> fresh = store.load(reload, true);
                reload.forEach(k -> stored.compute(k, (key2, old) -> fresh.get(k)));
            }
        }
    }

    /**
     * The links a lead's write makes: every joining id not already pointing at it. An id an identify links moves
     * from another lead; one an alias or a note links never does (two leads are not merged).
     */
    private static List<IdentityLink> links(ProfileKey lead, List<BatchIdentity.Link> joining,
                                            Map<ProfileKey, Stored> stored) {
        List<IdentityLink> links = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (BatchIdentity.Link l : joining) {
            Stored before = stored.get(ProfileKey.anonymous(l.anonymousId()));
            boolean elsewhere = before instanceof Stored.Alias a && !a.leadId().equals(lead.id());
            boolean here = before instanceof Stored.Alias a && a.leadId().equals(lead.id());
            if (seen.add(l.anonymousId()) && !here && (l.moves() || !elsewhere)) {
                links.add(new IdentityLink(l.anonymousId(), before));
            }
        }
        return links;
    }

    /** The time of the latest event, for a profile an alias note creates. */
    private static Instant latest(List<TrackingEvent> events) {
        return events.stream().map(TrackingEvent::timestamp).max(Comparator.naturalOrder()).orElseThrow();
    }
}
