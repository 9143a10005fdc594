package io.mqlengine.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WhatIfBenchTest {
    /** {@code -Dwhat-if.events=100000} measures the benchmark's figure; the default keeps the suite quick. */
    private static final int EVENTS = Integer.getInteger("what-if.events", 5_000);

    @Test
    void measure_shouldReplayEveryArchivedEventUnderBothModels_whenGivenTheBenchmarkMix() throws Exception {
        WhatIfBench.Figure f = WhatIfBench.measure(Path.of("..", "model", "scoring-model.json"), EVENTS, 42,
                Instant.parse("2026-11-30T00:00:00Z"));

        System.out.printf("what-if: %d events (%d duplicates) under two models in %.2f s, %d events/s; MQLs live %d, "
                        + "candidate %d%n", f.report().events() + f.report().duplicates(), f.report().duplicates(),
                f.seconds(), f.eventsPerSecond(), f.report().live().mqls(), f.report().candidate().mqls());
        assertThat(f.report().events()).isEqualTo(EVENTS);
        assertThat(f.report().duplicates()).isPositive();
        // the candidate's threshold is lower: it qualifies at least every lead the live model does, some earlier
        assertThat(f.report().candidate().mqls()).isGreaterThan(f.report().live().mqls());
        assertThat(f.report().onlyLive()).isEmpty();
    }
}
