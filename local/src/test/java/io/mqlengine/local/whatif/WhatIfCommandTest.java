package io.mqlengine.local.whatif;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WhatIfCommandTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path dir;

    private int run(Path workingDir, String... args) {
        return WhatIfCommand.run(args, workingDir, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void run_shouldPrintWhoQualifiesUnderOneModelAndTheOutcomes_whenGivenTheJourneysAndExampleFiles() {
        int code = run(ROOT, "--model", "model/examples/candidate.json", "--events", "events/journeys", "--outcomes",
                "model/examples/journeys-outcomes.jsonl");

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(text).contains("live:      " + ROOT.resolve("model/scoring-model.json"))
                .contains("Qualified by the live model only: 1\n- eve@tailspin.example")
                .contains("| won leads qualified before the win (of 2 won) | 2 | 2 |")
                .contains("| rejected leads qualified (of 1 rejected) | 1 | 0 |");
    }

    @Test
    void run_shouldPrintTheConsoleJson_whenAskedWithJson() {
        int code = run(ROOT, "--model", "model/examples/candidate.json", "--events", "events/journeys", "--json");

        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"onlyLive\"").contains("\"mqlsPerWeek\"");
    }

    @Test
    void run_shouldNameLineAndColumn_whenTheCandidateHasAJsonSyntaxError() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\n  \"modelVersion\": \"x\",,\n}");

        int code = run(ROOT, "--model", bad.toString(), "--events", "events/journeys");

        assertThat(code).isEqualTo(WhatIfCommand.REFUSED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("bad.json").contains("line 2, column");
    }

    @Test
    void run_shouldNameTheFlag_whenAFileIsMissingOrAFlagHasNoValue() {
        assertThat(run(ROOT, "--model", "model/examples/candidate.json", "--events", "nowhere")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--events").contains("nowhere");
        assertThat(run(ROOT, "--model")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--model needs a value");
    }

    @Test
    void run_shouldSayWhereTheLiveModelIsLooked_whenStartedOutsideTheRepository() {
        int code = run(dir, "--model", ROOT.resolve("model/examples/candidate.json").toString(), "--events",
                ROOT.resolve("events/journeys").toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("model/scoring-model.json not found").contains("--live");
    }
}
