package io.mqlengine.service;

import io.mqlengine.archive.EventSource;
import io.mqlengine.identity.LeadIds;
import io.mqlengine.model.SalesOutcome;
import io.mqlengine.model.TrackingEvent;
import io.mqlengine.scoring.ScoringModel;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * What-if: replays the same archived events under the live model and a candidate ({@link ModelReplay}, the engine's
 * own scoring, handoff and sweep code in event time, each model on its own thread) and compares what each qualifies,
 * and when, with what sales later did. Sales outcomes are not replayed: they answered the live model's handoffs, and
 * a candidate would have handed off other leads at other times; they are only compared against.
 */
public final class WhatIf {
    /** The sweep's schedule in template.yaml ({@code SweepSchedule}, default {@code rate(5 minutes)}). */
    public static final Duration DEFAULT_SWEEP_EVERY = Duration.ofMinutes(5);

    private final String leadIdSecret;
    private final Duration sweepEvery;

    /**
     * @param leadIdSecret the deployment's secret for lead ids, so that lead ids match those sales outcomes name
     * @param sweepEvery   the sweep's schedule period
     */
    public WhatIf(String leadIdSecret, Duration sweepEvery) {
        this.leadIdSecret = leadIdSecret;
        this.sweepEvery = sweepEvery;
    }

    /** Archived events, deduplicated by event id, in event-time order (archive order among equal times). */
    public record Events(List<TrackingEvent> events, int duplicates) {
        /** Reads every event of {@code source}, keeping the first of each event id. */
        public static Events read(EventSource source) {
            List<TrackingEvent> events = new ArrayList<>();
            Set<String> ids = new HashSet<>();
            int[] duplicates = {0};
            source.forEach(e -> {
                if (ids.add(e.eventId())) {
                    events.add(e);
                } else {
                    duplicates[0]++;
                }
            });
            events.sort(Comparator.comparing(TrackingEvent::timestamp));
            return new Events(List.copyOf(events), duplicates[0]);
        }
    }

    /** Replays {@code source} under both models; {@code outcomes} may be null (none known). */
    public WhatIfReport run(ScoringModel live, ScoringModel candidate, EventSource source, List<SalesOutcome> outcomes) {
        long started = System.nanoTime();
        return run(live, candidate, Events.read(source), outcomes, started);
    }

    /** Replays already-read events under both models. */
    public WhatIfReport run(ScoringModel live, ScoringModel candidate, Events read, List<SalesOutcome> outcomes) {
        return run(live, candidate, read, outcomes, System.nanoTime());
    }

    private WhatIfReport run(ScoringModel live, ScoringModel candidate, Events read, List<SalesOutcome> outcomes,
                             long started) {
        List<TrackingEvent> events = read.events();
        CompletableFuture<ModelReplay.Result> other = CompletableFuture.supplyAsync(
                () -> new ModelReplay(candidate, new LeadIds(leadIdSecret), sweepEvery).run(events), r -> {
                    Thread t = new Thread(r, "what-if-candidate");
                    t.setDaemon(true);
                    t.start();
                });
        ModelReplay.Result l = new ModelReplay(live, new LeadIds(leadIdSecret), sweepEvery).run(events);
        ModelReplay.Result c;
        try {
            c = other.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        Instant from = events.isEmpty() ? null : events.get(0).timestamp();
        Instant to = events.isEmpty() ? null : events.get(events.size() - 1).timestamp();
        Map<String, ModelReplay.Qualification> firstLive = first(l.qualifications());
        Map<String, ModelReplay.Qualification> firstCandidate = first(c.qualifications());
        List<WhatIfReport.Shift> earlier = new ArrayList<>();
        List<WhatIfReport.Shift> later = new ArrayList<>();
        int both = 0;
        for (ModelReplay.Qualification q : firstLive.values()) {
            ModelReplay.Qualification theirs = firstCandidate.get(q.leadId());
            if (theirs == null) {
                continue;
            }
            both++;
            int order = theirs.at().compareTo(q.at());
            if (order != 0) {
                (order < 0 ? earlier : later).add(new WhatIfReport.Shift(q.leadId(), q.email(), q.at(), theirs.at()));
            }
        }
        earlier.sort(Comparator.comparing(WhatIfReport.Shift::candidateAt));
        later.sort(Comparator.comparing(WhatIfReport.Shift::liveAt));
        return new WhatIfReport(side(live, l, from, to), side(candidate, c, from, to), only(firstLive, firstCandidate),
                only(firstCandidate, firstLive), earlier, later, both,
                outcomes == null ? null : new OutcomeComparison(new LeadIds(leadIdSecret)).compare(outcomes,
                        l.qualifications(), c.qualifications(), l.leads()),
                events.size(), read.duplicates(), l.leads().size(), from, to, (System.nanoTime() - started) / 1_000_000);
    }

    /** Each lead's first qualification, in time order. */
    private static Map<String, ModelReplay.Qualification> first(List<ModelReplay.Qualification> all) {
        Map<String, ModelReplay.Qualification> first = new LinkedHashMap<>();
        all.forEach(q -> first.putIfAbsent(q.leadId(), q));
        return first;
    }

    private static List<WhatIfReport.Only> only(Map<String, ModelReplay.Qualification> mine,
                                                Map<String, ModelReplay.Qualification> theirs) {
        List<WhatIfReport.Only> out = new ArrayList<>();
        for (ModelReplay.Qualification q : mine.values()) {
            if (!theirs.containsKey(q.leadId())) {
                out.add(new WhatIfReport.Only(q.leadId(), q.email(), q.at(), q.cause(), q.score(), q.grade(), q.reasons()));
            }
        }
        return out;
    }

    private static WhatIfReport.Side side(ScoringModel model, ModelReplay.Result r, Instant from, Instant to) {
        Map<LocalDate, Integer> weeks = new TreeMap<>();
        if (from != null) {
            for (LocalDate w = week(from); !w.isAfter(week(to)); w = w.plusWeeks(1)) {
                weeks.put(w, 0);
            }
        }
        Set<String> leads = new HashSet<>();
        for (ModelReplay.Qualification q : r.qualifications()) {
            weeks.merge(week(q.at()), 1, Integer::sum);
            leads.add(q.leadId());
        }
        List<WhatIfReport.Week> perWeek = new ArrayList<>();
        weeks.forEach((w, n) -> perWeek.add(new WhatIfReport.Week(w, n)));
        return new WhatIfReport.Side(model.version(), r.qualifications().size(), leads.size(), perWeek);
    }

    /** The Monday (UTC) starting the ISO week of {@code t}. */
    static LocalDate week(Instant t) {
        LocalDate d = t.atOffset(ZoneOffset.UTC).toLocalDate();
        return d.minusDays(d.getDayOfWeek().getValue() - DayOfWeek.MONDAY.getValue());
    }
}
