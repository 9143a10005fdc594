package io.mqlengine.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mqlengine.journey.Journey;
import io.mqlengine.journey.JourneyArchive;
import io.mqlengine.json.Json;
import io.mqlengine.scoring.ScoringModel;
import io.mqlengine.scoring.ScoringModelLoader;
import io.mqlengine.testing.TemplateResources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WhatIfApiTest {
    private static final Path ROOT = TemplateResources.repositoryRoot();
    private static final ScoringModel LIVE = ScoringModelLoader.load(ROOT.resolve("model/scoring-model.json"));

    private final WhatIfApi api = new WhatIfApi(() -> LIVE,
            new JourneyArchive(Journey.all(ROOT.resolve("events/journeys")), Instant.parse("2026-06-01T09:00:00Z")),
            () -> null, new WhatIf("what-if-api-test-secret", WhatIf.DEFAULT_SWEEP_EVERY));

    @Test
    void handle_shouldAnswerTheReport_whenTheCandidateIsAValidModel() throws Exception {
        IngestService.Response r = api.handle("POST", Files.readString(ROOT.resolve("model/examples/candidate.json")));

        assertThat(r.status()).isEqualTo(200);
        JsonNode n = Json.read(r.body());
        assertThat(n.path("live").path("version").asText()).isEqualTo(LIVE.version());
        assertThat(n.path("candidate").path("version").asText()).isEqualTo("2026-11-23.1-candidate");
        assertThat(n.path("onlyLive").get(0).path("email").asText()).isEqualTo("eve@tailspin.example");
        assertThat(n.path("onlyLive").get(0).path("why").asText()).startsWith("hand-raiser");
        assertThat(n.path("outcomes").isNull()).isTrue();
        assertThat(n.path("events").asInt()).isPositive();
    }

    @Test
    void handle_shouldAnswer400WithLineAndColumn_whenTheCandidateIsNotValidJson() {
        IngestService.Response r = api.handle("POST", "{\n  \"modelVersion\": \"x\",\n  \"mql\": {,\n}");

        assertThat(r.status()).isEqualTo(400);
        JsonNode n = Json.read(r.body());
        assertThat(n.toString()).contains("invalid_model").contains("line 3, column");
    }

    @Test
    void handle_shouldAnswer400NamingTheField_whenTheCandidateIsNotAValidModel() throws Exception {
        String text = Files.readString(ROOT.resolve("model/scoring-model.json")).replace("\"threshold\": 100,",
                "\"threshold\": \"high\",");

        IngestService.Response r = api.handle("POST", text);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("invalid_model").contains("$.mql.threshold");
    }

    @Test
    void handle_shouldAnswer400_whenTheBodyIsEmpty() {
        assertThat(api.handle("POST", "").status()).isEqualTo(400);
    }

    @Test
    void handle_shouldAnswer405_whenTheMethodIsNotPost() {
        assertThat(api.handle("GET", null).status()).isEqualTo(405);
    }
}
