package io.mqlengine.journey;

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

/**
 * A journey from {@code events/journeys/}: tracking events at offsets from a start, and what should come of
 * them (the step at which the person qualifies, or never; grade; final stage; top three reasons; stages the
 * sweep should find later). Used by the journey tests, the local twin's demo and its {@code explain} command.
 */
public record Journey(String file, String name, List<Step> steps, Integer qualifiesAtStep, Grade grade, Stage stage,
               List<String> topReasons, List<Later> later) {


    /** One tracking event (without eventId and timestamp) at an offset from the journey's start. */
    public record Step(Duration at, ObjectNode event) {
        /** The event with its id and timestamp filled in for a start time. */
        public ObjectNode eventAt(String id, Instant start) {
            ObjectNode e = event.deepCopy();
            e.put("eventId", id);
            e.put("timestamp", start.plus(at).toString());
            return e;
        }
    }

    /** The stage the sweep should find at an offset from the start. */
    public record Later(Duration at, Stage stage) {
    }

    /** Every journey in {@code dir}, by file name. */
    public static List<Journey> all(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().map(Journey::load).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads one journey file; the file name without {@code .json} is its id. */
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

    /** The email the journey first identifies with, or null when it never gives one. */
    public String email() {
        for (Step s : steps) {
            String email = s.event().path("traits").path("email").asText(null);
            if (s.event().path("type").asText().equals("identify") && email != null) {
                return email;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return file;
    }
}
