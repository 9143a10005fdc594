package io.mqlengine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StageTest {

    @ParameterizedTest
    @CsvSource({"ANONYMOUS,LEAD", "LEAD,MQL", "MQL,SAL", "SAL,SQL", "MQL,RECYCLED", "SAL,RECYCLED", "SQL,RECYCLED",
            "RECYCLED,MQL", "LEAD,ARCHIVED", "RECYCLED,ARCHIVED", "ARCHIVED,LEAD", "ARCHIVED,ANONYMOUS",
            "LEAD,DISQUALIFIED", "MQL,DISQUALIFIED", "DISQUALIFIED,LEAD", "SQL,CUSTOMER", "SAL,DISQUALIFIED",
            "SQL,DISQUALIFIED", "CUSTOMER,DISQUALIFIED"})
    void transitionTo_shouldReturnTarget_whenAllowed(Stage from, Stage to) {
        assertThat(from.transitionTo(to)).isEqualTo(to);
    }

    @ParameterizedTest
    @CsvSource({"ANONYMOUS,MQL", "LEAD,SAL", "MQL,LEAD", "SQL,MQL", "ARCHIVED,MQL", "DISQUALIFIED,MQL", "MQL,ARCHIVED",
            "SAL,LEAD", "SQL,SAL", "RECYCLED,LEAD", "MQL,CUSTOMER", "SAL,CUSTOMER", "CUSTOMER,RECYCLED", "CUSTOMER,MQL"})
    void transitionTo_shouldFailNamingBothStages_whenNotAllowed(Stage from, Stage to) {
        assertThatThrownBy(() -> from.transitionTo(to))
                .isInstanceOf(IllegalStageTransitionException.class)
                .hasMessageContaining(from + " -> " + to);
    }

    @Test
    void next_shouldNeverAllowStayingInPlace_andEveryStageIsReachable() {
        Set<Stage> reachable = new java.util.HashSet<>();
        for (Stage s : Stage.values()) {
            assertThat(s.next()).doesNotContain(s);
            reachable.addAll(s.next());
        }
        assertThat(reachable).containsExactlyInAnyOrder(Stage.values());
    }
}
