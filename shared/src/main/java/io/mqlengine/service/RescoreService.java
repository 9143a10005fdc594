package io.mqlengine.service;

import io.mqlengine.archive.EventSource;
import io.mqlengine.identity.LeadIds;
import io.mqlengine.observe.Log;
import io.mqlengine.scoring.LeadScorer;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.scoring.ModelChange;
import io.mqlengine.scoring.Outcome;
import io.mqlengine.scoring.ScoringModel;
import io.mqlengine.store.InMemoryLeadStore;
import io.mqlengine.store.LeadKey;
import io.mqlengine.store.LeadStore;
import io.mqlengine.store.Stored;
import io.mqlengine.store.VersionConflictException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Re-scores the live leads under a new model version from the event archive, in two passes: the archive is replayed
 * into an in-memory store with the same scoring code the score function runs ({@link ScoreService}), then each lead
 * that has archived events gets its new score state written onto its live item ({@link ModelChange}), one conditional
 * write per lead that changed, retried on a conflict with a fresh read. Cost: the archive's reads, one consistent read
 * per {@link #PAGE} leads and at most one write per lead with archived events. Leads the replay knows but the table
 * does not (erased since, or expired) are left alone, and so are live leads that applied events the replay has not
 * seen (archived after the replay read the archive): they keep their score until their next event.
 */
public final class RescoreService {
    /** Leads read from the table at a time. */
    public static final int PAGE = 100;
    /** Archived events scored per replay batch. */
    static final int REPLAY_BATCH = 200;
    private static final int ATTEMPTS = 5;

    /** Where a run is and what it did; {@code state} is replaying, writing, done or failed (then {@code error}). */
    public record Progress(String modelVersion, String state, long events, int leads, int leadsDone, int written,
                           int qualified, int skipped, Instant startedAt, Instant finishedAt, String error) {
        Progress with(String s) {
            return new Progress(modelVersion, s, events, leads, leadsDone, written, qualified, skipped, startedAt,
                    finishedAt, error);
        }
    }

    private final EventSource archive;
    private final LeadStore live;
    private final ScoringModel model;
    private final LeadScorer scorer;
    private final LeadIds leadIds;
    private final Clock clock;
    private final Consumer<Progress> progress;

    public RescoreService(EventSource archive, LeadStore live, ScoringModel model, LeadScorer scorer, LeadIds leadIds,
                          Clock clock, Consumer<Progress> progress) {
        this.archive = archive;
        this.live = live;
        this.model = model;
        this.scorer = scorer;
        this.leadIds = leadIds;
        this.clock = clock;
        this.progress = progress;
    }

    /** Runs both passes and returns the last progress (done, or failed naming why). */
    public Progress run() {
        Instant started = clock.instant();
        Progress p = new Progress(model.version(), "replaying", 0, 0, 0, 0, 0, 0, started, null, null);
        report(p);
        try {
            InMemoryLeadStore replayed = replay();
            List<LeadKey> keys = replayed.all().entrySet().stream().filter(e -> e.getValue() instanceof Stored.Lead)
                    .map(Map.Entry::getKey).sorted((a, b) -> a.id().compareTo(b.id())).toList();
            long events = replayedEvents;
            p = new Progress(model.version(), "writing", events, keys.size(), 0, 0, 0, 0, started, null, null);
            report(p);
            int written = 0;
            int qualified = 0;
            int skipped = 0;
            ModelChange change = new ModelChange(model, scorer);
            for (int from = 0; from < keys.size(); from += PAGE) {
                List<LeadKey> page = keys.subList(from, Math.min(keys.size(), from + PAGE));
                Map<LeadKey, Stored> current = live.load(page, true);
                for (LeadKey key : page) {
                    LeadState r = ((Stored.Lead) replayed.all().get(key)).state();
                    switch (write(key, current.get(key), r, change)) {
                        case WRITTEN -> written++;
                        case QUALIFIED -> {
                            written++;
                            qualified++;
                        }
                        case SKIPPED -> skipped++;
                        case UNCHANGED -> { }
                    }
                }
                p = new Progress(model.version(), "writing", events, keys.size(), from + page.size(), written, qualified,
                        skipped, started, null, null);
                report(p);
            }
            p = new Progress(model.version(), "done", events, keys.size(), keys.size(), written, qualified, skipped,
                    started, clock.instant(), null);
        } catch (RuntimeException e) {
            p = new Progress(p.modelVersion(), "failed", p.events(), p.leads(), p.leadsDone(), p.written(), p.qualified(),
                    p.skipped(), started, clock.instant(), e.toString());
        }
        report(p);
        return p;
    }

    private long replayedEvents;

    /** The archive scored under the new model in memory, each batch at the time of its latest event. */
    private InMemoryLeadStore replay() {
        InMemoryLeadStore store = new InMemoryLeadStore();
        ReplayClock at = new ReplayClock();
        ScoreService scoring = new ScoreService(store, scorer, leadIds, at);
        List<ScoreService.Item> batch = new ArrayList<>(REPLAY_BATCH);
        long[] n = {0};
        Consumer<List<ScoreService.Item>> score = items -> {
            at.now = items.stream().map(i -> i.event().timestamp()).max(Instant::compareTo).orElseThrow();
            ScoreService.Result r = scoring.score(List.copyOf(items));
            if (!r.failedMessageIds().isEmpty()) {
                throw new IllegalStateException("replay could not score archived events: " + r.errors());
            }
            items.clear();
        };
        archive.forEach(e -> {
            batch.add(new ScoreService.Item("archive-" + n[0]++, e));
            if (batch.size() == REPLAY_BATCH) {
                score.accept(batch);
            }
        });
        if (!batch.isEmpty()) {
            score.accept(batch);
        }
        replayedEvents = n[0];
        return store;
    }

    private enum Written { WRITTEN, QUALIFIED, SKIPPED, UNCHANGED }

    private Written write(LeadKey key, Stored stored, LeadState replayed, ModelChange change) {
        for (int attempt = 1; ; attempt++) {
            if (!(stored instanceof Stored.Lead lead)) {
                return Written.SKIPPED; // erased, merged into another lead, or expired since: nothing to re-score
            }
            LeadState now = lead.state();
            if (now.lastSeen() != null && replayed.lastSeen() != null && now.lastSeen().isAfter(replayed.lastSeen())) {
                return Written.SKIPPED;
            }
            Outcome outcome = change.apply(now, replayed, clock.instant());
            if (outcome == null) {
                return Written.UNCHANGED;
            }
            try {
                live.write(key, outcome, List.of(), clock.instant());
                return outcome.qualified() ? Written.QUALIFIED : Written.WRITTEN;
            } catch (VersionConflictException e) {
                if (attempt == ATTEMPTS) {
                    Log.event("rescore.conflict", Map.of("leadId", key.id(), "attempts", attempt));
                    return Written.SKIPPED;
                }
                stored = live.load(List.of(key), true).get(key);
            }
        }
    }

    private void report(Progress p) {
        Log.event("rescore.progress", Map.of("modelVersion", p.modelVersion(), "state", p.state(), "events", p.events(),
                "leads", p.leads(), "leadsDone", p.leadsDone(), "written", p.written(), "qualified", p.qualified(),
                "skipped", p.skipped()));
        progress.accept(p);
    }

    /** The replay's processing time: the latest event of the batch being scored. */
    private static final class ReplayClock extends Clock {
        volatile Instant now = Instant.EPOCH;

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
