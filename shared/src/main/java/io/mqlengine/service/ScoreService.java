package io.mqlengine.service;

import io.mqlengine.identity.LeadIds;
import io.mqlengine.model.TrackingEvent;
import io.mqlengine.observe.Log;
import io.mqlengine.scoring.LeadScorer;
import io.mqlengine.store.LeadStore;
import io.mqlengine.store.LeadKey;
import io.mqlengine.store.Stored;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
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
 * Scores a batch of events: resolves identities once per batch ({@link BatchIdentity}: identify, alias, and
 * ids derived from user ids), groups events by lead, has each lead scored and written on the writers'
 * threads ({@link LeadWriter}: one conditional write per lead, retried on conflicts) and tallies what the
 * batch did. A lead whose write keeps conflicting is busy alone: only its messages are reported, the rest of
 * the batch is kept. Once the caller says the batch is out of time, no store call starts: the leads not
 * written yet are reported busy, untouched. Busy messages are not broken: the caller puts them back on the
 * queue, where a retry by SQS would count toward the dead-letter queue.
 *
 * <p>Events of an erased person (their lead or anonymous id is a tombstone, see {@link BatchIdentity#erased}) are
 * dropped: never applied, never a failure, counted in {@link Result#erased} and logged as a count only.
 */
public final class ScoreService {
    /** How long a lead's write keeps retrying conflicts before its messages are reported busy. */
    public static final long RETRY_BUDGET_MILLIS = LeadWriter.RETRY_BUDGET_MILLIS;

    private final LeadStore store;
    private final LeadScorer scorer;
    private final LeadIds leadIds;
    private final Clock clock;
    private final Executor writers;

    /** Leads are scored and written one after the other. */
    public ScoreService(LeadStore store, LeadScorer scorer, LeadIds leadIds, Clock clock) {
        this(store, scorer, leadIds, clock, Runnable::run);
    }

    /**
     * Leads are scored and written on {@code writers}, concurrently: they are independent, and a batch's
     * time (what Lambda bills) is then one round trip per lead divided by the writers' threads.
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
     * Which messages failed and why (no personal data), and what the batch did. {@code busyMessageIds}, disjoint
     * from the failed ones, are not broken: their lead's write kept conflicting with other writers, or the batch
     * ran out of time before it started ({@code outOfTime} of them). A message with events on two leads is busy
     * when one lead is busy and none failed. {@code throttled} events were not scored: their lead passed the
     * model's daily limit. {@code erased} events were dropped: they were an erased person's. {@code accepted} are the
     * events of the messages that are done (neither failed nor busy), erased ones left out, each once, in batch order:
     * what the event archive keeps of the batch (applied now or before, or throttled, as replay would see them).
     */
    public record Result(Set<String> failedMessageIds, Set<String> busyMessageIds, int leadsWritten,
                         int eventsApplied, int qualifications, int conflicts, int outOfTime, int throttled,
                         List<String> errors, int erased, List<TrackingEvent> accepted) {
    }

    /** Scores the batch with no time limit. */
    public Result score(List<Item> items) {
        return score(items, () -> true);
    }

    /**
     * Scores the batch; {@code inTime} is asked before every call of the store, and once it answers false
     * no further call starts (a read, a lead's write, a retry round). A call already running finishes or
     * fails on its own; each write is one atomic item update or transaction, so a lead is written whole
     * or not at all.
     */
    public Result score(List<Item> items, BooleanSupplier inTime) {
        if (!inTime.getAsBoolean()) {
            return outOfTime(items);
        }
        Instant now = clock.instant();
        Map<LeadKey, Stored> stored = new ConcurrentHashMap<>();
        BatchIdentity identity = BatchIdentity.resolve(items.stream().map(Item::event).toList(), leadIds, store,
                stored, inTime);
        if (identity == null) {
            return outOfTime(items);
        }
        List<Item> kept = items.stream().filter(i -> !identity.erased(i.event())).toList();
        int dropped = items.size() - kept.size();
        if (dropped > 0) {
            // a count only: the events are an erased person's, and nothing about them is to be kept
            Log.event("score.erased-dropped", Map.of("events", dropped));
        }
        Map<LeadKey, List<Item>> groups = groups(kept, identity);
        LeadWriter writer = new LeadWriter(store, scorer, stored, now, inTime);
        List<CompletableFuture<LeadWriter.Result>> results = new ArrayList<>();
        for (Map.Entry<LeadKey, List<Item>> g : groups.entrySet()) {
            List<BatchIdentity.Link> linking = identity.linksTo(g.getKey());
            Set<String> notes = identity.notesFor(g.getKey());
            List<TrackingEvent> events = g.getValue().stream().map(Item::event).toList();
            results.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return writer.write(g.getKey(), events, linking, notes);
                } catch (RuntimeException e) {
                    // the lead fails alone: the rest of the batch is kept
                    return LeadWriter.Result.failed(
                            (g.getKey().anonymous() ? "anonymous lead" : "lead " + g.getKey().id()) + ": " + e);
                }
            }, writers));
        }
        Set<Item> erasedOnWrite = new HashSet<>();
        Result r = tally(groups, results, erasedOnWrite);
        List<TrackingEvent> accepted = kept.stream().filter(i -> !r.failedMessageIds().contains(i.messageId())
                && !r.busyMessageIds().contains(i.messageId()) && !erasedOnWrite.contains(i)).map(Item::event).toList();
        return new Result(r.failedMessageIds(), r.busyMessageIds(), r.leadsWritten(), r.eventsApplied(),
                r.qualifications(), r.conflicts(), r.outOfTime(), r.throttled(), r.errors(), r.erased() + dropped,
                accepted);
    }

    /** The batch's items by the lead each is written on; an alias may be written on two. */
    private static Map<LeadKey, List<Item>> groups(List<Item> items, BatchIdentity identity) {
        Map<LeadKey, List<Item>> groups = new LinkedHashMap<>();
        for (Item i : items) {
            for (LeadKey key : identity.leadsOf(i.event())) {
                groups.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
            }
        }
        return groups;
    }

    /**
     * Waits for every lead's write, in the order of {@code groups}, and adds up what the batch did; the items of leads
     * found erased at their write go to {@code erasedItems}.
     */
    private static Result tally(Map<LeadKey, List<Item>> groups, List<CompletableFuture<LeadWriter.Result>> results,
                                Set<Item> erasedItems) {
        Set<String> failed = new HashSet<>();
        Set<String> busy = new HashSet<>();
        int written = 0;
        int applied = 0;
        int qualified = 0;
        int conflicts = 0;
        int throttled = 0;
        int erased = 0;
        Set<String> late = new HashSet<>();
        List<String> errors = new ArrayList<>();
        int i = 0;
        for (List<Item> group : groups.values()) {
            LeadWriter.Result r = results.get(i++).join();
            conflicts += r.conflicts();
            if (r.error() != null) {
                errors.add(r.error());
            }
            if (r.erased()) {
                erased += group.size();
                erasedItems.addAll(group);
                continue;
            }
            if (r.outcome() == null) {
                group.forEach(item -> (r.busy() ? busy : failed).add(item.messageId()));
                if (r.outOfTime()) {
                    group.forEach(item -> late.add(item.messageId()));
                }
                continue;
            }
            throttled += r.outcome().throttled();
            if (!r.outcome().unchanged()) {
                written++;
                applied += r.outcome().appliedEventIds().size();
                qualified += r.outcome().qualified() ? 1 : 0;
            }
        }
        busy.removeAll(failed);
        late.removeAll(failed);
        return new Result(failed, busy, written, applied, qualified, conflicts, late.size(), throttled,
                List.copyOf(errors), erased, List.of());
    }

    /** Every message busy, nothing read or written: the batch had no time left to start. */
    private static Result outOfTime(List<Item> items) {
        Set<String> all = new LinkedHashSet<>();
        items.forEach(i -> all.add(i.messageId()));
        return new Result(Set.of(), all, 0, 0, 0, 0, all.size(), 0, List.of(), 0, List.of());
    }
}
