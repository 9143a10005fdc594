package io.mqlengine.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqlengine.json.Json;
import io.mqlengine.local.model.ModelWatch;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.store.LeadItems;
import io.mqlengine.store.Stored;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project's template on the twin with its model layer in a directory of the test's own: an edited model reaches
 * the functions on POST /_twin/model/reload, which says what changed; a model with problems is refused with them and
 * the functions keep scoring with the model they had.
 */
class ModelReloadTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path dir;
    private Path model;
    private String shippedVersion;
    private RunningTwin twin;
    private HttpTwin http;
    private TwinLines lines;
    private String writeKey;
    private String table;

    @BeforeAll
    static void functionsJarIsBuilt() {
        assertThat(ROOT.resolve("functions/target/mql-functions.jar"))
                .as("the functions jar (mvn -B verify builds it before these tests)").exists();
    }

    @BeforeEach
    @SuppressWarnings("unchecked")
    void start() throws Exception {
        Path layer = Files.createDirectories(dir.resolve("model"));
        model = layer.resolve("scoring-model.json");
        Files.copy(ROOT.resolve("model/scoring-model.json"), model);
        shippedVersion = Json.read(Files.readString(model)).get("modelVersion").asText();
        String text = Files.readString(ROOT.resolve("template.yaml"));
        for (String[] edit : new String[][] {
                {"CodeUri: functions/target/mql-functions.jar", "CodeUri: " + ROOT.resolve("functions/target/mql-functions.jar")},
                {"ContentUri: model/", "ContentUri: " + layer + "/"}}) {
            assertThat(text).as("template.yaml").contains(edit[0]);
            text = text.replace(edit[0], edit[1]);
        }
        Path template = Files.writeString(dir.resolve("template.yaml"), text);
        lines = new TwinLines();
        twin = LocalTwin.start(TwinOptions.of(template).withPort(0).withTestHooks(true).withFastRetries(true)
                .withOutput(lines));
        Map<String, Object> ready = Json.mapper().convertValue(lines.awaitLine(l -> l.path("ready").asBoolean(),
                Duration.ofSeconds(5)), Map.class);
        http = new HttpTwin(ready);
        writeKey = (String) ready.get("writeKey");
        table = ((Map<String, String>) ready.get("tables")).get("LeadsTable");
    }

    @AfterEach
    void stop() {
        if (twin != null) {
            twin.close();
        }
    }

    @Test
    void reload_shouldScoreWithTheEditedModelAndSayWhatChanged_whenTheFileWasEdited() throws Exception {
        ObjectNode doc = (ObjectNode) Json.read(Files.readString(model));
        doc.put("modelVersion", "reload-2");
        ((ObjectNode) doc.get("mql")).put("threshold", 80);
        ArrayNode behaviour = (ArrayNode) doc.get("behaviour");
        for (Iterator<JsonNode> it = behaviour.iterator(); it.hasNext(); ) {
            ObjectNode rule = (ObjectNode) it.next();
            if (rule.get("id").asText().equals("pricing-page")) {
                rule.put("points", 50);
            } else if (rule.get("id").asText().equals("ad-click")) {
                it.remove();
            }
        }
        behaviour.addObject().put("id", "docs-page").put("description", "Read the docs").put("points", 3)
                .putObject("when").put("type", "page");
        Files.writeString(model, doc.toPrettyString());

        JsonNode answer = reload(200);

        JsonNode m = answer.get("models").get(0);
        assertThat(answer.get("reloaded").asBoolean()).isTrue();
        assertThat(m.get("file").asText()).isEqualTo(model.toString());
        assertThat(m.get("from").asText()).isEqualTo(shippedVersion);
        assertThat(m.get("to").asText()).isEqualTo("reload-2");
        assertThat(m.get("rulesAdded").toString()).isEqualTo("[\"docs-page\"]");
        assertThat(m.get("rulesRemoved").toString()).isEqualTo("[\"ad-click\"]");
        assertThat(m.get("rulesChanged").toString()).isEqualTo("[\"pricing-page\"]");
        assertThat(m.get("thresholds").toString()).isEqualTo("{\"mql.threshold\":{\"from\":100,\"to\":80}}");
        assertThat(m.get("functions").toString()).contains("ScoreFunction");
        JsonNode line = lines.awaitLine(l -> l.path("event").asText().equals("model-reloaded"), Duration.ofSeconds(5));
        assertThat(line.get("to").asText()).isEqualTo("reload-2");
        assertThat(line.get("rulesChanged").toString()).isEqualTo("[\"pricing-page\"]");

        LeadState lead = scorePricingPage("anon-reloaded");
        assertThat(lead.modelVersion()).isEqualTo("reload-2");
        assertThat(lead.contributions().get("pricing-page")).as("pricing-page scored").isNotNull();
        assertThat(lead.scoreAt(lead.lastSeen())).as("page-view 1, pricing-page 50, docs-page 3").isCloseTo(54.0, within(1e-9));
    }

    @Test
    void reload_shouldRefuseWithLineAndColumnAndKeepTheModel_whenTheEditIsNotJson() throws Exception {
        Files.writeString(model, Files.readString(model).replaceFirst("\"threshold\": 100,", "\"threshold\": 100"));

        JsonNode answer = reload(400);

        JsonNode m = answer.get("models").get(0);
        assertThat(answer.get("reloaded").asBoolean()).isFalse();
        assertThat(m.get("kept").asText()).isEqualTo(shippedVersion);
        assertThat(m.get("problems").get(0).get("path").asText()).isEqualTo("$");
        assertThat(m.get("problems").get(0).get("message").asText()).matches("is not valid JSON at line 8, column \\d+: .*");
        lines.awaitLine(l -> l.path("event").asText().equals("model-reload-refused"), Duration.ofSeconds(5));
        assertThat(scorePricingPage("anon-kept").modelVersion()).isEqualTo(shippedVersion);
        String newInstancesRead = twin.pools.get("ScoreFunction").environment().get("SCORING_MODEL_FILE");
        assertThat(Json.read(Files.readString(Path.of(newInstancesRead))).get("modelVersion").asText())
                .as("the model a new instance would read, say one scaling out").isEqualTo(shippedVersion);
    }

    @Test
    void reload_shouldRefuseNamingTheJsonPath_whenAFieldIsWrong() throws Exception {
        Files.writeString(model, Files.readString(model).replaceFirst("\"halfLife\": \"P30D\"", "\"halfLife\": \"soon\""));

        JsonNode answer = reload(400);

        assertThat(answer.get("models").get(0).get("problems").get(0).get("path").asText()).isEqualTo("$.decay.halfLife");
    }

    @Test
    void reload_shouldSayUnchanged_whenTheFileIsAsLoaded() {
        JsonNode answer = reload(200);

        assertThat(answer.get("reloaded").asBoolean()).isFalse();
        assertThat(answer.get("models").get(0).get("changed").asBoolean()).isFalse();
        assertThat(answer.get("models").get(0).get("modelVersion").asText()).isEqualTo(shippedVersion);
    }

    @Test
    void watch_shouldReloadWithoutARequest_whenTheModelFileIsSaved() throws Exception {
        try (ModelWatch watch = ModelWatch.start(twin.modelFiles(), twin::reloadModel)) {
            ObjectNode doc = (ObjectNode) Json.read(Files.readString(model));
            doc.put("modelVersion", "watched-2");
            ((ObjectNode) doc.get("mql")).put("threshold", 90);
            Files.writeString(model, doc.toPrettyString());

            JsonNode line = lines.awaitLine(l -> l.path("event").asText().equals("model-reloaded"), Duration.ofSeconds(10));

            assertThat(line.get("to").asText()).isEqualTo("watched-2");
            assertThat(line.get("thresholds").toString()).isEqualTo("{\"mql.threshold\":{\"from\":100,\"to\":90}}");
            assertThat(scorePricingPage("anon-watched").modelVersion()).isEqualTo("watched-2");
        }
    }

    private JsonNode reload(int status) {
        HttpResponse<String> r = http.send("POST", "/_twin/model/reload", "");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return Json.read(r.body());
    }

    /** Sends a page view of /pricing from a new visitor and returns its lead once scored. */
    private LeadState scorePricingPage(String anonymousId) {
        Instant now = http.now();
        ObjectNode body = Json.object().put("writeKey", writeKey);
        body.putArray("events").addObject().put("eventId", anonymousId + "-1").put("type", "page")
                .put("anonymousId", anonymousId).put("timestamp", now.toString())
                .putObject("context").putObject("page").put("path", "/pricing");
        HttpResponse<String> r = http.send("POST", "/v1/events", body.toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<LeadState> lead = lead(anonymousId);
            if (lead.isPresent()) {
                return lead.get();
            }
            java.util.concurrent.locks.LockSupport.parkNanos(100_000_000);
        }
        throw new AssertionError("no lead for " + anonymousId + " within 20 s");
    }

    private Optional<LeadState> lead(String anonymousId) {
        Map<String, LeadState> byAnon = new LinkedHashMap<>();
        for (var item : http.items(table)) {
            if (LeadItems.read(item) instanceof Stored.Lead p && p.state().anonymous()) {
                byAnon.put(p.state().id(), p.state());
            }
        }
        return Optional.ofNullable(byAnon.get(anonymousId));
    }
}
