package io.mqlengine.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqlengine.json.Json;
import io.mqlengine.model.Grade;
import io.mqlengine.model.Stage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** A journey from {@code events/journeys/}: tracking events at offsets from a start, and what should come of them. */
public record Journey(String file, String name, List<Step> steps, Integer qualifiesAtStep, Grade grade, Stage stage,
               List<String> topReasons, List<Later> later) {

    public static final Path DIR = TemplateResources.repositoryRoot().resolve("events").resolve("journeys");

    public record Step(Duration at, ObjectNode event) {
        /** The event with its id and timestamp filled in for a start time. */
        public ObjectNode eventAt(String id, Instant start) {
            ObjectNode e = event.deepCopy();
            e.put("eventId", id);
            e.put("timestamp", start.plus(at).toString());
            return e;
        }
    }

    public record Later(Duration at, Stage stage) {
    }

    public static List<Journey> all() {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().map(Journey::load).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Journey load(Path file) {
        JsonNode n;
        try {
            n = Json.mapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Step> steps = new ArrayList<>();
        n.get("steps").forEach(s -> steps.add(new Step(Duration.parse(s.get("at").asText()), (ObjectNode) s.get("event"))));
        JsonNode x = n.get("expect");
        List<String> reasons = new ArrayList<>();
        x.get("topReasons").forEach(r -> reasons.add(r.asText()));
        List<Later> later = new ArrayList<>();
        if (x.has("later")) {
            x.get("later").forEach(l -> later.add(new Later(Duration.parse(l.get("at").asText()),
                    Stage.valueOf(l.get("stage").asText()))));
        }
        String name = file.getFileName().toString().replace(".json", "");
        return new Journey(name, n.get("name").asText(), steps,
                x.get("qualifiesAtStep").isNull() ? null : x.get("qualifiesAtStep").asInt(),
                Grade.valueOf(x.get("grade").asText()), Stage.valueOf(x.get("stage").asText()), reasons, later);
    }

    @Override
    public String toString() {
        return file;
    }
}
