package io.mqlengine.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqlengine.model.IllegalStageTransitionException;
import io.mqlengine.model.Stage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StageMachineTest {
    private static final ScoringModel MODEL = ScoringModelLoader.loadDefault();
    private static final StageMachine STAGES = new StageMachine();
    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

    private static LeadState.Builder lead(Stage stage) {
        return LeadState.fresh("lead-1", false, MODEL).toBuilder().stage(stage, T0.minusSeconds(60));
    }

    @Test
    void qualify_shouldMoveToMql_countTheQualification_andUseTheHandRaise() {
        LeadState.Builder b = lead(Stage.LEAD);
        b.handRaise = new LeadState.HandRaise("hand-raiser", T0.minusSeconds(5));
        List<Transition> out = new ArrayList<>();
        STAGES.qualify(b, "hand-raiser", T0, out);
        LeadState s = b.build();
        assertThat(s.stage()).isEqualTo(Stage.MQL);
        assertThat(s.stageChangedAt()).isEqualTo(T0);
        assertThat(s.qualifications()).isEqualTo(1);
        assertThat(s.qualifiedBy()).isEqualTo("hand-raiser");
        assertThat(s.qualifiedAt()).isEqualTo(T0);
        assertThat(s.handRaise()).isNull();
        assertThat(out).containsExactly(new Transition(Stage.LEAD, Stage.MQL, T0, "hand-raiser"));
    }

    @Test
    void canQualify_shouldHoldForAKnownLeadOrRecycledLead_only() {
        assertThat(STAGES.canQualify(lead(Stage.LEAD))).isTrue();
        assertThat(STAGES.canQualify(lead(Stage.MQL).stage(Stage.RECYCLED, T0))).isTrue();
        assertThat(STAGES.canQualify(lead(Stage.MQL))).isFalse();
        assertThat(STAGES.canQualify(LeadState.fresh("anon-1", true, MODEL).toBuilder())).isFalse();
    }

    @Test
    void disqualify_shouldLeaveALeadWithSales_andRecordTheRuleOtherwise() {
        List<Transition> out = new ArrayList<>();
        LeadState.Builder withSales = lead(Stage.MQL).stage(Stage.SAL, T0);
        STAGES.disqualify(withSales, "competitor", T0, out);
        assertThat(withSales.build().stage()).isEqualTo(Stage.SAL);
        assertThat(out).isEmpty();

        LeadState.Builder b = lead(Stage.LEAD);
        STAGES.disqualify(b, "competitor", T0, out);
        assertThat(b.build().stage()).isEqualTo(Stage.DISQUALIFIED);
        assertThat(b.build().disqualifiedBy()).isEqualTo("competitor");
        STAGES.disqualify(b, "bot", T0.plusSeconds(1), out);
        assertThat(b.build().disqualifiedBy()).as("already out").isEqualTo("competitor");
        assertThat(out).hasSize(1);
    }

    @Test
    void reactivate_shouldReturnAnArchivedLeadToItsKind_andLeaveOtherStages() {
        List<Transition> out = new ArrayList<>();
        LeadState.Builder archivedLead = lead(Stage.ARCHIVED);
        STAGES.reactivate(archivedLead, T0, out);
        LeadState.Builder archivedAnon = LeadState.fresh("anon-1", true, MODEL).toBuilder().stage(Stage.ARCHIVED, T0);
        STAGES.reactivate(archivedAnon, T0, out);
        LeadState.Builder mql = lead(Stage.MQL);
        STAGES.reactivate(mql, T0, out);
        assertThat(archivedLead.build().stage()).isEqualTo(Stage.LEAD);
        assertThat(archivedAnon.build().stage()).isEqualTo(Stage.ANONYMOUS);
        assertThat(mql.build().stage()).isEqualTo(Stage.MQL);
        assertThat(out).extracting(Transition::reason).containsExactly("returned after archive", "returned after archive");
    }

    @Test
    void archive_shouldRefuseAMoveTheStagesDoNotAllow_andRecordNothing() {
        List<Transition> out = new ArrayList<>();
        LeadState.Builder mql = lead(Stage.MQL);
        assertThatThrownBy(() -> STAGES.archive(mql, "stale", T0, out))
                .isInstanceOf(IllegalStageTransitionException.class);
        assertThat(mql.build().stage()).isEqualTo(Stage.MQL);
        assertThat(out).isEmpty();
    }
}
