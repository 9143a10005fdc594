package io.mqlengine.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqlengine.identity.LeadIds;
import io.mqlengine.model.EventType;
import io.mqlengine.model.TrackingEvent;
import io.mqlengine.scoring.Cap;
import io.mqlengine.scoring.LeadScorer;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.scoring.ScoringModel;
import io.mqlengine.scoring.ScoringModelLoader;
import io.mqlengine.service.ScoreService;
import io.mqlengine.store.InMemoryLeadStore;
import io.mqlengine.store.LeadKey;
import io.mqlengine.store.Stored;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The soak's premise: its traffic scores the same in any arrival order, every event scoring below its rule's cap. */
class SoakTrafficTest {
    private static final ScoringModel MODEL = ScoringModelLoader.load(Path.of("..", "model", "scoring-model.json"));
    private static final String SECRET = "soak-traffic-test-secret";
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    @Test
    void traffic_shouldScoreTheSameInAnyArrivalOrder_withEveryRuleBelowItsCap() {
        SoakTraffic traffic = new SoakTraffic(MODEL, 40, 11, "demo-write-key", Clock.fixed(NOW, ZoneOffset.UTC),
                Duration.ofMinutes(1));
        List<TrackingEvent> identifies = events(traffic.identifies());
        List<TrackingEvent> rest = new ArrayList<>(events(traffic.burst()));
        for (int i = 0; i < 400; i++) {
            rest.addAll(traffic.next().events());
        }
        List<TrackingEvent> all = new ArrayList<>(identifies);
        all.addAll(rest);

        Map<String, SoakCheck.Figures> sorted = figures(SoakReplay.replay(all, MODEL, SECRET, NOW));
        Collections.shuffle(rest, new Random(3));
        Map<String, SoakCheck.Figures> shuffled = oneByOne(identifies, rest);

        SoakCheck.Result r = SoakCheck.compare(sorted, shuffled);
        assertThat(r.examples()).isEmpty();
        assertThat(r.clean()).isTrue();
        int scored = 0;
        for (SoakCheck.Figures f : sorted.values()) {
            for (Map.Entry<String, Integer> c : f.counts().entrySet()) {
                Cap cap = MODEL.rule(c.getKey()).cap();
                assertThat(cap).isInstanceOf(Cap.PerPeriod.class);
                assertThat(c.getValue()).as(c.getKey()).isLessThan(((Cap.PerPeriod) cap).max());
                scored += c.getValue();
            }
        }
        assertThat(scored).as("scorings among " + all.size() + " events").isGreaterThan(all.size() / 10);
        assertThat(identifies).allMatch(e -> e.type() == EventType.IDENTIFY);
    }

    /** Each event alone, in the given order: the most out of order the twin could deliver them. */
    private static Map<String, SoakCheck.Figures> oneByOne(List<TrackingEvent> first, List<TrackingEvent> then) {
        InMemoryLeadStore store = new InMemoryLeadStore();
        ScoreService service = new ScoreService(store, new LeadScorer(MODEL), new LeadIds(SECRET),
                Clock.fixed(NOW, ZoneOffset.UTC));
        List<TrackingEvent> order = new ArrayList<>(first);
        order.addAll(then);
        for (TrackingEvent e : order) {
            assertThat(service.score(List.of(new ScoreService.Item(e.eventId(), e))).failedMessageIds()).isEmpty();
        }
        Map<LeadKey, LeadState> leads = new HashMap<>();
        store.all().forEach((k, s) -> {
            if (s instanceof Stored.Lead l) {
                leads.put(k, l.state());
            }
        });
        return figures(leads);
    }

    private static Map<String, SoakCheck.Figures> figures(Map<LeadKey, LeadState> leads) {
        Map<String, SoakCheck.Figures> out = new HashMap<>();
        leads.forEach((k, s) -> out.put(k.pk(), SoakCheck.Figures.of(s, NOW)));
        return out;
    }

    private static List<TrackingEvent> events(List<SoakRequest> requests) {
        return requests.stream().flatMap(q -> q.events().stream()).toList();
    }
}
