package io.mqlengine.rescore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.mqlengine.archive.ArchiveFormat;
import io.mqlengine.archive.ArchiveKeys;
import io.mqlengine.it.S3Endpoint;
import io.mqlengine.json.EventCodec;
import io.mqlengine.json.Json;
import io.mqlengine.model.TrackingEvent;
import io.mqlengine.scoring.ScoringModelLoader;
import io.mqlengine.service.S3RescoreProgress;
import io.mqlengine.testing.Emulators;
import io.mqlengine.testing.TemplateResources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ModelRescore custom resource's function as Lambda runs it (built from its environment), given AWS's custom
 * resource requests (events/rescore/): it answers CloudFormation by a PUT to the request's ResponseURL (a server in
 * this test) before it re-scores, skips a model version the progress object records done, answers a Delete without
 * re-scoring, and still answers when the progress object cannot be read. S3 is a test endpoint speaking S3's REST
 * protocol to the unmodified SDK; DynamoDB is our emulator.
 */
class RescoreHandlerTest {
    private static final String BUCKET = "mql-rescore-handler-test";
    private static final Path MODEL = TemplateResources.repositoryRoot().resolve("model/scoring-model.json");
    private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

    private S3Endpoint s3;
    private HttpServer cloudFormation;
    private final List<Answer> answers = new CopyOnWriteArrayList<>();
    private RescoreHandler handler;
    private String modelVersion;

    /** What reached the ResponseURL, and whether the progress object existed at that moment. */
    private record Answer(String method, String contentType, JsonNode body, boolean progressWritten) {
    }

