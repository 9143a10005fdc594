package io.mqlengine.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqlengine.Ev;
import io.mqlengine.identity.LeadIds;
import io.mqlengine.journey.ManualClock;
import io.mqlengine.scoring.LeadScorer;
import io.mqlengine.scoring.Outcome;
import io.mqlengine.scoring.ScoringModelLoader;
import io.mqlengine.store.IdentityLink;
import io.mqlengine.store.InMemoryLeadStore;
import io.mqlengine.store.LeadKey;
import io.mqlengine.store.Stored;
import io.mqlengine.testing.DelegatingStore;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** An erasure racing the scoring path, on the in-memory store: the tombstone always wins. */
class ErasureRaceTest {
    private static final LeadIds IDS = new LeadIds("erasure-race-lead-id-secret");
    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    private static final String EMAIL = "ada@acme.io";

    private final InMemoryLeadStore memory = new InMemoryLeadStore();
    private final ManualClock clock = new ManualClock(T0.plusSeconds(60));
    private final String leadId = IDS.forEmail(EMAIL);

    private ScoreService service(io.mqlengine.store.LeadStore store) {
        return new ScoreService(store, new LeadScorer(ScoringModelLoader.loadDefault()), IDS, clock);
    }

    private static List<ScoreService.Item> items(io.mqlengine.model.TrackingEvent... events) {
        return java.util.Arrays.stream(events).map(e -> new ScoreService.Item("m-" + e.eventId(), e)).toList();
    }

    @Test
    void score_shouldDropTheEvents_whenTheLeadIsErasedBetweenTheBatchsReadAndItsWrite() {
        service(memory).score(items(Ev.identify("anon-1", Ev.fitting(EMAIL), T0)));
        AtomicBoolean erased = new AtomicBoolean();
        DelegatingStore racing = new DelegatingStore(memory) {
            @Override
            public void write(LeadKey key, Outcome outcome, List<IdentityLink> links, Instant now) {
                if (erased.compareAndSet(false, true)) {
                    new LeadErasure(memory, clock).erase(leadId);
                }
                super.write(key, outcome, links, now);
            }
        };
        ScoreService.Result r = service(racing).score(items(Ev.page("anon-1", "/pricing", T0.plusSeconds(5)),
                Ev.track("anon-1", "Demo Requested", T0.plusSeconds(6))));
        assertThat(r.failedMessageIds()).isEmpty();
        assertThat(r.busyMessageIds()).isEmpty();
        assertThat(r.erased()).isEqualTo(2);
        assertThat(memory.all().get(LeadKey.lead(leadId))).isInstanceOf(Stored.Erased.class);
        assertThat(memory.all().get(LeadKey.anonymous("anon-1"))).isInstanceOf(Stored.Erased.class);
    }

    @Test
    void erase_shouldReadAgainAndEraseTheNewerVersion_whenABatchWroteTheLeadMeanwhile() {
        service(memory).score(items(Ev.identify("anon-1", Ev.fitting(EMAIL), T0)));
        AtomicBoolean wrote = new AtomicBoolean();
        DelegatingStore racing = new DelegatingStore(memory) {
            @Override
            public void tombstone(LeadKey key, Stored expected, Instant erasedAt, Instant expiresAt) {
                if (!key.anonymous() && wrote.compareAndSet(false, true)) {
                    // a batch identifies a second device on the lead just before the lead's tombstone
                    service(memory).score(items(Ev.identify("anon-2", Ev.fitting(EMAIL), T0.plusSeconds(30))));
                }
                super.tombstone(key, expected, erasedAt, expiresAt);
            }
        };
        LeadErasure.Result r = new LeadErasure(racing, clock).erase(leadId);
        assertThat(r.found()).isTrue();
        assertThat(r.aliases()).as("the first device, then the second one the batch linked").isEqualTo(2);
        assertThat(memory.all().values()).allMatch(s -> s instanceof Stored.Erased);
    }

    @Test
    void score_shouldNotLinkAnAnonymousIdToAnErasedLead_norApplyItsEvents() {
        service(memory).score(items(Ev.identify("anon-1", Ev.fitting(EMAIL), T0)));
        new LeadErasure(memory, clock).erase(leadId);
        ScoreService.Result r = service(memory).score(items(Ev.identify("anon-9", Ev.fitting(EMAIL),
                T0.plusSeconds(90)), Ev.page("anon-9", "/pricing", T0.plusSeconds(91)),
                Ev.alias("anon-1", "user-1", T0.plusSeconds(92))));
        assertThat(r.erased()).isEqualTo(3);
        assertThat(r.failedMessageIds()).isEmpty();
        assertThat(memory.all()).containsOnlyKeys(LeadKey.lead(leadId), LeadKey.anonymous("anon-1"));
    }
}
