package io.mqlengine.local.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.mqlengine.local.LocalTwin;
import io.mqlengine.local.RunningTwin;
import io.mqlengine.local.TwinOptions;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.scoring.ScoringModelLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One anonymous id flooding the API: its writes coalesce per batch, and past the daily limit it costs no writes. */
class HotProfileBenchTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @Test
    void hotProfile_shouldWriteAtMostOncePerRequest_thenNotAtAll_whenFlaggedPastTheDailyLimit() throws Exception {
        assumeThat(Files.exists(ROOT.resolve("functions/target/mql-functions.jar")))
                .as("functions/target/mql-functions.jar is needed: build with mvn -DskipTests package first").isTrue();
        int limit = ScoringModelLoader.load(ROOT.resolve("model/scoring-model.json")).bots().maxEventsPerDay();
        Map<String, Object> f;
        try (RunningTwin twin = LocalTwin.start(TwinOptions.of(ROOT.resolve("template.yaml")).withPort(0)
                .withOutput(l -> { }))) {
            f = HotProfileBench.run(twin, limit, 4, "hot-test");
        }

        int requests = limit / HotProfileBench.EVENTS_PER_REQUEST;
        // each request is one message; a batch writes the lead once for all its messages
        assertThat(((Number) f.get("hot_to_limit_item_writes")).longValue()).isBetween(1L, (long) requests);
        assertThat(((Number) f.get("hot_to_limit_write_units")).doubleValue()).isPositive();
        assertThat(f.get("hot_to_limit_bot_flag")).isNull();
        // past the limit the only write is the one that flags the lead
        assertThat(((Number) f.get("hot_past_limit_item_writes")).longValue()).isBetween(0L, 1L);
        assertThat(f.get("hot_past_limit_bot_flag")).isEqualTo(LeadState.Bot.EVENT_RATE);
        // once flagged, its events are read past (one read per batch) and never written
        assertThat(((Number) f.get("hot_flagged_item_writes")).longValue()).isZero();
        assertThat(((Number) f.get("hot_flagged_write_units")).doubleValue()).isZero();
        assertThat(((Number) f.get("hot_flagged_read_units")).doubleValue()).isPositive();
    }
}
