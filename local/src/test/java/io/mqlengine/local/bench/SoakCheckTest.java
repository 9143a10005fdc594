package io.mqlengine.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SoakCheckTest {

    private static SoakCheck.Figures figures(double score, Object... ruleCounts) {
        Map<String, Integer> counts = new java.util.HashMap<>();
        for (int i = 0; i < ruleCounts.length; i += 2) {
            counts.put((String) ruleCounts[i], (Integer) ruleCounts[i + 1]);
        }
        return new SoakCheck.Figures(counts, score);
    }

    @Test
    void compare_shouldCountOneLostAndOneDoubled_whenOneRuleIsShortAndAnotherOver() {
        var expected = Map.of("LEAD#a", figures(19, "email-click", 2, "page-view", 3),
                "ANON#b", figures(2, "email-open", 1));
        var actual = Map.of("LEAD#a", figures(19, "email-click", 1, "page-view", 4),
                "ANON#b", figures(2, "email-open", 1));

        SoakCheck.Result r = SoakCheck.compare(expected, actual);

        assertThat(r.lost()).isEqualTo(1);
        assertThat(r.doubleCounted()).isEqualTo(1);
        assertThat(r.leadsCompared()).isEqualTo(2);
        assertThat(r.leadsDiffering()).isEqualTo(1);
        assertThat(r.clean()).isFalse();
        assertThat(r.examples()).containsExactly("LEAD#a: email-click 1 (replay 2), page-view 4 (replay 3)");
    }

    @Test
    void compare_shouldCountEveryScoringLost_whenTheTableHasNoSuchLead() {
        SoakCheck.Result r = SoakCheck.compare(Map.of("ANON#a", figures(10, "favourite", 2, "page-view", 3)), Map.of());

        assertThat(r.lost()).isEqualTo(5);
        assertThat(r.doubleCounted()).isZero();
    }

    @Test
    void compare_shouldCountEveryScoringDoubled_whenTheReplayHasNoSuchLead() {
        SoakCheck.Result r = SoakCheck.compare(Map.of(), Map.of("ANON#a", figures(8, "email-click", 1)));

        assertThat(r.doubleCounted()).isEqualTo(1);
        assertThat(r.lost()).isZero();
    }

    @Test
    void compare_shouldReportAScoreMismatch_whenCountsAgreeButScoresDiffer() {
        SoakCheck.Result r = SoakCheck.compare(Map.of("ANON#a", figures(10, "page-view", 3)),
                Map.of("ANON#a", figures(10.5, "page-view", 3)));

        assertThat(r.scoreMismatches()).isEqualTo(1);
        assertThat(r.clean()).isFalse();
    }

    @Test
    void compare_shouldBeClean_whenScoresDifferOnlyByFloatRounding() {
        SoakCheck.Result r = SoakCheck.compare(Map.of("ANON#a", figures(0.1 + 0.2 + 0.3, "page-view", 3)),
                Map.of("ANON#a", figures(0.3 + 0.2 + 0.1, "page-view", 3)));

        assertThat(r.clean()).isTrue();
        assertThat(r.leadsDiffering()).isZero();
        assertThat(r.examples()).isEmpty();
    }
}
