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
import io.mqlengine.store.LeadStore;
import io.mqlengine.store.ProfileKey;
import io.mqlengine.store.Stored;
import io.mqlengine.testing.DelegatingStore;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScoreServiceTest {
    private static final ScoringModel MODEL = ScoringModelLoader.loadDefault();
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final LeadIds IDS = new LeadIds("score-service-test-secret");

    @Test
    void score_shouldScoreOnTheLead_whenAConcurrentBatchIdentifiedTheVisitorAfterThisOneRead() {
        InMemoryLeadStore memory = new InMemoryLeadStore();
        ManualClock clock = new ManualClock(T0);
        ScoreService other = new ScoreService(memory, new LeadScorer(MODEL), IDS, clock);
        other.score(List.of(new ScoreService.Item("m0", Ev.page("anon-x", "/pricing", T0))));

        // this batch reads the anonymous profile; before it writes, another batch links it to Ada
        LeadStore racing = new DelegatingStore(memory) {
            private boolean raced;

            @Override
            public Map<ProfileKey, Stored> load(Collection<ProfileKey> keys, boolean consistent) {
                Map<ProfileKey, Stored> read = super.load(keys, consistent);
                if (!raced) {
                    raced = true;
                    other.score(List.of(new ScoreService.Item("m1",
                            Ev.identify("anon-x", Ev.fitting("ada@acme.io"), T0.plusSeconds(5)))));
                }
                return read;
            }
        };
        ScoreService late = new ScoreService(racing, new LeadScorer(MODEL), IDS, clock);
        ScoreService.Result r = late.score(List.of(new ScoreService.Item("m2",
                Ev.track("anon-x", "Webinar Attended", T0.plusSeconds(10)))));

        assertThat(r.failedMessageIds()).isEmpty();
        assertThat(r.conflicts()).isEqualTo(1);
        LeadState ada = memory.get(ProfileKey.lead(IDS.forEmail("ada@acme.io")));
        assertThat(ada.contributions()).containsKeys("pricing-page", "webinar-attended");
        assertThat(memory.all().get(ProfileKey.anonymous("anon-x"))).isInstanceOf(Stored.Alias.class);
    }
}
