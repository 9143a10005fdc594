package io.mqlengine.local.explain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** explain through its command entry, with the repository's model, journeys and ingest samples as real files. */
class ExplainTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path MODEL = ROOT.resolve("model/scoring-model.json");
    private static final String ENGAGED = "events/journeys/01-engaged-visitor.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one run printed and returned. */
    record Run(int exit, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    static Run explain(Path workingDir, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Explain.run(args, workingDir, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A copy of the repository's model and the engaged visitor's journey in {@code dir}, laid out as the repository. */
    private static Path repositoryCopy(Path dir, String model) throws Exception {
        Files.createDirectories(dir.resolve("model"));
        Files.createDirectories(dir.resolve("events/journeys"));
        Files.writeString(dir.resolve("model/scoring-model.json"), model);
        Files.copy(ROOT.resolve(ENGAGED), dir.resolve(ENGAGED));
        return dir;
    }

    private static String pricingWorth(int points) throws Exception {
        String model = Files.readString(MODEL);
        String edited = model.replaceFirst("(\"id\": \"pricing-page\".*?\"points\": )15", "$1" + points)
                .replaceFirst("\"modelVersion\": \"[^\"]*\"", "\"modelVersion\": \"pricing-" + points + "\"");
        assertThat(edited).as("the edit applies to the shipped model").isNotEqualTo(model);
        return edited;
    }

    @Test
    void explain_shouldScoreWithTheModelOnDiskAndNameIt_whenRunFromTheRepositoryRoot(@TempDir Path dir) throws Exception {
        Path repo = repositoryCopy(dir, pricingWorth(50));

        Run run = explain(repo, ENGAGED);

        assertThat(run.lines().get(0)).isEqualTo("model: " + repo.resolve("model/scoring-model.json").toAbsolutePath()
                + " (modelVersion pricing-50)");
        assertThat(run.out()).contains("| 2 | day 0, 00:01 | page /pricing | page-view 1, pricing-page 50 | 52.0 |");
    }

    @Test
    void explain_shouldUseTheModelGiven_whenModelFlagComesBeforeOrAfterTheFile(@TempDir Path dir) throws Exception {
        Path candidate = Files.writeString(dir.resolve("candidate.json"), pricingWorth(20));

        Run after = explain(ROOT, ENGAGED, "--model", candidate.toString());
        Run before = explain(ROOT, "--model", candidate.toString(), ENGAGED);

        assertThat(after.lines().get(0)).isEqualTo("model: " + candidate + " (modelVersion pricing-20)");
        assertThat(after.out()).contains("page-view 1, pricing-page 20 | 22.0 |");
        assertThat(before.out()).isEqualTo(after.out());
    }

    @Test
    void explain_shouldRefuseNamingTheDirectory_whenRunOutsideTheRepositoryWithoutModel(@TempDir Path dir) {
        Run run = explain(dir, ROOT.resolve(ENGAGED).toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("model/scoring-model.json not found in the current directory, " + dir)
                .contains("--model path/to/scoring-model.json");
    }

    @Test
    void explain_shouldExitZeroAndSaySo_whenTheJourneyMeetsItsExpect() {
        Run run = explain(ROOT, ENGAGED);

        assertThat(run.exit()).isZero();
        assertThat(run.lines()).last().isEqualTo("Meets its expect.");
    }

    @Test
    void explain_shouldPrintEachMissAndExitOne_whenTheModelMovesTheJourney(@TempDir Path dir) throws Exception {
        Path repo = repositoryCopy(dir, pricingWorth(50));

        Run run = explain(repo, ENGAGED);

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("Misses its expect:\n- qualifies: expected at step 12, qualified at step 9 (day 1, 01:02)\n");
    }

    @Test
    void explain_shouldNameStepExpectedAndActual_whenGradeStageAndReasonsMiss(@TempDir Path dir) throws Exception {
        Path repo = repositoryCopy(dir, Files.readString(MODEL));
        Path journey = repo.resolve(ENGAGED);
        JsonNode j = JSON.readTree(journey.toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) j.get("expect")).put("grade", "B").put("stage", "LEAD")
                .putArray("topReasons").add("pricing-page").add("product-page").add("comparison-page");
        JSON.writeValue(journey.toFile(), j);

        Run run = explain(repo, ENGAGED);

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("- grade: expected B, was A at the end (since step 9)\n")
                .contains("- stage: expected LEAD, was MQL at the end (since step 12)\n")
                .contains("- top reasons: expected [pricing-page, product-page, comparison-page], "
                        + "were [pricing-page, comparison-page, product-page] at the end\n");
    }

    @Test
    void explain_shouldScoreEachEvent_whenGivenAJsonArrayOfTrackingEvents(@TempDir Path dir) throws Exception {
        Path events = dir.resolve("events.json");
        Files.writeString(events, JSON.writeValueAsString(sampleEvents()));

        Run run = explain(ROOT, events.toString());

        assertThat(run.exit()).isZero();
        assertThat(run.lines().get(0)).startsWith("model: " + MODEL + " (modelVersion ");
        assertThat(run.out()).contains("day 0 is 2026-11-23T09:58:30Z")
                .contains("| 1 | day 0, 00:00 | page /pricing | page-view 1, pricing-page 15 | 16.0 | F | ANONYMOUS |")
                .contains("| 4 | day 0, 00:01 | Demo Requested | demo-request 60 | 91.0 | A | MQL |")
                .doesNotContain("expect");
    }

    @Test
    void explain_shouldScoreTheSameAsTheArray_whenGivenOneEventPerLineOrARequestBody(@TempDir Path dir) throws Exception {
        Path array = dir.resolve("events.json");
        Files.writeString(array, JSON.writeValueAsString(sampleEvents()));
        StringBuilder lines = new StringBuilder();
        sampleEvents().forEach(e -> lines.append(e).append('\n'));
        Path jsonLines = Files.writeString(dir.resolve("events.jsonl"), lines);
        Path body = Files.writeString(dir.resolve("body.json"), sampleBody());

        String expected = table(explain(ROOT, array.toString()));

        assertThat(table(explain(ROOT, jsonLines.toString()))).isEqualTo(expected);
        assertThat(table(explain(ROOT, body.toString()))).isEqualTo(expected);
    }

    @Test
    void explain_shouldNameEveryBadEventByIndexAndPath_whenEventsAreInvalid(@TempDir Path dir) throws Exception {
        List<JsonNode> events = sampleEvents();
        ((com.fasterxml.jackson.databind.node.ObjectNode) events.get(1)).remove("timestamp");
        ((com.fasterxml.jackson.databind.node.ObjectNode) events.get(3)).put("type", "click");
        Path array = Files.writeString(dir.resolve("events.json"), JSON.writeValueAsString(events));
        StringBuilder lines = new StringBuilder();
        events.forEach(e -> lines.append(e).append('\n'));
        Path jsonLines = Files.writeString(dir.resolve("events.jsonl"), lines);

        Run fromArray = explain(ROOT, array.toString());
        Run fromLines = explain(ROOT, jsonLines.toString());

        assertThat(fromArray.exit()).isEqualTo(2);
        assertThat(fromArray.err()).contains("problems in its events (checked as ingest checks them):")
                .contains("event 1 (line 1): $[1].timestamp: is required")
                .contains("event 3 (line 1): $[3].type: must be one of");
        assertThat(fromLines.exit()).isEqualTo(2);
        assertThat(fromLines.err()).contains("event 1 (line 2): $.timestamp: is required")
                .contains("event 3 (line 4): $.type: must be one of");
        assertThat(fromArray.out()).doesNotContain("| step |");
    }

    @Test
    void explain_shouldGiveLineAndColumn_whenTheModelIsNotJson(@TempDir Path dir) throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.json"),
                Files.readString(MODEL).replaceFirst("\"threshold\": 100,", "\"threshold\": 100"));

        Run run = explain(ROOT, ENGAGED, "--model", broken.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).containsPattern("scoring model .*broken.json is invalid: \\$: is not valid JSON at line 8, column \\d+");
    }

    @Test
    void explain_shouldKeepTheJsonPath_whenTheModelIsJsonButWrong(@TempDir Path dir) throws Exception {
        Path wrong = Files.writeString(dir.resolve("wrong.json"),
                Files.readString(MODEL).replaceFirst("\"halfLife\": \"P30D\"", "\"halfLife\": \"soon\""));

        Run run = explain(ROOT, ENGAGED, "--model", wrong.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("$.decay.halfLife: ");
    }

    @Test
    void explain_shouldPrintUsage_whenAnArgumentIsUnknown() {
        Run run = explain(ROOT, ENGAGED, "--modle", "x.json");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("unexpected argument: --modle").contains("usage: ");
    }

    /** The events of the ingest sample's request body. */
    private static List<JsonNode> sampleEvents() throws Exception {
        List<JsonNode> events = new ArrayList<>();
        JSON.readTree(sampleBody()).get("events").forEach(events::add);
        return events;
    }

    private static String sampleBody() throws Exception {
        return JSON.readTree(ROOT.resolve("events/ingest/valid-batch.json").toFile()).get("body").asText();
    }

    /** The table of a run: from its header row to the top reasons. */
    private static String table(Run run) {
        assertThat(run.exit()).as(run.err()).isZero();
        return run.out().substring(run.out().indexOf("| step |"));
    }
}
