package io.mqlengine.local.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.mqlengine.json.Json;
import io.mqlengine.json.Problem;
import io.mqlengine.local.lambda.FunctionPool;
import io.mqlengine.local.log.JsonLines;
import io.mqlengine.scoring.ModelException;
import io.mqlengine.scoring.ScoringModelLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The scoring models the twin's functions run with, and their reload on request. Functions read the file named by
 * {@code SCORING_MODEL_FILE} once, in their constructor; the twin gives them a copy of the file taken at start (or at
 * the last good reload), so an edit takes effect only when reloaded, and a bad edit never reaches a new instance.
 * A reload checks the edited file as the functions would, and when it is good, copies it and renews the functions'
 * instances: the next invocations start cold with the new model, as after a deployment.
 */
public final class LiveModels implements AutoCloseable {
    /** The variable through which functions find their model (a path under /opt, mapped to the layer's directory). */
    public static final String VARIABLE = "SCORING_MODEL_FILE";

    /** The model of one file, as last loaded, and the functions that run with it. */
    private static final class Live {
        final Path source;
        final List<FunctionPool> pools = new ArrayList<>();
        String text;
        JsonNode document;

        Live(Path source) {
            this.source = source;
        }
    }

    /** The hook's answer: 200 (reloaded, or unchanged), 400 (the model has problems; nothing changed) or 404. */
    public record Answer(int status, Map<String, Object> body) {
    }

    private final Map<Path, Live> models = new LinkedHashMap<>();
    private final JsonLines log;
    private final Path copies;
    private int copiesMade;

    private LiveModels(JsonLines log, Path copies) {
        this.log = log;
        this.copies = copies;
    }

    /**
     * Gives every function that names a model in {@link #VARIABLE} a copy of that file, before any instance starts.
     * A model with problems is left as it is: the functions' start then refuses it, naming them.
     */
    public static LiveModels pin(Map<String, FunctionPool> pools, JsonLines log) throws IOException {
        LiveModels live = new LiveModels(log, Files.createTempDirectory("mql-twin-models-"));
        for (FunctionPool pool : pools.values()) {
            String file = pool.plan().environment().get(VARIABLE);
            if (file != null && !file.isBlank()) {
                live.models.computeIfAbsent(Path.of(file).toAbsolutePath().normalize(), Live::new).pools.add(pool);
            }
        }
        for (Live m : live.models.values()) {
            String text;
            try {
                text = Files.readString(m.source);
                ScoringModelLoader.parse(text, m.source.toString());
            } catch (IOException | ModelException e) {
                continue;
            }
            live.use(m, text);
        }
        return live;
    }

    /** Reloads every model file; all of them good, or nothing changes. */
    public synchronized Answer reload() {
        if (models.isEmpty()) {
            return new Answer(404, Map.of("message", "no function of the template names a model in " + VARIABLE));
        }
        Map<Live, String> texts = new LinkedHashMap<>();
        List<Map<String, Object>> refusals = new ArrayList<>();
        for (Live m : models.values()) {
            try {
                String text = Files.readString(m.source);
                ScoringModelLoader.parse(text, m.source.toString());
                texts.put(m, text);
            } catch (IOException e) {
                refusals.add(refusal(m, List.of(new Problem("$", "cannot be read: " + e))));
            } catch (ModelException e) {
                refusals.add(refusal(m, e.problems()));
            }
        }
        if (!refusals.isEmpty()) {
            refusals.forEach(r -> {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("event", "model-reload-refused");
                line.putAll(r);
                log.emit(line);
            });
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("reloaded", false);
            body.put("message", "the model has problems; the functions keep the model they run with");
            body.put("models", refusals);
            return new Answer(400, body);
        }
        List<Map<String, Object>> reloaded = new ArrayList<>();
        for (Map.Entry<Live, String> e : texts.entrySet()) {
            Live m = e.getKey();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("file", m.source.toString());
            if (e.getValue().equals(m.text)) {
                entry.put("changed", false);
                entry.put("modelVersion", m.document.path("modelVersion").asText());
                reloaded.add(entry);
                continue;
            }
            ModelChanges changes = m.document == null ? null : ModelChanges.between(m.document, Json.read(e.getValue()));
            use(m, e.getValue());
            entry.put("changed", true);
            if (changes != null) {
                entry.putAll(changes.fields());
            } else {
                entry.put("to", m.document.path("modelVersion").asText());
            }
            entry.put("functions", m.pools.stream().map(p -> p.plan().logicalId()).toList());
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("event", "model-reloaded");
            line.putAll(entry);
            log.emit(line);
            reloaded.add(entry);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reloaded", reloaded.stream().anyMatch(r -> Boolean.TRUE.equals(r.get("changed"))));
        body.put("models", reloaded);
        return new Answer(200, body);
    }

    /** True when a reload's answer says a model's version changed (what starts a re-scoring). */
    public static boolean versionChanged(Answer answer) {
        Object models = answer.body().get("models");
        if (!(models instanceof List<?> list)) {
            return false;
        }
        return list.stream().anyMatch(m -> m instanceof Map<?, ?> entry && Boolean.TRUE.equals(entry.get("changed"))
                && entry.containsKey("from") && !java.util.Objects.equals(entry.get("from"), entry.get("to")));
    }

    private Map<String, Object> refusal(Live m, List<Problem> problems) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("file", m.source.toString());
        r.put("problems", problems.stream().map(p -> Map.of("path", p.path(), "message", p.message())).toList());
        r.put("kept", m.document == null ? null : m.document.path("modelVersion").asText());
        return r;
    }

    /** Copies {@code text} for the functions of {@code m} and renews their instances. */
    private void use(Live m, String text) {
        Path copy = copies.resolve((++copiesMade) + "-" + m.source.getFileName());
        try {
            Files.writeString(copy, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        m.text = text;
        m.document = Json.read(text);
        for (FunctionPool pool : m.pools) {
            pool.renew(Map.of(VARIABLE, copy.toString()));
        }
    }

    @Override
    public void close() {
        try (Stream<Path> files = Files.walk(copies)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
