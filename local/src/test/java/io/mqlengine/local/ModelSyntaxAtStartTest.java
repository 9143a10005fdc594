package io.mqlengine.local;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqlengine.local.template.TemplateRefusal;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A twin started on a model that is not JSON refuses to start, naming the file, the line and the column. */
class ModelSyntaxAtStartTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void start_shouldRefuseWithLineAndColumn_whenTheModelLayerHoldsBrokenJson(@TempDir Path dir) throws Exception {
        Path layer = Files.createDirectories(dir.resolve("model"));
        Path model = Files.writeString(layer.resolve("scoring-model.json"), Files.readString(
                ROOT.resolve("model/scoring-model.json")).replaceFirst("\"threshold\": 100,", "\"threshold\": 100"));
        String text = Files.readString(ROOT.resolve("template.yaml"))
                .replace("CodeUri: functions/target/mql-functions.jar", "CodeUri: " + ROOT.resolve("functions/target/mql-functions.jar"))
                .replace("ContentUri: model/", "ContentUri: " + layer + "/");
        Path template = Files.writeString(dir.resolve("template.yaml"), text);

        assertThatThrownBy(() -> LocalTwin.start(TwinOptions.of(template).withPort(0).withOutput(line -> { })))
                .isInstanceOf(TemplateRefusal.class)
                .hasMessageContaining("environment variable SCORING_MODEL_FILE: scoring model " + model
                        + " is invalid: $: is not valid JSON at line 8, column ");
    }
}
