package io.mqlengine.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mqlengine.journey.Journey;
import io.mqlengine.json.Json;
import io.mqlengine.local.demo.JourneyReplay;
import io.mqlengine.model.Stage;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.store.LeadAttributes;
import io.mqlengine.store.LeadItems;
import io.mqlengine.store.Stored;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project's template.yaml on the twin, with the real functions jar, driven over HTTP only: the tracking
 * API, the test hooks, and the SQS and DynamoDB endpoints as a sales tool or an operator would use them.
 */
class EndToEndTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path TEMPLATE = ROOT.resolve("template.yaml");

    private RunningTwin twin;
    private HttpTwin http;
    private TwinLines lines;
    private Map<String, Object> ready;

    @BeforeAll
    static void functionsJarIsBuilt() {
        assertThat(ROOT.resolve("functions/target/mql-functions.jar"))
                .as("the functions jar (mvn -B verify builds it before these tests)").exists();
    }

    @AfterEach
    void stop() {
        if (twin != null) {
            twin.close();
        }
    }

    private void start(TwinOptions options) throws Exception {
        lines = new TwinLines();
        twin = LocalTwin.start(options.withPort(0).withTestHooks(true).withFastRetries(true).withOutput(lines));
        JsonNode line = lines.awaitLine(l -> l.path("ready").asBoolean(), Duration.ofSeconds(5));
        ready = Json.mapper().convertValue(line, Map.class);
        http = new HttpTwin(ready);
    }

    @SuppressWarnings("unchecked")
    private String queue(String logicalId) {
        return ((Map<String, String>) ready.get("queues")).get(logicalId);
    }

    @SuppressWarnings("unchecked")
    private String table() {
        return ((Map<String, String>) ready.get("tables")).get("LeadsTable");
    }

    private Map<String, LeadState> leadsByEmail() {
        Map<String, LeadState> out = new HashMap<>();
        for (var item : http.items(table())) {
            if (LeadItems.read(item) instanceof Stored.Lead p && !p.state().anonymous()) {
                out.put(p.state().traits().email(), p.state());
            }
        }
        return out;
    }

    @Test
    void poisonMessage_shouldEndInTheEventsDeadLetterQueue_andNotBlockOthers() throws Exception {
        start(TwinOptions.of(TEMPLATE));
        http.sqs.sendMessage(b -> b.queueUrl(queue("EventsQueue")).messageBody("{\"v\":1,\"event\":\"not an event\"}"));
        String good = "{\"writeKey\":\"demo-write-key\",\"events\":[{\"eventId\":\"good-1\",\"type\":\"page\",\"anonymousId\":"
                + "\"anon-good\",\"timestamp\":\"" + http.now() + "\",\"context\":{\"page\":{\"path\":\"/pricing\"}}}]}";
        assertThat(http.send("POST", "/v1/events", good).statusCode()).isEqualTo(202);
        List<String> dead = new ArrayList<>();
        TwinLines.await(() -> {
            dead.addAll(http.drain(queue("EventsDeadLetterQueue")));
            return !dead.isEmpty();
        }, Duration.ofSeconds(60), "the poison message in the events DLQ");
        assertThat(dead).containsExactly("{\"v\":1,\"event\":\"not an event\"}");
        assertThat(http.awaitIdle(Duration.ofSeconds(30))).as("idle; waiting on %s", http.lastWaitingOn).isTrue();
        assertThat(http.items(table())).extracting(i -> i.get(LeadAttributes.PK).s()).contains("ANON#anon-good");
    }

    /** Starts the twin on the template and replays the fitting demo request, which is handed off once. */
    private Journey handOffTheDemoRequest() throws Exception {
        start(TwinOptions.of(TEMPLATE));
        Journey demo = Journey.load(ROOT.resolve("events/journeys/05-fitting-demo-request.json"));
        new JourneyReplay(http.api, (String) ready.get("writeKey"), http).replay(List.of(demo), http.now(), line -> { });
        assertThat(http.drain(queue("HandoffQueue"))).hasSize(1);
        return demo;
    }

    @Test
    void handRaiser_shouldBeScoredFromTheHandRaiserQueue_andHandedOff_whilePageViewsTakeTheEventsQueue() throws Exception {
        handOffTheDemoRequest();
        List<JsonNode> scored = lines.events(0, "invoke", "ScoreFunction");
        assertThat(scored).extracting(l -> l.path("source").asText()).as("the mappings that invoked the score function")
                .containsOnly("Events", "HandRaisers").contains("Events", "HandRaisers");
        JsonNode handRaise = scored.stream().filter(l -> l.path("source").asText().equals("HandRaisers")).findFirst().get();
        assertThat(handRaise.path("outcome").asText()).isEqualTo("ok");
    }

    @Test
    void sweep_shouldRecycleAColdMql_whenTheClockMoves() throws Exception {
        Journey demo = handOffTheDemoRequest();
        assertThat(leadsByEmail().get(demo.email()).stage()).isEqualTo(Stage.MQL);

        http.advance(Duration.ofDays(10));
        http.fire("SweepFunction");
        assertThat(http.awaitIdle(Duration.ofSeconds(30))).as("idle; waiting on %s", http.lastWaitingOn).isTrue();
        assertThat(leadsByEmail().get(demo.email()).stage()).as("held for 14 days").isEqualTo(Stage.MQL);

        http.advance(Duration.ofDays(20)); // 76 points at day 0 are below 40 after about 28 days
        http.fire("SweepFunction");
        assertThat(http.awaitIdle(Duration.ofSeconds(30))).as("idle; waiting on %s", http.lastWaitingOn).isTrue();
        LeadState cold = leadsByEmail().get(demo.email());
        assertThat(cold.stage()).isEqualTo(Stage.RECYCLED);
        assertThat(cold.scoreAt(http.now())).isLessThan(40);
        assertThat(http.drain(queue("HandoffQueue"))).as("recycling is not a new handoff").isEmpty();
    }

    @Test
    void restart_shouldFindTheLeadsStillThere_whenADataDirIsGiven(@TempDir Path data) throws Exception {
        start(TwinOptions.of(TEMPLATE).withDataDir(data));
        Journey demo = Journey.load(ROOT.resolve("events/journeys/05-fitting-demo-request.json"));
        new JourneyReplay(http.api, (String) ready.get("writeKey"), http).replay(List.of(demo), http.now(), line -> { });
        assertThat(http.drain(queue("HandoffQueue"))).hasSize(1);
        LeadState before = leadsByEmail().get(demo.email());
        twin.close();

        start(TwinOptions.of(TEMPLATE).withDataDir(data));
        assertThat(http.awaitIdle(Duration.ofSeconds(30))).as("idle; waiting on %s", http.lastWaitingOn).isTrue();
        LeadState after = leadsByEmail().get(demo.email());
        assertThat(after).isNotNull();
        assertThat(after.version()).isEqualTo(before.version());
        assertThat(after.stage()).isEqualTo(Stage.MQL);
        assertThat(after.handedOff()).isEqualTo(1);
        assertThat(http.drain(queue("HandoffQueue"))).as("the restart hands nothing off again").isEmpty();
    }

    @Test
    void refuse_shouldNameTheResourceAndProperty_whenACopyOfTheTemplateIsWrong(@TempDir Path dir) throws Exception {
        String original = Files.readString(TEMPLATE)
                .replace("CodeUri: functions/target/mql-functions.jar", "CodeUri: " + ROOT.resolve("functions/target/mql-functions.jar"))
                .replace("ContentUri: model/", "ContentUri: " + ROOT.resolve("model") + "/");
        Map<String, String[]> cases = new java.util.LinkedHashMap<>();
        cases.put("wrong handler class", new String[] {original.replace("io.mqlengine.score.ScoreHandler::handleRequest",
                "io.mqlengine.score.ScoringHandler::handleRequest"), "Resources.ScoreFunction.Properties.Handler",
                "io.mqlengine.score.ScoringHandler"});
        cases.put("missing environment variable", new String[] {original.replace(
                "          EVENTS_QUEUE_URL: !Ref EventsQueue\n", ""), "IngestFunction", "EVENTS_QUEUE_URL"});
        cases.put("unknown property", new String[] {original.replace("      BillingMode: PAY_PER_REQUEST\n",
                "      BillingMode: PAY_PER_REQUEST\n      Colour: blue\n"), "Resources.LeadsTable.Properties.Colour", ""});
        for (Map.Entry<String, String[]> c : cases.entrySet()) {
            assertThat(c.getValue()[0]).as(c.getKey()).isNotEqualTo(original);
            Path copy = dir.resolve(c.getKey().replace(' ', '-') + ".yaml");
            Files.writeString(copy, c.getValue()[0]);
            try (RunningTwin refused = LocalTwin.start(TwinOptions.of(copy).withPort(0).withOutput(l -> { }))) {
                throw new AssertionError(c.getKey() + ": the twin started");
            } catch (io.mqlengine.local.template.TemplateRefusal e) {
                assertThat(e.getMessage()).as(c.getKey()).contains(c.getValue()[1]).contains(c.getValue()[2]);
            }
        }
    }

    @Test
    void preflight_shouldBeAnsweredFromTheTemplatesCorsConfiguration() throws Exception {
        start(TwinOptions.of(TEMPLATE));
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(http.api + "/v1/events"))
                .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://localhost:8080").header("Access-Control-Request-Method", "POST").build();
        HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.headers().firstValue("access-control-allow-origin")).contains("http://localhost:8080");
    }
}
