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
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every journey in events/journeys through validation, scoring, handoff and the sweep, in memory, with the
 * model in model/scoring-model.json. Each case, and each of its assertions, is named after its journey file, so a
 * report says which journey moved ({@code explain FILE} then shows where).
 */
class JourneysTest {
    private static final Instant START = Instant.parse("2026-06-01T09:00:00Z");
    private static final Path ROOT = TemplateResources.repositoryRoot();
    private static final ScoringModel MODEL = ScoringModelLoader.load(ROOT.resolve("model/scoring-model.json"));
    private static final Path DIR = ROOT.resolve("events/journeys");

    @Test
    void journeys_shouldNumberAtLeastTen() {
        assertThat(Journey.all(DIR)).hasSizeGreaterThanOrEqualTo(10);
    }

    @TestFactory
    Stream<DynamicTest> journey_shouldQualifyGradeAndExplainAsExpected() {
        return Journey.all(DIR).stream().map(j -> DynamicTest.dynamicTest(j.file() + ".json",
                DIR.resolve(j.file() + ".json").toUri(), () -> meetsItsExpect(j)));
    }

    private static void meetsItsExpect(Journey j) {
        String file = j.file() + ".json";
        JourneyRunner.Result r = new JourneyRunner(MODEL, "journey-test-secret").run(j, START);

        assertThat(r.steps()).allSatisfy(s -> assertThat(s.problems())
                .as("%s: step %d is a valid tracking event", file, s.number()).isEmpty());
        assertThat(r.qualifiedAtStep()).as("%s: step at which %s qualifies", file, j.name())
                .isEqualTo(j.qualifiesAtStep());
        assertThat(r.end().grade()).as("%s: grade", file).isEqualTo(j.grade());
        assertThat(r.end().stage()).as("%s: stage", file).isEqualTo(j.stage());
        assertThat(Explanation.topReasons(r.end(), MODEL, r.endedAt(), 3)).extracting(Explanation.Reason::ruleId)
                .as("%s: top three reasons", file).containsExactlyElementsOf(j.topReasons());
        assertThat(r.handoffs()).as("%s: one handoff per qualification", file)
                .hasSize(j.qualifiesAtStep() == null ? 0 : 1);
        for (String h : r.handoffs()) {
            assertThat(Json.read(h).get("reasons").get(0).get("rule").asText()).as("%s: handoff's first reason", file)
                    .isNotBlank();
        }
        for (JourneyRunner.LaterResult later : r.later()) {
            assertThat(later.state().stage()).as("%s: stage at %s", file, later.later().at())
                    .isEqualTo(later.later().stage());
            assertThat(later.rerunWrites()).as("%s: a second sweep at the same instant writes nothing", file).isZero();
        }
    }
}
