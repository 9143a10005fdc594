package io.mqlengine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mqlengine.Ev;
import io.mqlengine.model.SalesOutcome;
import io.mqlengine.model.Stage;
import io.mqlengine.scoring.LeadScorer;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.scoring.ScoringModel;
import io.mqlengine.scoring.ScoringModelLoader;
import io.mqlengine.scoring.Touch;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FunnelTallyTest {
    private static final ScoringModel MODEL = ScoringModelLoader.loadDefault();
    private static final LeadScorer SCORER = new LeadScorer(MODEL);
    private static final Instant T0 = Instant.parse("2026-06-01T09:00:00Z");

    private static LeadState created() {
        return SCORER.apply(LeadState.fresh("lead-1", false, MODEL),
                List.of(Ev.identify("a1", Ev.fitting("ada@acme.io"), T0)), T0).state();
    }

    @Test
    void between_shouldCountANewLead_onTheDayItWasCreated() {
        FunnelTally t = FunnelTally.between(null, created()).orElseThrow();

        assertThat(t.counts()).isEqualTo(Map.of(FunnelTally.LEADS, 1L));
        assertThat(t.day()).isEqualTo(LocalDate.parse("2026-06-01"));
        assertThat(t.steps()).isEqualTo(1);
    }

    @Test
    void between_shouldCountTheMqlByCauseCampaignAndTimeToMql_whenTheWriteQualifies() {
        LeadState lead = created();
        LeadState touched = SCORER.apply(lead, List.of(Ev.track("a1", "Demo Requested", T0.plusSeconds(7200))),
                T0.plusSeconds(7200)).state();
        LeadState withCampaign = new LeadState(touched.id(), false, touched.version(), touched.stage(),
                touched.stageChangedAt(), touched.score(), touched.contributions(), touched.caps(), touched.seen(),
                touched.traits(), touched.grade(), touched.firstSeen(), touched.lastSeen(), touched.qualifications(),
                touched.qualifiedAt(), touched.qualifiedBy(), touched.handedOff(), touched.disqualifiedBy(),
                touched.bot(), touched.clicks(), touched.handRaise(), touched.mergedAnonymousIds(), touched.sameAs(),
                touched.reviewAt(), touched.modelVersion(), touched.history(), touched.outcomes(), touched.slaMissedAt(),
                new Touch("google", "cpc", "spring", null, T0), null, touched.createdAt());

        FunnelTally t = FunnelTally.between(lead, withCampaign).orElseThrow();

        assertThat(withCampaign.stage()).isEqualTo(Stage.MQL);
        assertThat(t.counts()).containsEntry(FunnelTally.MQLS, 1L)
                .containsEntry(FunnelTally.BY_CAUSE + "hand-raiser", 1L)
                .containsEntry(FunnelTally.BY_CAMPAIGN + "spring", 1L)
                .containsEntry(FunnelTally.TO_MQL + FunnelTally.Histogram.bucket(Duration.ofHours(2)), 1L)
                .doesNotContainKey(FunnelTally.LEADS);
    }

    @Test
    void between_shouldCountNothing_whenTheWriteChangesNoStageAndMissesNoSla() {
        LeadState lead = created();
        LeadState later = SCORER.apply(lead, List.of(Ev.page("a1", "/blog", T0.plusSeconds(60))),
                T0.plusSeconds(60)).state();

        assertThat(FunnelTally.between(lead, later)).isEmpty();
    }

    @Test
    void between_shouldGiveTheSameFingerprint_whenTheSameWriteIsReadAgain() {
        LeadState lead = created();

        assertThat(FunnelTally.between(null, lead).orElseThrow().fingerprint())
                .isEqualTo(FunnelTally.between(null, lead).orElseThrow().fingerprint());
    }

    @Test
    void recycleReason_shouldNameTheOutcomeOrDecay_whenALeadIsRecycled() {
        assertThat(FunnelTally.recycleReason("outcome:" + SalesOutcome.Kind.REJECTED.wireName())).isEqualTo("rejected");
        assertThat(FunnelTally.recycleReason("score-decayed")).isEqualTo("decayed");
    }

    @Test
    void median_shouldBeWithinTheBucketsResolution_whenValuesSpreadOverBuckets() {
        Map<Integer, Long> perBucket = new java.util.TreeMap<>();
        for (double hours : new double[] {1, 2, 3, 31.5, 200}) {
            perBucket.merge(FunnelTally.Histogram.bucket(Duration.ofMinutes(Math.round(hours * 60))), 1L, Long::sum);
        }

        assertThat(FunnelTally.Histogram.median(perBucket)).isCloseTo(3.0, within(3.0 * 0.13));
        assertThat(FunnelTally.Histogram.median(Map.of())).isNull();
    }
}
