package io.mqlengine.journey;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqlengine.identity.LeadIds;
import io.mqlengine.json.Json;
import io.mqlengine.json.Problem;
import io.mqlengine.model.EventType;
import io.mqlengine.model.TrackingEvent;
import io.mqlengine.scoring.LeadScorer;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.scoring.ScoringModel;
import io.mqlengine.service.HandoffService;
import io.mqlengine.service.ScoreService;
import io.mqlengine.service.SweepService;
import io.mqlengine.store.InMemoryLeadStore;
import io.mqlengine.store.LeadKey;
import io.mqlengine.store.Stored;
import io.mqlengine.validation.Limits;
import io.mqlengine.validation.TrackingRequest;
import io.mqlengine.validation.TrackingRequestParser;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a journey through the whole engine in memory, step by step as the pipeline would: validation at the
 * step's time, scoring a second later, handoff of every pending qualification, and the sweep at the
 * journey's later checks. The journey tests assert on the result; {@code explain} prints it.
 */
public final class JourneyRunner {
    private final ScoringModel model;
    private final LeadIds leadIds;

    public JourneyRunner(ScoringModel model, String leadIdSecret) {
        this.model = model;
        this.leadIds = new LeadIds(leadIdSecret);
    }

    /** One step: the event as validated (or the problems that rejected it), and the subject's lead before and after. */
    public record StepResult(int number, Journey.Step step, TrackingEvent event, List<Problem> problems,
                             LeadState before, LeadState after) {
    }

    /** A later sweep: the subject's state after it, and what a second sweep at the same instant wrote. */
    public record LaterResult(Journey.Later later, LeadState state, int rerunWrites) {
    }

    /**
     * The steps, the handoff messages sent, the later sweeps, and the journey's subject: the lead its latest
     * identify with an email names, or else the lead of its first event's anonymous id.
     */
    public record Result(List<StepResult> steps, List<String> handoffs, List<LaterResult> later, LeadState end,
                         Instant endedAt) {
        /** The step after which the subject first qualified, or null. */
        public Integer qualifiedAtStep() {
            for (StepResult s : steps) {
                if (s.after() != null && s.after().qualifications() > 0) {
                    return s.number();
                }
            }
            return null;
        }
    }

    public Result run(Journey j, Instant start) {
        ManualClock clock = new ManualClock(start);
        InMemoryLeadStore store = new InMemoryLeadStore();
        LeadScorer scorer = new LeadScorer(model);
        ScoreService scoring = new ScoreService(store, scorer, leadIds, clock);
        List<String> handoffs = new ArrayList<>();
        HandoffService handoff = new HandoffService(store, (id, group, body) -> handoffs.add(body), model, clock);
        TrackingRequestParser parser = new TrackingRequestParser(Limits.DEFAULT);
        List<StepResult> steps = new ArrayList<>();
        LeadKey subject = null;
        for (int i = 0; i < j.steps().size(); i++) {
            Journey.Step step = j.steps().get(i);
            Instant at = start.plus(step.at());
            ObjectNode request = Json.object().put("writeKey", "journey");
            request.putArray("events").add(step.eventAt(j.file() + "-" + (i + 1), start));
            TrackingRequest parsed = parser.parse(request.toString().getBytes(StandardCharsets.UTF_8), at);
            if (!parsed.rejected().isEmpty()) {
                LeadState same = subject == null ? null : state(store, subject);
                steps.add(new StepResult(i + 1, step, null, parsed.rejected().get(0).problems(), same, same));
                continue;
            }
            TrackingEvent e = parsed.accepted().get(0).event();
            if (e.type() == EventType.IDENTIFY && e.email() != null) {
                subject = LeadKey.lead(leadIds.forEmail(e.email()));
            } else if (subject == null) {
                subject = LeadKey.anonymous(e.anonymousId());
            }
            LeadState before = state(store, subject);
            clock.set(at.plusSeconds(1));
            ScoreService.Result r = scoring.score(List.of(new ScoreService.Item("m" + i, e)));
            if (!r.failedMessageIds().isEmpty()) {
                throw new IllegalStateException("step " + (i + 1) + " of " + j + " failed: " + r.errors());
            }
            for (Stored s : store.all().values()) {
                if (s instanceof Stored.Lead p && p.state().handoffPending()) {
                    handoff.handOff(p.state());
                }
            }
            steps.add(new StepResult(i + 1, step, e, List.of(), before, state(store, subject)));
        }
        Instant endedAt = clock.instant();
        LeadState end = state(store, subject);
        SweepService sweep = new SweepService(store, scorer, clock);
        List<LaterResult> later = new ArrayList<>();
        for (Journey.Later l : j.later()) {
            clock.set(start.plus(l.at()));
            sweep.sweep(() -> true);
            LeadState after = state(store, subject);
            later.add(new LaterResult(l, after, sweep.sweep(() -> true).written()));
        }
        return new Result(List.copyOf(steps), List.copyOf(handoffs), List.copyOf(later), end, endedAt);
    }

    private static LeadState state(InMemoryLeadStore store, LeadKey key) {
        return store.all().get(key) instanceof Stored.Lead p ? p.state() : null;
    }
}
