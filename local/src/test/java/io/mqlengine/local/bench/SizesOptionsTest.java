package io.mqlengine.local.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SizesOptionsTest {

    @Test
    void parse_shouldTakeTheSizesInOrder_whenTheyGrow() {
        SizesOptions o = SizesOptions.parse(new String[] {"--sizes", "5000,20000,80000", "--seed", "7", "--sweep-due",
                "50", "--out", "s.json"});

        assertThat(o.sizes()).containsExactly(5000, 20000, 80000);
        assertThat(o.seed()).isEqualTo(7);
        assertThat(o.sweepDue()).isEqualTo(50);
        assertThat(o.sweepLeadsPerEvent()).isEqualTo(SizesOptions.DEFAULT_SWEEP_LEADS_PER_EVENT);
        assertThat(o.hotProfile()).isTrue();
        assertThat(o.out()).isEqualTo(Path.of("s.json"));
        assertThat(SizesOptions.parse(new String[] {"--sizes", "100,200", "--no-hot-profile", "--out", "s.json"})
                .hotProfile()).isFalse();
        assertThat(SizesOptions.leads(20_000)).isEqualTo(4_000);
    }

    @Test
    void parse_shouldNameTheFlag_whenASizeIsNotANumber() {
        assertThatThrownBy(() -> SizesOptions.parse(new String[] {"--sizes", "5k,20k", "--out", "s.json"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--sizes takes event counts separated by commas").hasMessageContaining("5k,20k");
        assertThatThrownBy(() -> SizesOptions.parse(new String[] {"--sizes", "5000,,80000", "--out", "s.json"}))
                .hasMessageContaining("--sizes takes event counts separated by commas");
    }

    @Test
    void parse_shouldNameTheFlag_whenTheSizesDoNotGrowOrAreOutOfRange() {
        assertThatThrownBy(() -> SizesOptions.parse(new String[] {"--sizes", "20000,5000", "--out", "s.json"}))
                .hasMessageContaining("--sizes must grow from one size to the next");
        assertThatThrownBy(() -> SizesOptions.parse(new String[] {"--sizes", "5000", "--out", "s.json"}))
                .hasMessageContaining("--sizes takes 2 to 6 sizes");
        assertThatThrownBy(() -> SizesOptions.parse(new String[] {"--sizes", "10,5000", "--out", "s.json"}))
                .hasMessageContaining("--sizes: every size must be between 100 and 1000000 events, got 10");
        assertThatThrownBy(() -> SizesOptions.parse(new String[] {"--sizes", "-5,5000", "--out", "s.json"}))
                .hasMessageContaining("--sizes: every size must be between");
    }

    @Test
    void parse_shouldRefuse_whenTheOutputIsMissingOrTheSweepHasMoreDueThanLeads() {
        assertThatThrownBy(() -> SizesOptions.parse(new String[] {"--sizes", "100,200"}))
                .hasMessageContaining("--out FILE.json is required");
        assertThatThrownBy(() -> SizesOptions.parse(new String[] {"--sizes", "100,200", "--sweep-due", "500",
                "--sweep-leads-per-event", "2", "--out", "s.json"}))
                .hasMessageContaining("--sweep-due 500 is more than the smallest sweep table's 200 leads");
        assertThatThrownBy(() -> SizesOptions.parse(new String[] {"--sizes", "100,200", "--sweep-due", "none",
                "--out", "s.json"})).hasMessageContaining("--sweep-due takes a whole number, got none");
        assertThatThrownBy(() -> SizesOptions.parse(new String[] {"--sizes", "100,200", "--events", "5",
                "--out", "s.json"})).hasMessageContaining("unknown argument --events for --sizes");
    }

    @Test
    void benchRun_shouldExitWithUsage_whenTheSizesAreWrong() {
        assertThat(Bench.run(new String[] {"--sizes", "big", "--out", "s.json"})).isEqualTo(2);
        assertThat(List.of(Bench.USAGE.split("\n"))).anyMatch(l -> l.contains("--sizes E1,E2,..."));
    }
}
