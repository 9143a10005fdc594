package io.mqlengine.local.bench;

import io.mqlengine.identity.LeadIds;
import io.mqlengine.model.TrackingEvent;
import io.mqlengine.scoring.LeadScorer;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.scoring.ScoringModel;
import io.mqlengine.service.ScoreService;
import io.mqlengine.store.InMemoryLeadStore;
import io.mqlengine.store.LeadKey;
import io.mqlengine.store.Stored;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What every lead should end as: its accepted events, each once, scored in memory by the engine's own
 * {@link ScoreService} over an {@link InMemoryLeadStore}, with the twin's scoring model and lead-id secret, in one
 * batch in scoring order.
 */
final class SoakReplay {
    private SoakReplay() {
    }

    /** The leads the events make, by key. */
    static Map<LeadKey, LeadState> replay(Collection<TrackingEvent> events, ScoringModel model, String leadIdSecret,
                                          Instant now) {
        InMemoryLeadStore store = new InMemoryLeadStore();
        ScoreService service = new ScoreService(store, new LeadScorer(model), new LeadIds(leadIdSecret),
                Clock.fixed(now, ZoneOffset.UTC));
        List<ScoreService.Item> all = events.stream()
                .sorted(Comparator.comparing(TrackingEvent::timestamp).thenComparing(TrackingEvent::eventId))
                .map(e -> new ScoreService.Item(e.eventId(), e)).toList();
        // one batch: a write applies every new event of its lead, so nothing is left for a later one
        ScoreService.Result r = service.score(all);
        if (!r.errors().isEmpty() || !r.failedMessageIds().isEmpty() || !r.busyMessageIds().isEmpty()) {
            throw new IllegalStateException("the replay failed: " + r.errors() + ", " + r.failedMessageIds().size()
                    + " failed, " + r.busyMessageIds().size() + " busy");
        }
        Map<LeadKey, LeadState> out = new HashMap<>();
        store.all().forEach((key, stored) -> {
            if (stored instanceof Stored.Lead lead) {
                out.put(key, lead.state());
            }
        });
        return out;
    }
}