    @BeforeEach
    void start() throws IOException {
        s3 = S3Endpoint.start(BUCKET);
        cloudFormation = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        cloudFormation.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                answers.add(new Answer(exchange.getRequestMethod(), exchange.getRequestHeaders().getFirst("Content-Type"),
                        Json.read(new String(body, StandardCharsets.UTF_8)),
                        s3.objects().containsKey(S3RescoreProgress.KEY)));
                exchange.sendResponseHeaders(200, -1);
            }
        });
        cloudFormation.start();
        Emulators emulators = Emulators.get();
        Map<String, String> env = new HashMap<>(emulators.awsEnvironment());
        env.putAll(s3.environment());
        env.put("LEADS_TABLE", TemplateResources.createTable(emulators.dynamo(), "LeadsTable"));
        env.put("ARCHIVE_BUCKET", BUCKET);
        env.put("LEAD_ID_SECRET", "rescore-handler-test-lead-id-secret");
        env.put("SCORING_MODEL_FILE", MODEL.toString());
        env.put("MAX_EVENT_AGE", "P7D");
        handler = new RescoreHandler(env, Clock.fixed(NOW, ZoneOffset.UTC));
        modelVersion = ScoringModelLoader.load(MODEL).version();
    }

    @AfterEach
    void stop() {
        cloudFormation.stop(0);
        s3.close();
    }

    @Test
    void create_shouldAnswerSuccessBeforeReScoringEveryArchivedLead_whenNoRunIsRecorded() {
        archive(page("anon-rescore-a", 1), page("anon-rescore-a", 2), page("anon-rescore-b", 3));
        Map<String, Object> request = request("create.json");

        String state = handler.handleRequest(request, null);

        assertThat(answers).singleElement().satisfies(a -> {
            assertSuccess(a, request, "model-rescore");
            assertThat(a.progressWritten()).as("answered before the re-scoring started").isFalse();
        });
        assertThat(state).isEqualTo("done");
        JsonNode progress = progress();
        assertThat(progress.path("state").asText()).isEqualTo("done");
        assertThat(progress.path("modelVersion").asText()).isEqualTo(modelVersion);
        assertThat(progress.path("events").asInt()).as(progress.toString()).isEqualTo(3);
        assertThat(progress.path("leads").asInt()).as(progress.toString()).isEqualTo(2);
        assertThat(progress.path("skipped").asInt()).as("neither lead is in the table: nothing to write")
                .isEqualTo(2);
    }

    @Test
    void update_shouldAnswerSuccessAndSkipTheRun_whenTheProgressObjectRecordsThisModelVersionDone() {
        archive(page("anon-rescore-c", 1));
        ObjectNode done = Json.object().put("modelVersion", modelVersion).put("state", "done");
        s3.put(S3RescoreProgress.KEY, done.toString().getBytes(StandardCharsets.UTF_8));
        Map<String, Object> request = request("update.json");

        String state = handler.handleRequest(request, null);

        assertThat(state).isEqualTo("unchanged");
        assertThat(answers).singleElement().satisfies(a -> {
            assertSuccess(a, request, "model-rescore");
            assertThat(a.body().path("Reason").asText()).contains("re-scored already");
        });
        assertThat(s3.putAttempts()).as("no progress written: no run").isZero();
        assertThat(progress()).isEqualTo(done);
    }

    @Test
    void update_shouldReScore_whenTheProgressObjectRecordsAnotherModelVersionDone() {
        archive(page("anon-rescore-d", 1));
        s3.put(S3RescoreProgress.KEY, Json.object().put("modelVersion", "an-older-model").put("state", "done").toString()
                .getBytes(StandardCharsets.UTF_8));

        String state = handler.handleRequest(request("update.json"), null);

        assertThat(state).isEqualTo("done");
        assertThat(answers).singleElement().satisfies(a -> assertThat(a.body().path("Status").asText()).isEqualTo("SUCCESS"));
        assertThat(progress().path("modelVersion").asText()).isEqualTo(modelVersion);
        assertThat(progress().path("events").asInt()).isEqualTo(1);
    }

    @Test
    void delete_shouldAnswerSuccessWithoutReScoring_whenTheStackDropsTheResource() {
        archive(page("anon-rescore-e", 1));
        Map<String, Object> request = request("delete.json");

        String state = handler.handleRequest(request, null);

        assertThat(state).isEqualTo("deleted");
        assertThat(answers).singleElement().satisfies(a -> assertSuccess(a, request, "model-rescore"));
        assertThat(s3.putAttempts()).isZero();
        assertThat(s3.objects()).doesNotContainKey(S3RescoreProgress.KEY);
    }

    @Test
    void create_shouldStillAnswerCloudFormation_whenTheProgressObjectCannotBeRead() {
        archive(page("anon-rescore-f", 1));
        s3.failGets(500, "InternalError");
        Map<String, Object> request = request("create.json");

        String state = handler.handleRequest(request, null);

        assertThat(answers).singleElement().satisfies(a -> assertSuccess(a, request, "model-rescore"));
        assertThat(state).as("the archive cannot be read either: the run fails, after the answer").isEqualTo("failed");
        assertThat(progress().path("state").asText()).isEqualTo("failed");
        assertThat(progress().path("error").asText()).contains("Status Code: 500");
    }

    private void assertSuccess(Answer a, Map<String, Object> request, String physicalId) {
        assertThat(a.method()).isEqualTo("PUT");
        assertThat(a.contentType()).as("the pre-signed URL signs no content type").isNullOrEmpty();
        assertThat(a.body().path("Status").asText()).isEqualTo("SUCCESS");
        assertThat(a.body().path("PhysicalResourceId").asText()).isEqualTo(physicalId);
        assertThat(a.body().path("StackId").asText()).isEqualTo(request.get("StackId"));
        assertThat(a.body().path("RequestId").asText()).isEqualTo(request.get("RequestId"));
        assertThat(a.body().path("LogicalResourceId").asText()).isEqualTo(request.get("LogicalResourceId"))
                .isEqualTo("ModelRescore");
        assertThat(a.body().path("Reason").asText()).isNotBlank();
    }

    /** AWS's custom resource request, its ResponseURL pointing at this test's server. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> request(String sample) {
        Path file = TemplateResources.repositoryRoot().resolve("events/rescore").resolve(sample);
        try {
            Map<String, Object> request = Json.mapper().readValue(file.toFile(), Map.class);
            String signed = (String) request.get("ResponseURL");
            request.put("ResponseURL", "http://127.0.0.1:" + cloudFormation.getAddress().getPort()
                    + signed.substring(signed.indexOf('/', "https://".length())));
            return request;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void archive(TrackingEvent... events) {
        s3.put(ArchiveKeys.next(NOW.minusSeconds(60)), ArchiveFormat.gzip(List.of(events)));
    }

    private static TrackingEvent page(String anonymousId, int n) {
        ObjectNode e = Json.object().put("eventId", anonymousId + "-" + n).put("type", "page").put("anonymousId", anonymousId)
                .put("timestamp", NOW.minusSeconds(3600 - n).toString());
        e.putObject("context").putObject("page").put("path", "/blog/" + n);
        return EventCodec.fromJson(e);
    }

    private JsonNode progress() {
        byte[] body = s3.objects().get(S3RescoreProgress.KEY);
        assertThat(body).as(S3RescoreProgress.KEY).isNotNull();
        return Json.read(new String(body, StandardCharsets.UTF_8));
    }
}
