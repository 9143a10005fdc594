package io.mqlengine.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqlengine.json.Json;
import io.mqlengine.testing.TemplateResources;
import io.mqlengine.validation.InvalidRequestException;
import io.mqlengine.validation.OutcomeMessages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The outcome samples under events/outcomes against the published schema and the parser: both agree. */
class OutcomeSamplesTest {
    private static final Instant NOW = Instant.parse("2026-12-31T00:00:00Z");

    private static List<Path> samples() throws IOException {
        try (Stream<Path> files = Files.list(TemplateResources.repositoryRoot().resolve("events/outcomes"))) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    @Test
    void samples_shouldMatchTheSchema_andParse_exceptTheBadOne_whichBothRefuse() throws IOException {
        OutcomeMessages messages = new OutcomeMessages(Duration.ofMinutes(5));
        List<Path> all = samples();
        assertThat(all).hasSizeGreaterThanOrEqualTo(4);
        for (Path p : all) {
            String json = Files.readString(p);
            if (p.getFileName().toString().startsWith("bad")) {
                assertThat(Schemas.problems("outcome-message.schema.json", Json.read(json))).as("%s", p).isNotEmpty();
                assertThatThrownBy(() -> messages.parse(json, NOW)).as("%s", p).isInstanceOf(InvalidRequestException.class);
            } else {
                assertThat(Schemas.problems("outcome-message.schema.json", Json.read(json))).as("%s", p).isEmpty();
                assertThat(messages.parse(json, NOW).outcomeId()).as("%s", p).isNotBlank();
            }
        }
    }
}
