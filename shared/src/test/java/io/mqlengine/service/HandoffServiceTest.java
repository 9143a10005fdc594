package io.mqlengine.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqlengine.Ev;
import io.mqlengine.journey.ManualClock;
import io.mqlengine.identity.LeadIds;
import io.mqlengine.scoring.LeadScorer;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.scoring.ScoringModel;
import io.mqlengine.scoring.ScoringModelLoader;
import io.mqlengine.store.InMemoryLeadStore;
import io.mqlengine.store.LeadKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HandoffServiceTest {
    private static final ScoringModel MODEL = ScoringModelLoader.loadDefault();
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final LeadIds IDS = new LeadIds("handoff-service-test-secret");

    @Test
    void handOff_shouldSendNothing_whenTheLeadWasDisqualifiedBeforeItsHandoff() {
        InMemoryLeadStore store = new InMemoryLeadStore();
        ManualClock clock = new ManualClock(T0);
        ScoreService scoring = new ScoreService(store, new LeadScorer(MODEL), IDS, clock);
        scoring.score(List.of(new ScoreService.Item("m1", Ev.identify("a", Ev.fitting("ada@acme.io"), T0)),
                new ScoreService.Item("m2", Ev.track("a", "Demo Requested", T0.plusSeconds(1)))));
        LeadKey ada = LeadKey.lead(IDS.forEmail("ada@acme.io"));
        LeadState image = store.get(ada);
        assertThat(image.handoffPending()).isTrue();
        scoring.score(List.of(new ScoreService.Item("m3", Ev.track("a", "Unsubscribed", T0.plusSeconds(2)))));

        List<String> sent = new ArrayList<>();
        HandoffService handoff = new HandoffService(store, (id, group, body) -> sent.add(id), MODEL, clock);
        assertThat(handoff.handOff(image)).isEqualTo(HandoffService.Result.NOT_PENDING);
        assertThat(sent).isEmpty();
    }

    @Test
    void handOff_shouldSendOnce_andNotAgainForAReplayedImage() {
        InMemoryLeadStore store = new InMemoryLeadStore();
        ManualClock clock = new ManualClock(T0);
        new ScoreService(store, new LeadScorer(MODEL), IDS, clock).score(List.of(
                new ScoreService.Item("m1", Ev.identify("a", Ev.fitting("bo@acme.io"), T0)),
                new ScoreService.Item("m2", Ev.track("a", "Trial Started", T0.plusSeconds(1)))));
        LeadState image = store.get(LeadKey.lead(IDS.forEmail("bo@acme.io")));
        List<String> sent = new ArrayList<>();
        HandoffService handoff = new HandoffService(store, (id, group, body) -> sent.add(id), MODEL, clock);
        assertThat(handoff.handOff(image)).isEqualTo(HandoffService.Result.SENT);
        assertThat(handoff.handOff(image)).isEqualTo(HandoffService.Result.ALREADY_HANDED_OFF);
        assertThat(sent).containsExactly(image.id() + "#1");
    }
}
