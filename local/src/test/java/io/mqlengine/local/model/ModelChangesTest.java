package io.mqlengine.local.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqlengine.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What a reload reports between the shipped model and an edit of it. */
class ModelChangesTest {
    private static final Path MODEL = Path.of("..").toAbsolutePath().normalize().resolve("model/scoring-model.json");

    private static ObjectNode shipped() throws Exception {
        return (ObjectNode) Json.read(Files.readString(MODEL));
    }

    @Test
    void between_shouldReportNothing_whenOnlyFormattingDiffers() throws Exception {
        JsonNode a = shipped();
        JsonNode b = Json.read(a.toPrettyString());

        assertThat(ModelChanges.between(a, b).none()).isTrue();
    }

    @Test
    void between_shouldNameFitRulesGradeFloorsAndOtherSections_whenTheyChange() throws Exception {
        ObjectNode a = shipped();
        ObjectNode b = a.deepCopy();
        ((ObjectNode) b.get("fit").get("grades")).put("A", 75);
        ((ObjectNode) b.get("fit").get("rules").get(0)).put("points", 35);
        ((ObjectNode) b.get("mql")).put("holdFor", "P7D");
        ((ObjectNode) b.get("decay")).put("halfLife", "P14D");
        b.remove("disqualify");
        b.putArray("disqualify");

        ModelChanges c = ModelChanges.between(a, b);

        assertThat(c.thresholds()).containsOnlyKeys("fit.grades.A");
        assertThat(c.thresholds().get("fit.grades.A")).containsEntry("from", 70).containsEntry("to", 75);
        assertThat(c.changed()).containsExactly(a.get("fit").get("rules").get(0).get("id").asText());
        assertThat(c.removed()).contains("competitor", "unsubscribed", "bot");
        assertThat(c.added()).isEmpty();
        assertThat(c.otherSections()).containsExactlyInAnyOrder("decay", "mql");
        assertThat(c.none()).isFalse();
    }
}
