package io.mqlengine.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mqlengine.model.SalesOutcome;
import io.mqlengine.model.SalesOutcome.Kind;
import io.mqlengine.model.Stage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SalesOutcomesTest {
    private static final ScoringModel MODEL = ScoringModelLoader.loadDefault();
    private static final SalesOutcomes OUTCOMES = new SalesOutcomes(MODEL);
    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

    /** A stored lead (version 1) that qualified by score at T0 with 120 points. */
    private static LeadState mql() {
        LeadState.Builder b = LeadState.fresh("lead-1", false, MODEL).toBuilder().version(1);
        b.score = b.score.plus(120, T0);
        b.contributions.put("pricing-page", new Contribution(120, 8, T0));
        b.lastSeen = T0;
        new StageMachine().qualify(b, "score", T0, new ArrayList<>());
        return b.build();
    }

    private static SalesOutcome outcome(String id, Kind kind, Instant at, String reason) {
        return new SalesOutcome(id, new SalesOutcome.Target("lead-1", null, null), kind, reason, at, "rep@example.com");
    }

    private static LeadState apply(LeadState s, Instant now, SalesOutcome... outcomes) {
        return OUTCOMES.apply(s, List.of(outcomes), now).outcome().state();
    }

    @Test
    void apply_shouldWalkTheFunnel_mqlToSalToSqlToCustomer_keepingEachStepInTheHistory() {
        LeadState s = apply(mql(), T0.plusSeconds(60), outcome("o1", Kind.ACCEPTED, T0.plusSeconds(30), null));
        assertThat(s.stage()).isEqualTo(Stage.SAL);
        s = apply(s, T0.plusSeconds(120), outcome("o2", Kind.SQL, T0.plusSeconds(90), null));
        s = apply(s, T0.plusSeconds(180), outcome("o3", Kind.WON, T0.plusSeconds(150), null));
        assertThat(s.stage()).isEqualTo(Stage.CUSTOMER);
        assertThat(s.history()).extracting(Transition::to)
                .containsExactly(Stage.MQL, Stage.SAL, Stage.SQL, Stage.CUSTOMER);
        assertThat(s.history().get(3).reason()).isEqualTo("outcome:won");
        assertThat(s.outcomes()).extracting(LeadState.Verdict::status).containsOnly(LeadState.Verdict.Status.APPLIED);
    }

    @Test
    void apply_shouldRecycleARejectedLead_withTheReasonKept_andTheModelsPoints() {
        SalesOutcomes.Applied a = OUTCOMES.apply(mql(), List.of(outcome("o1", Kind.REJECTED, T0.plusSeconds(60),
                "wrong person")), T0.plusSeconds(60));
        LeadState s = a.outcome().state();
        assertThat(s.stage()).isEqualTo(Stage.RECYCLED);
        Transition last = s.history().get(s.history().size() - 1);
        assertThat(last.reason()).isEqualTo("outcome:rejected");
        assertThat(last.note()).isEqualTo("wrong person");
        assertThat(s.scoreAt(T0.plusSeconds(60))).isCloseTo(mql().scoreAt(T0.plusSeconds(60)) - 30, within(0.01));
        assertThat(s.contributions().get("outcome:rejected").points()).isEqualTo(-30);
        assertThat(a.outcome().change().expectedVersion()).isEqualTo(1);
    }

    @Test
    void apply_shouldRefuseAnOutcomeThatDoesNotFitTheStage_andChangeNothingButTheRecord() {
        LeadState lead = LeadState.fresh("lead-1", false, MODEL).toBuilder().version(3).build();
        SalesOutcomes.Applied a = OUTCOMES.apply(lead, List.of(outcome("o1", Kind.WON, T0, null)), T0);
        LeadState s = a.outcome().state();
        assertThat(a.verdicts().get(0).status()).isEqualTo(LeadState.Verdict.Status.REFUSED);
        assertThat(a.verdicts().get(0).note()).contains("'won' needs the lead in SQL; it is LEAD");
        assertThat(s.stage()).isEqualTo(Stage.LEAD);
        assertThat(s.score()).isEqualTo(lead.score());
        assertThat(s.history()).isEmpty();
    }

    @Test
    void apply_shouldRefuseEverything_andWriteNothing_whenTheLeadDoesNotExist() {
        LeadState fresh = LeadState.fresh("lead-1", false, MODEL);
        SalesOutcomes.Applied a = OUTCOMES.apply(fresh, List.of(outcome("o1", Kind.ACCEPTED, T0, null)), T0);
        assertThat(a.outcome().unchanged()).isTrue();
        assertThat(a.verdicts().get(0).note()).isEqualTo("no such lead");
    }

    @Test
    void apply_shouldOrderOutcomesByTheirTime_whateverOrderTheyArriveIn() {
        LeadState inOrder = apply(mql(), T0.plusSeconds(300), outcome("a", Kind.ACCEPTED, T0.plusSeconds(10), null),
                outcome("b", Kind.SQL, T0.plusSeconds(20), null), outcome("c", Kind.WON, T0.plusSeconds(30), null));
        LeadState reversed = apply(mql(), T0.plusSeconds(300), outcome("c", Kind.WON, T0.plusSeconds(30), null),
                outcome("b", Kind.SQL, T0.plusSeconds(20), null), outcome("a", Kind.ACCEPTED, T0.plusSeconds(10), null));
        assertThat(reversed.stage()).isEqualTo(Stage.CUSTOMER);
        assertThat(reversed.history()).isEqualTo(inOrder.history());
    }

    @Test
    void apply_shouldHoldALaterStagesOutcome_untilTheLeadGetsThere_acrossBatches() {
        LeadState s = apply(mql(), T0.plusSeconds(100), outcome("won", Kind.WON, T0.plusSeconds(90), null));
        assertThat(s.stage()).isEqualTo(Stage.MQL);
        assertThat(s.outcomes()).singleElement().extracting(LeadState.Verdict::status)
                .isEqualTo(LeadState.Verdict.Status.PENDING);
        s = apply(s, T0.plusSeconds(110), outcome("acc", Kind.ACCEPTED, T0.plusSeconds(30), null));
        assertThat(s.stage()).isEqualTo(Stage.SAL);
        s = apply(s, T0.plusSeconds(120), outcome("sql", Kind.SQL, T0.plusSeconds(60), null));
        assertThat(s.stage()).isEqualTo(Stage.CUSTOMER);
        assertThat(s.history()).extracting(Transition::at)
                .containsExactly(T0, T0.plusSeconds(30), T0.plusSeconds(60), T0.plusSeconds(90));
    }

    @Test
    void apply_shouldChangeNothing_whenTheOutcomeIdWasSeen() {
        LeadState once = apply(mql(), T0.plusSeconds(60), outcome("o1", Kind.REJECTED, T0.plusSeconds(30), "no budget"));
        SalesOutcomes.Applied again = OUTCOMES.apply(once, List.of(outcome("o1", Kind.REJECTED, T0.plusSeconds(30),
                "no budget")), T0.plusSeconds(90));
        assertThat(again.outcome().unchanged()).isTrue();
        assertThat(again.verdicts().get(0).status()).isEqualTo(LeadState.Verdict.Status.APPLIED);
    }

    @Test
    void apply_shouldRefuseAnOutcomeOlderThanTheLatestApplied() {
        LeadState s = apply(mql(), T0.plusSeconds(100), outcome("acc", Kind.ACCEPTED, T0.plusSeconds(60), null));
        SalesOutcomes.Applied late = OUTCOMES.apply(s, List.of(outcome("rej", Kind.REJECTED, T0.plusSeconds(30), null)),
                T0.plusSeconds(120));
        assertThat(late.verdicts().get(0).status()).isEqualTo(LeadState.Verdict.Status.REFUSED);
        assertThat(late.verdicts().get(0).note()).startsWith("older than the outcome applied");
        assertThat(late.outcome().state().stage()).isEqualTo(Stage.SAL);
    }

    @Test
    void apply_shouldResetTheEngagementScore_whenTheModelSaysSo() {
        ScoringModel resetOnLost = new ScoringModel(MODEL.version(), MODEL.halfLife(), MODEL.sessionTimeout(),
                MODEL.mql(), MODEL.recycleThreshold(), MODEL.staleAfter(), MODEL.handoffRetryAfter(), MODEL.behaviour(),
                MODEL.fit(), MODEL.disqualifiers(), MODEL.emailDomains(), MODEL.bots(),
                new ScoringModel.Outcomes(Map.of(Kind.LOST, new ScoringModel.OutcomeRule(-10, true))), MODEL.sla());
        SalesOutcomes rules = new SalesOutcomes(resetOnLost);
        LeadState sal = apply(mql(), T0.plusSeconds(10), outcome("acc", Kind.ACCEPTED, T0.plusSeconds(5), null));
        SalesOutcomes.Applied lost = rules.apply(sal, List.of(outcome("lost", Kind.LOST, T0.plusSeconds(20), null)),
                T0.plusSeconds(20));
        LeadState s = lost.outcome().state();
        assertThat(s.stage()).isEqualTo(Stage.RECYCLED);
        assertThat(s.scoreAt(T0.plusSeconds(20))).isCloseTo(-10, within(1e-9));
        assertThat(s.contributions()).containsOnlyKeys("outcome:lost");
        assertThat(lost.outcome().change().rulesRemoved()).containsExactly("pricing-page");
    }

    @Test
    void apply_shouldLetARecycledLeadQualifyAgain_withTheNextQualificationNumber() {
        LeadState recycled = apply(mql(), T0.plusSeconds(60), outcome("o1", Kind.REJECTED, T0.plusSeconds(30), null));
        LeadState.Builder b = recycled.toBuilder();
        new StageMachine().qualify(b, "score", T0.plus(Duration.ofDays(3)), new ArrayList<>());
        assertThat(b.build().qualifications()).isEqualTo(2);
        assertThat(b.build().stage()).isEqualTo(Stage.MQL);
    }
}
