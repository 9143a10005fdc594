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
import io.mqlengine.store.LeadKey;
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

        // this batch reads the anonymous lead; before it writes, another batch links it to Ada
        LeadStore racing = new DelegatingStore(memory) {
            private boolean raced;

            @Override
            public Map<LeadKey, Stored> load(Collection<LeadKey> keys, boolean consistent) {
                Map<LeadKey, Stored> read = super.load(keys, consistent);
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
        LeadState ada = memory.get(LeadKey.lead(IDS.forEmail("ada@acme.io")));
        assertThat(ada.contributions()).containsKeys("pricing-page", "webinar-attended");
        assertThat(memory.all().get(LeadKey.anonymous("anon-x"))).isInstanceOf(Stored.Alias.class);
    }

    @Test
    void score_shouldLinkTheVisitorToTheLead_whenAConcurrentBatchIdentifiedTheUserAnAliasWasToNote() {
        InMemoryLeadStore memory = new InMemoryLeadStore();
        ManualClock clock = new ManualClock(T0);
        ScoreService other = new ScoreService(memory, new LeadScorer(MODEL), IDS, clock);
        other.score(List.of(new ScoreService.Item("m0", Ev.page("anon-y", "/pricing", T0)),
                new ScoreService.Item("m1", Ev.ofUser("user-7", Ev.track("-", "Webinar Attended", T0)))));

        // this batch reads both leads as anonymous; before it writes, another batch identifies the user
        LeadStore racing = new DelegatingStore(memory) {
            private boolean raced;

            @Override
            public Map<LeadKey, Stored> load(Collection<LeadKey> keys, boolean consistent) {
                Map<LeadKey, Stored> read = super.load(keys, consistent);
                if (!raced) {
                    raced = true;
                    other.score(List.of(new ScoreService.Item("m2",
                            Ev.ofUser("user-7", Ev.identify("-", Ev.fitting("ada@acme.io"), T0.plusSeconds(5))))));
                }
                return read;
            }
        };
        ScoreService late = new ScoreService(racing, new LeadScorer(MODEL), IDS, clock);
        ScoreService.Result r = late.score(List.of(new ScoreService.Item("m3",
                Ev.alias("anon-y", "user-7", T0.plusSeconds(10)))));

        assertThat(r.failedMessageIds()).isEmpty();
        assertThat(r.conflicts()).as("the user's note met the alias the identify wrote").isEqualTo(1);
        String ada = IDS.forEmail("ada@acme.io");
        assertThat(memory.get(LeadKey.lead(ada)).contributions()).containsKeys("pricing-page", "webinar-attended");
        assertThat(memory.all().get(LeadKey.anonymous("anon-y"))).isInstanceOf(Stored.Alias.class)
                .extracting(s -> ((Stored.Alias) s).leadId()).isEqualTo(ada);
    }

    @Test
    void score_shouldKeepTwoPeoplesTraitsApart_whenBothIdentifyOnOneBrowserInOneBatch() {
        InMemoryLeadStore memory = new InMemoryLeadStore();
        ScoreService service = new ScoreService(memory, new LeadScorer(MODEL), IDS, new ManualClock(T0));
        ScoreService.Result r = service.score(List.of(
                new ScoreService.Item("m1", Ev.identify("shared", Ev.fitting("ceo@acme.io"), T0)),
                new ScoreService.Item("m2", Ev.page("shared", "/pricing", T0.plusSeconds(1))),
                new ScoreService.Item("m3", Ev.identify("shared",
                        new io.mqlengine.model.Traits("intern@gmail.com", null, null, "Intern", null, null, null, null),
                        T0.plusSeconds(2)))));
        assertThat(r.failedMessageIds()).isEmpty();
        LeadState ceo = memory.get(LeadKey.lead(IDS.forEmail("ceo@acme.io")));
        LeadState intern = memory.get(LeadKey.lead(IDS.forEmail("intern@gmail.com")));
        assertThat(ceo.traits().title()).isEqualTo("VP Engineering");
        assertThat(intern.traits().title()).isEqualTo("Intern");
        assertThat(intern.traits().company()).isNull();
        assertThat(intern.grade()).isEqualTo(io.mqlengine.model.Grade.F);
        assertThat(memory.all().get(LeadKey.anonymous("shared")))
                .isEqualTo(new Stored.Alias("shared", IDS.forEmail("intern@gmail.com"), 1));
    }

    @Test
    void score_shouldApplyEveryEventOfOneBusyLead_inOneBatch_andOnlyOnceWhenRedelivered() {
        InMemoryLeadStore memory = new InMemoryLeadStore();
        ScoreService service = new ScoreService(memory, new LeadScorer(MODEL), IDS, new ManualClock(T0));
        List<ScoreService.Item> items = new java.util.ArrayList<>();
        for (int i = 0; i < 120; i++) {
            items.add(new ScoreService.Item("m" + i, Ev.page("busy", "/blog/" + i, T0.plusSeconds(i))));
        }
        ScoreService.Result r = service.score(items);
        assertThat(r.eventsApplied()).isEqualTo(120);
        assertThat(r.failedMessageIds()).isEmpty();
        assertThat(r.busyMessageIds()).isEmpty();
        ScoreService.Result redelivered = service.score(items);
        assertThat(redelivered.eventsApplied()).as("every one remembered").isZero();
        assertThat(redelivered.leadsWritten()).isZero();
    }
}
