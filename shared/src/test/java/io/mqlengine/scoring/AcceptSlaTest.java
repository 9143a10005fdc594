package io.mqlengine.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqlengine.model.SalesOutcome;
import io.mqlengine.model.Stage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The accept SLA: the sweep's review time of an MQL, and the miss it records once per qualification. */
class AcceptSlaTest {
    private static final ScoringModel MODEL = ScoringModelLoader.loadDefault();
    private static final LeadScorer SCORER = new LeadScorer(MODEL);
    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

    /** A handed-off MQL, qualified at T0 by {@code rule}. */
    private static LeadState mql(String rule) {
        LeadState.Builder b = LeadState.fresh("lead-1", false, MODEL).toBuilder().version(1);
        b.score = b.score.plus(150, T0);
        b.lastSeen = T0;
        new StageMachine().qualify(b, rule, T0, new ArrayList<>());
        b.handedOff(1);
        LeadState s = b.build();
        return s.toBuilder().reviewAt(SCORER.nextReview(s, T0)).build();
    }

    @Test
    void nextReview_shouldBeTheSlaDueTime_aDayAfterAScoreQualification_fiveMinutesAfterAFastTrack() {
        assertThat(mql("score").reviewAt()).isEqualTo(T0.plus(Duration.ofHours(24)));
        assertThat(mql("hand-raiser").reviewAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
    }

    @Test
    void review_shouldRecordTheMissOnce_whenSalesHaveNotAccepted() {
        LeadState lead = mql("hand-raiser");
        assertThat(SCORER.review(lead, T0.plusSeconds(299)).unchanged()).as("not due yet").isTrue();

        Outcome missed = SCORER.review(lead, T0.plusSeconds(300));
        assertThat(missed.state().slaMissedAt()).isEqualTo(T0.plusSeconds(300));
        assertThat(missed.state().stage()).isEqualTo(Stage.MQL);
        assertThat(missed.reviewAt()).as("the next review is the recycle check, not the SLA again")
                .isAfter(T0.plus(Duration.ofDays(1)));

        Outcome again = SCORER.review(missed.state(), missed.reviewAt());
        assertThat(again.state().slaMissedAt()).isEqualTo(T0.plusSeconds(300));
    }

    @Test
    void review_shouldNotMissTheSla_ofALeadSalesAccepted() {
        LeadState lead = mql("score");
        LeadState sal = new SalesOutcomes(MODEL).apply(lead, List.of(new SalesOutcome("o1",
                new SalesOutcome.Target("lead-1", null, null), SalesOutcome.Kind.ACCEPTED, null, T0.plusSeconds(60),
                null)), T0.plusSeconds(60)).outcome().state();
        assertThat(sal.reviewAt()).as("sales own it: no sweep").isNull();
        assertThat(SCORER.review(sal, T0.plus(Duration.ofDays(2))).state().slaMissedAt()).isNull();
    }

    @Test
    void qualify_shouldStartANewSla_forANewQualification() {
        LeadState missed = SCORER.review(mql("score"), T0.plus(Duration.ofHours(24))).state();
        LeadState.Builder b = missed.toBuilder();
        new StageMachine().recycle(b, "score-decayed", T0.plus(Duration.ofDays(20)), new ArrayList<>());
        new StageMachine().qualify(b, "score", T0.plus(Duration.ofDays(30)), new ArrayList<>());
        assertThat(b.build().slaMissedAt()).isNull();
    }
}
