package io.mqlengine.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqlengine.journey.Journey;
import io.mqlengine.journey.JourneyRunner;
import io.mqlengine.json.Json;
import io.mqlengine.scoring.Explanation;
import io.mqlengine.scoring.ScoringModel;
import io.mqlengine.scoring.ScoringModelLoader;
import io.mqlengine.testing.TemplateResources;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs every journey in events/journeys through validation, scoring, handoff and the sweep, in memory. */
class JourneysTest {
    private static final Instant START = Instant.parse("2026-06-01T09:00:00Z");
    private static final ScoringModel MODEL = ScoringModelLoader.loadDefault();
    private static final Path DIR = TemplateResources.repositoryRoot().resolve("events/journeys");

    static Stream<Journey> journeys() {
        return Journey.all(DIR).stream();
    }

    @Test
    void journeys_shouldNumberAtLeastTen() {
        assertThat(Journey.all(DIR)).hasSizeGreaterThanOrEqualTo(10);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("journeys")
    void journey_shouldQualifyGradeAndExplainAsExpected(Journey j) {
        JourneyRunner.Result r = new JourneyRunner(MODEL, "journey-test-secret").run(j, START);

        assertThat(r.steps()).allSatisfy(s -> assertThat(s.problems()).as("step %d is a valid tracking event", s.number())
                .isEmpty());
        assertThat(r.qualifiedAtStep()).as("step at which %s qualifies", j.name()).isEqualTo(j.qualifiesAtStep());
        assertThat(r.end().grade()).as("grade").isEqualTo(j.grade());
        assertThat(r.end().stage()).as("stage").isEqualTo(j.stage());
        assertThat(Explanation.topReasons(r.end(), MODEL, r.endedAt(), 3)).extracting(Explanation.Reason::ruleId)
                .as("top three reasons").containsExactlyElementsOf(j.topReasons());
        assertThat(r.handoffs()).as("one handoff per qualification").hasSize(j.qualifiesAtStep() == null ? 0 : 1);
        for (String h : r.handoffs()) {
            assertThat(Json.read(h).get("reasons").get(0).get("rule").asText()).isNotBlank();
        }
        for (JourneyRunner.LaterResult later : r.later()) {
            assertThat(later.state().stage()).as("stage at %s", later.later().at()).isEqualTo(later.later().stage());
            assertThat(later.rerunWrites()).as("a second sweep at the same instant writes nothing").isZero();
        }
    }
}
