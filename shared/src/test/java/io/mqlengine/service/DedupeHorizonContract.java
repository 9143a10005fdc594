package io.mqlengine.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqlengine.Ev;
import io.mqlengine.identity.LeadIds;
import io.mqlengine.journey.ManualClock;
import io.mqlengine.model.TrackingEvent;
import io.mqlengine.model.Traits;
import io.mqlengine.scoring.LeadScorer;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.scoring.ScoringModel;
import io.mqlengine.scoring.ScoringModelLoader;
import io.mqlengine.scoring.SeenIds;
import io.mqlengine.store.LeadKey;
import io.mqlengine.store.LeadStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every event a lead applied within the dedupe horizon is recognised, however many came in between: on the lead
 * item while it has few, in its overflow items once it has many, across days, and after an anonymous visitor's
 * history is merged into a lead. Run on each store.
 */
abstract class DedupeHorizonContract {
    static final ScoringModel MODEL = ScoringModelLoader.loadDefault();
    static final LeadIds IDS = new LeadIds("dedupe-horizon-test-secret");
    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    private LeadStore store;
    private ManualClock clock;
    private ScoreService service;
    private int messages;

    abstract LeadStore newStore();

    @BeforeEach
    void createService() {
        store = newStore();
        clock = new ManualClock(T0);
        service = new ScoreService(store, new LeadScorer(MODEL), IDS, clock);
    }

    private ScoreService.Result score(List<TrackingEvent> events) {
        List<ScoreService.Item> items = new ArrayList<>();
        events.forEach(e -> items.add(new ScoreService.Item("m-" + (++messages), e)));
        ScoreService.Result r = service.score(items);
        assertThat(r.failedMessageIds()).as("failed; errors %s", r.errors()).isEmpty();
        assertThat(r.busyMessageIds()).isEmpty();
        return r;
    }

    /** {@code n} page views of {@code anon}, a second apart, ending now. */
    private List<TrackingEvent> pages(String anon, String prefix, int n) {
        List<TrackingEvent> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Ev.page(anon, "/" + prefix + "/" + i, clock.instant().minusSeconds(n - i)));
        }
        return out;
    }

    @Test
    void score_shouldApplyARetryOnce_afterHundredsOfNewerEventsSpilledItsIdToTheOverflow() {
        TrackingEvent first = Ev.page("anon-busy", "/first", T0.minusSeconds(5));
        score(List.of(first));
        for (int batch = 0; batch < 10; batch++) {
            clock.advance(Duration.ofMinutes(10));
            score(pages("anon-busy", "b" + batch, 40));
        }
        LeadState busy = store.get(LeadKey.anonymous("anon-busy"));
        assertThat(busy.seen().unloadedDays()).as("days whose ids went to the overflow").isNotEmpty();
        assertThat(busy.seen().inlineCount()).isLessThanOrEqualTo(SeenIds.INLINE_MAX + 40);
        assertThat(store.loadOverflow(LeadKey.anonymous("anon-busy"), busy.seen().unloadedDays()).values())
                .as("the overflow items").isNotEmpty();
        int views = busy.contributions().get("page-view").count();

        ScoreService.Result retried = score(List.of(first));

        assertThat(retried.eventsApplied()).isZero();
        assertThat(retried.leadsWritten()).isZero();
        assertThat(store.get(LeadKey.anonymous("anon-busy")).contributions().get("page-view").count()).isEqualTo(views);
    }

    @Test
    void score_shouldApplyARetryOnce_daysLater_untilTheHorizon() {
        TrackingEvent first = Ev.track("anon-late", "Email Link Clicked", T0.minusSeconds(5));
        score(List.of(first));
        for (int day = 1; day <= 6; day++) {
            clock.advance(Duration.ofDays(1));
            score(pages("anon-late", "d" + day, 30));
        }

        ScoreService.Result retried = score(List.of(first));

        assertThat(retried.eventsApplied()).isZero();
        assertThat(store.get(LeadKey.anonymous("anon-late")).contributions().get("email-click").count()).isEqualTo(1);
        clock.advance(LeadScorer.DEFAULT_DEDUPE_HORIZON);
        score(pages("anon-late", "later", 1));
        assertThat(store.get(LeadKey.anonymous("anon-late")).seen().days()).as("days past the horizon forgotten")
                .allSatisfy(d -> assertThat(d).isGreaterThan(SeenIds.day(T0.plus(Duration.ofDays(5)))));
        assertThat(score(List.of(first)).eventsApplied()).as("a retry from beyond the horizon is new again").isEqualTo(1);
    }

    @Test
    void score_shouldApplyAnAnonymousRetryOnce_afterTheBusyVisitorIdentified() {
        TrackingEvent early = Ev.page("anon-merge", "/early", T0.minusSeconds(5));
        score(List.of(early));
        for (int batch = 0; batch < 4; batch++) {
            clock.advance(Duration.ofMinutes(10));
            score(pages("anon-merge", "b" + batch, 30));
        }
        LeadState visitor = store.get(LeadKey.anonymous("anon-merge"));
        assertThat(visitor.seen().unloadedDays()).as("the visitor spilled").isNotEmpty();
        clock.advance(Duration.ofMinutes(10));
        score(List.of(Ev.identify("anon-merge", new Traits("ada@acme.io", null, null, null, null, null, null, null),
                clock.instant().minusSeconds(1))));
        LeadKey lead = LeadKey.lead(IDS.forEmail("ada@acme.io"));
        int views = store.get(lead).contributions().get("page-view").count();
        assertThat(views).as("the visitor's history merged").isEqualTo(visitor.contributions().get("page-view").count());

        ScoreService.Result retried = score(List.of(early));

        assertThat(retried.eventsApplied()).as("the retry now reaches the lead, which knows it").isZero();
        assertThat(store.get(lead).contributions().get("page-view").count()).isEqualTo(views);
    }
}
