package io.mqlengine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqlengine.journey.Journey;
import io.mqlengine.testing.TemplateResources;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every journey's events are valid tracking requests by the published schema. */
class SamplesTest {
    static Stream<Journey> journeys() {
        return Journey.all(TemplateResources.repositoryRoot().resolve("events/journeys")).stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("journeys")
    void journey_shouldHoldOnlyEventsTheSchemaAccepts(Journey j) {
        ObjectNode request = io.mqlengine.json.Json.object().put("writeKey", "demo-write-key");
        var events = request.putArray("events");
        for (int i = 0; i < j.steps().size(); i++) {
            events.add(j.steps().get(i).eventAt(j.file() + "-" + i, Instant.parse("2026-06-01T00:00:00Z")));
        }
        assertThat(io.mqlengine.it.SchemaAccess.problems("tracking-request.schema.json", request)).isEmpty();
    }
}
