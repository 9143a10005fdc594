package io.mqlengine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mqlengine.model.Stage;
import io.mqlengine.store.LeadAttributes;
import io.mqlengine.store.LeadItems;
import io.mqlengine.testing.TemplateResources;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** template.yaml against the lead item codec: the names the template repeats are the codec's names. */
class LeadItemTemplateTest {

    private static JsonNode handoffFilter() throws Exception {
        JsonNode filters = TemplateResources.properties("HandoffFunction").path("Events").path("Qualified")
                .path("Properties").path("FilterCriteria").path("Filters");
        assertThat(filters.size()).as("HandoffFunction's stream filters").isEqualTo(1);
        return new ObjectMapper().readTree(filters.get(0).path("Pattern").asText());
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void handoffFilter_shouldSelectOnTheCodecsStageAndPendingAttributes_whenReadFromTheTemplate() throws Exception {
        JsonNode pattern = handoffFilter();
        assertThat(names(pattern)).containsExactly("dynamodb");
        assertThat(names(pattern.path("dynamodb"))).containsExactly("NewImage");
        JsonNode image = pattern.path("dynamodb").path("NewImage");
        assertThat(names(image)).containsExactlyInAnyOrder(LeadAttributes.STAGE, LeadAttributes.HANDOFF_PENDING);
        assertThat(image.path(LeadAttributes.STAGE).path("S").size()).isEqualTo(1);
        assertThat(image.path(LeadAttributes.STAGE).path("S").get(0).asText()).isEqualTo(Stage.MQL.name());
        assertThat(image.path(LeadAttributes.HANDOFF_PENDING).path("N").get(0).path("exists").asBoolean()).isTrue();
    }

    @Test
    void leadsTable_shouldKeyIndexAndExpireOnTheCodecsAttributes_whenReadFromTheTemplate() {
        JsonNode table = TemplateResources.properties("LeadsTable");
        assertThat(table.path("KeySchema").get(0).path("AttributeName").asText()).isEqualTo(LeadAttributes.PK);
        JsonNode index = table.path("GlobalSecondaryIndexes").get(0);
        assertThat(index.path("IndexName").asText()).isEqualTo(LeadItems.REVIEW_INDEX);
        assertThat(index.path("KeySchema").findValuesAsText("AttributeName"))
                .containsExactly(LeadAttributes.REVIEW_SHARD, LeadAttributes.REVIEW_AT);
        assertThat(table.path("AttributeDefinitions").findValuesAsText("AttributeName"))
                .containsExactlyInAnyOrder(LeadAttributes.PK, LeadAttributes.REVIEW_SHARD, LeadAttributes.REVIEW_AT);
        assertThat(table.path("TimeToLiveSpecification").path("AttributeName").asText())
                .isEqualTo(LeadAttributes.EXPIRES_AT);
    }

    @Test
    void reviewIndex_shouldProjectWhatTheSweepDecidesOn_whenReadFromTheTemplate() {
        JsonNode projection = TemplateResources.properties("LeadsTable").path("GlobalSecondaryIndexes").get(0)
                .path("Projection");
        assertThat(projection.path("ProjectionType").asText()).isEqualTo("INCLUDE");
        List<String> projected = new ArrayList<>();
        projection.path("NonKeyAttributes").forEach(a -> projected.add(a.asText()));
        assertThat(projected).containsExactlyInAnyOrderElementsOf(LeadItems.REVIEW_PROJECTION);
    }
}
