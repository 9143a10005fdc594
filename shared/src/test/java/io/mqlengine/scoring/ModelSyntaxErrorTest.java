package io.mqlengine.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqlengine.config.ConfigException;
import io.mqlengine.config.Env;
import io.mqlengine.testing.TemplateResources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model that is not JSON names where the parse stopped; a model that is JSON but wrong keeps its JSON paths. */
class ModelSyntaxErrorTest {
    private static final Path MODEL = TemplateResources.repositoryRoot().resolve("model/scoring-model.json");

    @Test
    void parse_shouldGiveLineAndColumn_whenACommaIsMissing() {
        String json = "{\n  \"modelVersion\": \"x\"\n  \"decay\": {}\n}";

        assertThatThrownBy(() -> ScoringModelLoader.parse(json, "custom.json"))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("scoring model custom.json is invalid: $: is not valid JSON at line 3, column 3: ");
    }

    @Test
    void load_shouldGiveLineAndColumn_whenTheShippedModelLosesACommaDeepInside(@TempDir Path dir) throws Exception {
        String text = Files.readString(MODEL);
        String broken = text.replaceFirst("\"threshold\": 100,", "\"threshold\": 100");
        assertThat(broken).isNotEqualTo(text);
        Path file = Files.writeString(dir.resolve("scoring-model.json"), broken);
        int line = lineOf(text, "\"threshold\": 100,") + 1; // the parser stops at the next field's name

        assertThatThrownBy(() -> ScoringModelLoader.load(file))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining(file + " is invalid: $: is not valid JSON at line " + line + ", column ");
    }

    @Test
    void scoringModel_shouldNameVariableLineAndColumn_whenTheFunctionsModelIsNotJson(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("scoring-model.json"), "{\"modelVersion\": \"x\",,}");

        assertThatThrownBy(() -> new Env(Map.of("SCORING_MODEL_FILE", file.toString())).scoringModel("SCORING_MODEL_FILE"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("environment variable SCORING_MODEL_FILE: scoring model " + file)
                .hasMessageContaining("is not valid JSON at line 1, column 22");
    }

    @Test
    void parse_shouldNameTheJsonPath_whenTheDocumentIsJsonButAFieldIsWrong() throws Exception {
        String json = Files.readString(MODEL).replaceFirst("\"halfLife\": \"P30D\"", "\"halfLife\": \"soon\"");

        assertThatThrownBy(() -> ScoringModelLoader.parse(json, "custom.json"))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("$.decay.halfLife: ")
                .hasMessageNotContaining("at line");
    }

    private static int lineOf(String text, String needle) {
        int at = text.indexOf(needle);
        return (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
    }
}
