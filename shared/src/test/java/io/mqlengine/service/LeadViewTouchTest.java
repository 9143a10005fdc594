package io.mqlengine.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mqlengine.Ev;
import io.mqlengine.model.EventType;
import io.mqlengine.model.TrackingEvent;
import io.mqlengine.scoring.LeadScorer;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.scoring.ScoringModel;
import io.mqlengine.scoring.ScoringModelLoader;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeadViewTouchTest {
    private static final ScoringModel MODEL = ScoringModelLoader.loadDefault();
    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

    @Test
    void json_shouldShowFirstAndLastTouch_whenTheLeadCameFromACampaignAndALink() {
        TrackingEvent fromAd = new TrackingEvent(Ev.id(), EventType.PAGE, null, "a1", null, null, T0,
                Map.of("page", Map.of("path", "/pricing", "url", "https://acme.io/pricing"),
                        "campaign", Map.of("source", "google", "medium", "cpc", "name", "spring")), Map.of());
        TrackingEvent fromLink = new TrackingEvent(Ev.id(), EventType.PAGE, null, "a1", null, null, T0.plusSeconds(60),
                Map.of("page", Map.of("path", "/blog", "url", "https://acme.io/blog",
                        "referrer", "https://news.example.com/item?id=1")), Map.of());
        LeadState s = new LeadScorer(MODEL).apply(LeadState.fresh("lead-1", false, MODEL), List.of(fromAd, fromLink),
                T0.plusSeconds(60)).state();

        JsonNode n = LeadViewJson.of(LeadView.of(s, MODEL, T0.plusSeconds(120)));

        assertThat(n.get("firstTouch").get("campaign").asText()).isEqualTo("spring");
        assertThat(n.get("firstTouch").get("referrer").isNull()).isTrue();
        assertThat(n.get("lastTouch").get("referrer").asText()).isEqualTo("news.example.com");
        assertThat(n.get("lastTouch").get("at").asText()).isEqualTo("2026-03-01T09:01:00Z");
    }
}
