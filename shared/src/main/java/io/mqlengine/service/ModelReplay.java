package io.mqlengine.service;

import io.mqlengine.identity.LeadIds;
import io.mqlengine.model.TrackingEvent;
import io.mqlengine.scoring.Explanation;
import io.mqlengine.scoring.LeadScorer;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.scoring.ScoringModel;
import io.mqlengine.store.LeadKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Replays archived events under one model through the engine's own code: {@link ScoreService} over an in-memory
 * store, {@link HandoffService} right after each batch (a handoff that always succeeds at once), and
 * {@link SweepService} at the sweep schedule's ticks whenever a lead's review time has come. Event time drives it:
 * the clock stands at each batch's last event plus {@link #PROCESSING_DELAY}, and at each sweep tick.
 */
final class ModelReplay {
    /** Events of one batch lie within this much event time of its first, as the queue's batching window gathers them. */
    static final Duration BATCH_WINDOW = Duration.ofSeconds(1);
    /** At most this many events in one batch, the score function's batch size. */
    static final int BATCH_SIZE = 100;
    /** How long after its last event a batch is scored, as the journeys assume. */
    static final Duration PROCESSING_DELAY = Duration.ofSeconds(1);
    /** How many rules a qualification's reasons name. */
    static final int REASONS = 3;

    /** One qualification under the model: the lead, when (processing time, as the engine records it) and why. */
    record Qualification(String leadId, String email, Instant at, int number, String cause, double score, String grade,
                         List<WhatIfReport.Reason> reasons) {
    }

    /** Every qualification in time order, and the ids of the known (non-anonymous) leads the replay ended with. */
    record Result(List<Qualification> qualifications, Set<String> leads) {
    }

    private final ScoringModel model;
    private final LeadIds leadIds;
    private final Duration sweepEvery;

    ModelReplay(ScoringModel model, LeadIds leadIds, Duration sweepEvery) {
        this.model = model;
        this.leadIds = leadIds;
        this.sweepEvery = sweepEvery;
    }

    /** Every qualification the model makes of {@code events} (deduplicated, in event-time order), in time order. */
    Result run(List<TrackingEvent> events) {
        List<Qualification> out = new ArrayList<>();
        if (events.isEmpty()) {
            return new Result(out, Set.of());
        }
        ReplayClock clock = new ReplayClock(events.get(0).timestamp());
        ReplayLeadStore store = new ReplayLeadStore();
        LeadScorer scorer = new LeadScorer(model);
        ScoreService scoring = new ScoreService(store, scorer, leadIds, clock);
        SweepService sweep = new SweepService(store, scorer, clock);
        HandoffService handoff = new HandoffService(store, (id, group, body) -> { }, model, clock);
        Sweeps ticks = new Sweeps(sweepEvery);
        int i = 0;
        while (i < events.size()) {
            Instant first = events.get(i).timestamp();
            List<ScoreService.Item> batch = new ArrayList<>();
            while (i < events.size() && batch.size() < BATCH_SIZE
                    && events.get(i).timestamp().isBefore(first.plus(BATCH_WINDOW))) {
                TrackingEvent e = events.get(i++);
                batch.add(new ScoreService.Item(e.eventId(), e));
            }
            Instant at = batch.get(batch.size() - 1).event().timestamp().plus(PROCESSING_DELAY);
            sweepUntil(at, store, sweep, clock, ticks);
            clock.set(at);
            ScoreService.Result r = scoring.score(batch);
            if (!r.errors().isEmpty()) {
                throw new IllegalStateException("replay scoring failed at " + at + ": " + r.errors());
            }
            for (LeadKey key : store.drainWritten()) {
                LeadState lead = store.lead(key);
                if (lead != null && lead.handoffPending()) {
                    out.add(qualification(lead));
                    handoff.handOff(lead);
                }
            }
        }
        sweepUntil(clock.instant(), store, sweep, clock, ticks);
        return new Result(out, store.knownLeads());
    }

    /** Runs the sweep at every tick up to {@code until} at which some lead is due. */
    private void sweepUntil(Instant until, ReplayLeadStore store, SweepService sweep, ReplayClock clock, Sweeps ticks) {
        Instant due;
        while ((due = store.nextReview()) != null) {
            Instant tick = ticks.next(due);
            if (tick.isAfter(until)) {
                return;
            }
            ticks.used(tick);
            clock.set(tick);
            sweep.sweep(() -> true);
            store.drainWritten();
        }
    }

    private Qualification qualification(LeadState lead) {
        Instant at = lead.qualifiedAt() != null ? lead.qualifiedAt() : lead.lastSeen();
        List<WhatIfReport.Reason> reasons = Explanation.topReasons(lead, model, at, REASONS).stream()
                .map(r -> new WhatIfReport.Reason(r.ruleId(), Math.round(r.points() * 10) / 10.0)).toList();
        return new Qualification(lead.id(), lead.traits().email(), at, lead.qualifications(), lead.qualifiedBy(),
                Math.round(lead.scoreAt(at) * 10) / 10.0, lead.grade().name(), reasons);
    }

    /**
     * The sweep schedule's ticks, whole multiples of its period since the epoch (a rate schedule's start is the
     * deployment's, unknown here), each one used at most once.
     */
    private static final class Sweeps {
        private final long periodMillis;
        private long last = Long.MIN_VALUE / 2;

        Sweeps(Duration period) {
            this.periodMillis = period.toMillis();
        }

        /** The first tick at or after {@code due} and after the last tick used. */
        Instant next(Instant due) {
            long t = Math.floorDiv(due.toEpochMilli() + periodMillis - 1, periodMillis) * periodMillis;
            return Instant.ofEpochMilli(Math.max(t, last + periodMillis));
        }

        void used(Instant tick) {
            last = tick.toEpochMilli();
        }
    }
}
