package io.mqlengine.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqlengine.Ev;
import io.mqlengine.model.EventType;
import io.mqlengine.model.TrackingEvent;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TouchTest {
    private static final ScoringModel MODEL = ScoringModelLoader.loadDefault();
    private static final LeadScorer SCORER = new LeadScorer(MODEL);
    private static final Instant T0 = Instant.parse("2026-06-01T09:00:00Z");

    /** A page view on acme.io with optional UTM parameters and referrer, as the snippet sends it. */
    static TrackingEvent visit(String anon, Map<String, Object> campaign, String referrer, Instant at) {
        Map<String, Object> page = new HashMap<>();
        page.put("path", "/pricing");
        page.put("url", "https://www.acme.io/pricing?x=1");
        if (referrer != null) {
            page.put("referrer", referrer);
        }
        Map<String, Object> context = new HashMap<>();
        context.put("page", page);
        if (campaign != null) {
            context.put("campaign", campaign);
        }
        return new TrackingEvent(Ev.id(), EventType.PAGE, null, anon, null, null, at, context, Map.of());
    }

    static Map<String, Object> utm(String source, String medium, String name) {
        return Map.of("source", source, "medium", medium, "name", name);
    }

    private static LeadState lead() {
        return LeadState.fresh("lead-1", false, MODEL);
    }

    @Test
    void apply_shouldKeepFirstTouchAndMoveLastTouch_whenLaterCampaignsArrive() {
        LeadState s = SCORER.apply(lead(), List.of(visit("a1", utm("google", "cpc", "spring"), null, T0)), T0).state();
        s = SCORER.apply(s, List.of(visit("a1", utm("newsletter", "email", "june"), null, T0.plusSeconds(3600))),
                T0.plusSeconds(3600)).state();

        assertThat(s.firstTouch()).isEqualTo(new Touch("google", "cpc", "spring", null, T0));
        assertThat(s.lastTouch()).isEqualTo(new Touch("newsletter", "email", "june", null, T0.plusSeconds(3600)));
    }

    @Test
    void apply_shouldMakeAnEarlierEventTheFirstTouch_whenItArrivesLate() {
        LeadState s = SCORER.apply(lead(), List.of(visit("a1", utm("google", "cpc", "spring"), null, T0)), T0).state();
        s = SCORER.apply(s, List.of(visit("a1", utm("linkedin", "social", "brand"), null, T0.minusSeconds(60))),
                T0.plusSeconds(10)).state();

        assertThat(s.firstTouch().source()).isEqualTo("linkedin");
        assertThat(s.lastTouch().source()).isEqualTo("google");
    }

    @Test
    void of_shouldKeepTheReferrersHostOnly_whenTheReferrerIsAnotherSite() {
        Touch t = Touch.of(visit("a1", null, "https://News.Example.com/item?id=42&user=ada", T0));

        assertThat(t).isEqualTo(new Touch(null, null, null, "news.example.com", T0));
    }

    @Test
    void of_shouldIgnoreTheReferrer_whenItIsThePagesOwnSite() {
        assertThat(Touch.of(visit("a1", null, "https://acme.io/blog/post", T0))).isNull();
        assertThat(Touch.of(visit("a1", null, "https://www.acme.io/", T0))).isNull();
        assertThat(Touch.of(visit("a1", utm("google", "cpc", "spring"), "https://www.acme.io/", T0)).referrerHost())
                .isNull();
    }

    @Test
    void apply_shouldNotTouch_whenAnEventHasNoCampaignAndNoExternalReferrer() {
        LeadState s = SCORER.apply(lead(), List.of(Ev.page("a1", "/pricing", T0),
                visit("a1", null, "https://www.acme.io/", T0.plusSeconds(5))), T0.plusSeconds(5)).state();

        assertThat(s.firstTouch()).isNull();
        assertThat(s.lastTouch()).isNull();
    }

    @Test
    void of_shouldCutLongPartsAndDropBlankOnes_whenACampaignIsOversized() {
        Touch t = Touch.of(visit("a1", Map.of("source", "x".repeat(300), "medium", " ", "name", "launch"), null, T0));

        assertThat(t.source()).hasSize(Touch.MAX_LENGTH);
        assertThat(t.medium()).isNull();
        assertThat(t.campaign()).isEqualTo("launch");
    }

    @Test
    void of_shouldReadSegmentsReferrerUrl_whenAServerEventHasNoPage() {
        TrackingEvent e = new TrackingEvent(Ev.id(), EventType.TRACK, "Demo Requested", "a1", null, null, T0,
                Map.of("referrer", Map.of("type", "link", "url", "https://partner.example.org/deals")), Map.of());

        assertThat(Touch.of(e).referrerHost()).isEqualTo("partner.example.org");
    }

    @Test
    void merge_shouldTakeTheEarlierFirstAndTheLaterLastTouch_whenAnAnonymousHistoryJoinsALead() {
        LeadState anon = SCORER.apply(LeadState.fresh("a1", true, MODEL),
                List.of(visit("a1", utm("google", "cpc", "spring"), null, T0)), T0).state();
        LeadState known = SCORER.apply(lead(),
                List.of(visit("a2", utm("partner", "referral", "deal"), null, T0.plusSeconds(600))),
                T0.plusSeconds(600)).state();

        LeadState merged = LeadMerge.merge(known, anon, MODEL, T0.plusSeconds(700)).lead();

        assertThat(merged.firstTouch().source()).isEqualTo("google");
        assertThat(merged.lastTouch().source()).isEqualTo("partner");
    }

    @Test
    void apply_shouldSetCreatedAtOnce_whenTheLeadIsFirstWritten() {
        LeadState s = SCORER.apply(lead(), List.of(Ev.page("a1", "/pricing", T0)), T0.plusSeconds(1)).state();
        s = SCORER.apply(s, List.of(Ev.page("a1", "/blog", T0.plusSeconds(60))), T0.plusSeconds(61)).state();

        assertThat(s.createdAt()).isEqualTo(T0.plusSeconds(1));
    }
}
