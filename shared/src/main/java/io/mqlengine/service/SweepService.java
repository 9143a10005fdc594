package io.mqlengine.service;

import io.mqlengine.model.Stage;
import io.mqlengine.scoring.LeadScorer;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.scoring.Outcome;
import io.mqlengine.store.LeadStore;
import io.mqlengine.store.LeadKey;
import io.mqlengine.store.Stored;
import io.mqlengine.store.VersionConflictException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The scheduled sweep: reads only the leads whose review time has come, page by page while time is
 * left, and lets the scoring core decide (recycle, archive, re-emit a stuck handoff, next review time). The review
 * index carries what those decisions read, so a due lead costs its index entry and one conditional write; only an
 * MQL whose handoff is done (its recycle test needs the score) is read whole.
 * Idempotent: a second run at the same instant finds nothing due.
 */
public final class SweepService {
    static final int PAGE = 100;
    static final int MAX_ATTEMPTS = 3;

    private final LeadStore store;
    private final LeadScorer scorer;
    private final Clock clock;

    public SweepService(LeadStore store, LeadScorer scorer, Clock clock) {
        this.store = store;
        this.scorer = scorer;
        this.clock = clock;
    }

    /** Counts for one run; {@code complete} is false when time ran out before the last page. */
    public record Result(int due, int written, int recycled, int archived, int reemitted, int failed, boolean complete) {
    }

    public Result sweep(BooleanSupplier timeLeft) {
        Instant now = clock.instant();
        int due = 0;
        int written = 0;
        int recycled = 0;
        int archived = 0;
        int reemitted = 0;
        int failed = 0;
        String cursor = null;
        do {
            LeadStore.DuePage page = store.due(now, PAGE, cursor);
            due += page.keys().size();
            List<LeadKey> whole = page.keys().stream().filter(k -> decidable(page.indexed().get(k)) == null).toList();
            Map<LeadKey, Stored> loaded = whole.isEmpty() ? Map.of() : store.load(whole, false);
            for (LeadKey key : page.keys()) {
                LeadState partial = decidable(page.indexed().get(key));
                Reviewed r = partial != null ? reviewIndexed(key, partial, now) : review(key, loaded.get(key), now);
                if (r.failed()) {
                    failed++;
                } else if (r.outcome() != null && !r.outcome().unchanged()) {
                    Outcome o = r.outcome();
                    written++;
                    recycled += (int) o.transitions().stream().filter(t -> t.to() == Stage.RECYCLED).count();
                    archived += (int) o.transitions().stream().filter(t -> t.to() == Stage.ARCHIVED).count();
                    reemitted += o.reemitHandoff() ? 1 : 0;
                }
            }
            cursor = page.cursor();
        } while (cursor != null && timeLeft.getAsBoolean());
        return new Result(due, written, recycled, archived, reemitted, failed, cursor == null);
    }

    /** The outcome written (null when the key no longer holds a lead), or a failure after repeated conflicts. */
    private record Reviewed(Outcome outcome, boolean failed) {
    }

    /**
     * {@code indexed} when the index entry is enough to review the lead: any lead but an MQL whose handoff is done,
     * whose recycle test and recycle time need the score (not in the index); null when the whole lead is needed.
     */
    private static LeadState decidable(LeadState indexed) {
        if (indexed == null || indexed.stage() == Stage.MQL && !indexed.handoffPending()) {
            return null;
        }
        return indexed;
    }

    /**
     * Reviews from the index entry and writes only what changed. The index has no last-seen time: a lead that can go
     * stale is taken as last seen exactly at the stale horizon, which archives it, and the write holds only if it was
     * indeed seen no later. Otherwise (seen since, or changed since its entry) the whole lead is read, as before.
     */
    private Reviewed reviewIndexed(LeadKey key, LeadState indexed, Instant now) {
        Stage st = indexed.stage();
        boolean canGoStale = st == Stage.LEAD || st == Stage.RECYCLED || st == Stage.ANONYMOUS;
        LeadState read = canGoStale ? indexed.withLastSeen(now.minus(scorer.model().staleAfter())) : indexed;
        Outcome o = scorer.review(read, now);
        if (o.unchanged()) {
            return new Reviewed(o, false);
        }
        try {
            store.writeReview(key, read, o, now);
            return new Reviewed(o, false);
        } catch (VersionConflictException e) {
            return review(key, store.load(List.of(key), true).get(key), now);
        }
    }

    private Reviewed review(LeadKey key, Stored stored, Instant now) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            if (!(stored instanceof Stored.Lead p)) {
                return new Reviewed(null, false);
            }
            Outcome o = scorer.review(p.state(), now);
            if (o.unchanged()) {
                return new Reviewed(o, false);
            }
            try {
                store.write(key, o, List.of(), now);
                return new Reviewed(o, false);
            } catch (VersionConflictException e) {
                stored = store.load(List.of(key), true).get(key);
            }
        }
        return new Reviewed(null, true);
    }
}
