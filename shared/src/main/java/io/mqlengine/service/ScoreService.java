package io.mqlengine.service;

import io.mqlengine.identity.LeadIds;
import io.mqlengine.identity.ProfileMerge;
import io.mqlengine.model.EventType;
import io.mqlengine.model.TrackingEvent;
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
import java.util.function.BooleanSupplier;

/**
 * Scores a batch of events: resolves identities once per batch, groups events by profile, applies the
 * scoring core and makes one conditional write per profile. A profile whose write keeps conflicting
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
        Map<String, ProfileKey> identified = identifiedLeads(items);
        Set<ProfileKey> keys = new LinkedHashSet<>();
        for (Item i : items) {
            keys.add(ProfileKey.anonymous(i.event().anonymousId()));
            if (i.event().type() == EventType.IDENTIFY && i.event().email() != null) {
                keys.add(ProfileKey.lead(leadIds.forEmail(i.event().email())));
            }
        }
        Map<ProfileKey, Stored> stored = new ConcurrentHashMap<>(store.load(keys, false));

        Map<String, ProfileKey> target = new HashMap<>();
        Set<ProfileKey> aliasTargets = new LinkedHashSet<>();
        for (Item i : items) {
            String anon = i.event().anonymousId();
            target.computeIfAbsent(anon, a -> {
                if (identified.containsKey(a)) {
                    return identified.get(a);
                }
                if (stored.get(ProfileKey.anonymous(a)) instanceof Stored.Alias alias) {
                    ProfileKey lead = ProfileKey.lead(alias.leadId());
                    aliasTargets.add(lead);
                    return lead;
                }
                return ProfileKey.anonymous(a);
            });
        }
        aliasTargets.removeAll(stored.keySet());
        if (!aliasTargets.isEmpty()) {
            if (!inTime.getAsBoolean()) {
                return outOfTime(items);
            }
            stored.putAll(store.load(aliasTargets, false));
        }

        Map<ProfileKey, List<Item>> groups = new LinkedHashMap<>();
        for (Item i : items) {
            // an identify scores on its own email's lead: two people identifying on one browser in one batch
            // never share traits; the other events follow the browser's latest identity
            ProfileKey key = i.event().type() == EventType.IDENTIFY && i.event().email() != null
                    ? ProfileKey.lead(leadIds.forEmail(i.event().email())) : target.get(i.event().anonymousId());
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
        }
        List<CompletableFuture<GroupResult>> results = new ArrayList<>();
        for (Map.Entry<ProfileKey, List<Item>> g : groups.entrySet()) {
            Set<String> linking = new LinkedHashSet<>();
            identified.forEach((anon, lead) -> {
                if (lead.equals(g.getKey())) {
                    linking.add(anon);
                }
            });
            results.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return scoreGroup(g.getKey(), g.getValue(), linking, stored, now, inTime);
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
        int late = 0;
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
                late += r.outOfTime ? g.getValue().size() : 0;
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
        return new Result(failed, deferred, written, applied, qualified, conflicts, late, List.copyOf(errors));
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

    /** The lead each identified anonymous id now belongs to: the latest identify in the batch wins. */
    private Map<String, ProfileKey> identifiedLeads(List<Item> items) {
        Map<String, TrackingEvent> latest = new HashMap<>();
        for (Item i : items) {
            TrackingEvent e = i.event();
            if (e.type() == EventType.IDENTIFY && e.email() != null) {
                latest.merge(e.anonymousId(), e, (a, b) -> Comparator.comparing(TrackingEvent::timestamp)
                        .thenComparing(TrackingEvent::eventId).compare(a, b) >= 0 ? a : b);
            }
        }
        Map<String, ProfileKey> out = new HashMap<>();
        latest.forEach((anon, e) -> out.put(anon, ProfileKey.lead(leadIds.forEmail(e.email()))));
        return out;
    }

    /** Waits a little before retrying a conflict, jittered so that racing batches spread out. */
    private static void backOff(int attempt) {
        try {
            Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(1, 5L << Math.min(attempt, 5)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a conflicting write", e);
        }
    }

    private GroupResult scoreGroup(ProfileKey target, List<Item> items, Set<String> linking,
                                   Map<ProfileKey, Stored> stored, Instant now, BooleanSupplier inTime) {
        List<TrackingEvent> events = items.stream().map(Item::event).toList();
        long started = System.nanoTime();
        int conflicts = 0;
        ProfileKey key = target;
        for (int attempt = 1; ; attempt++) {
            if (key.anonymous() && stored.get(key) instanceof Stored.Alias alias) {
                // identified by a concurrent batch since this one read it: the events now belong to the lead
                key = ProfileKey.lead(alias.leadId());
                ProfileKey lead = key;
                if (!stored.containsKey(lead) && !inTime.getAsBoolean()) {
                    return GroupResult.late(conflicts);
                }
                stored.computeIfAbsent(lead, k -> store.load(List.of(k), true).get(k));
            }
            LeadState base = stored.get(key) instanceof Stored.Profile p ? p.state()
                    : LeadState.fresh(key.id(), key.anonymous(), scorer.model());
            List<IdentityLink> links = new ArrayList<>();
            for (String anon : linking) {
                Stored before = stored.get(ProfileKey.anonymous(anon));
                if (!(before instanceof Stored.Alias a && a.leadId().equals(key.id()))) {
                    links.add(new IdentityLink(anon, before));
                }
            }
            LeadState working = base;
            Map<Long, Double> increments = new HashMap<>();
            boolean rebased = false;
            for (IdentityLink link : links) {
                if (link.mergedProfile() != null) {
                    ProfileMerge.Merged m = ProfileMerge.merge(working, link.mergedProfile(), scorer.model(), now);
                    working = m.lead();
                    m.increments().forEach((era, amount) -> increments.merge(era, amount, Double::sum));
                    rebased |= m.rebased();
                }
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
                linking.forEach(a -> reload.add(ProfileKey.anonymous(a)));
                Map<ProfileKey, Stored> fresh = store.load(reload, true);
                reload.forEach(k -> stored.compute(k, (key2, old) -> fresh.get(k)));
            }
        }
    }
}
