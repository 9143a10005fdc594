package io.mqlengine.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqlengine.archive.ArchiveFiles;
import io.mqlengine.archive.S3EventSource;
import io.mqlengine.json.Json;
import io.mqlengine.model.TrackingEvent;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.store.LeadItems;
import io.mqlengine.store.Stored;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The project's template on the twin, its model layer in the test's own directory and a --record file: every score
 * batch is archived as one object in the template's bucket (through the twin's S3 endpoint, read here with the
 * unmodified S3 SDK) and appended to the record; a reload that changes the model version re-scores the archived leads,
 * handing off once, caused by model-change, the lead the new model qualifies, and never again the lead handed off before.
 */
class RescoreTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path dir;
    private Path model;
    private Path record;
    private RunningTwin twin;
    private HttpTwin http;
    private S3Client s3;
    private String writeKey;
    private String table;
    private String handoffQueue;
    private final List<JsonNode> handoffs = new ArrayList<>();

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
        String text = Files.readString(ROOT.resolve("template.yaml"))
                .replace("CodeUri: functions/target/mql-functions.jar", "CodeUri: " + ROOT.resolve("functions/target/mql-functions.jar"))
                .replace("ContentUri: model/", "ContentUri: " + layer + "/");
        Path template = Files.writeString(dir.resolve("template.yaml"), text);
        record = dir.resolve("recorded/events.jsonl.gz");
        TwinLines lines = new TwinLines();
        twin = LocalTwin.start(TwinOptions.of(template).withPort(0).withTestHooks(true).withFastRetries(true)
                .withRecord(record).withOutput(lines));
        Map<String, Object> ready = Json.mapper().convertValue(lines.awaitLine(l -> l.path("ready").asBoolean(),
                Duration.ofSeconds(5)), Map.class);
        http = new HttpTwin(ready);
        writeKey = (String) ready.get("writeKey");
        table = ((Map<String, String>) ready.get("tables")).get("LeadsTable");
        handoffQueue = twin.queueUrl("HandoffQueue");
        s3 = S3Client.builder().region(Region.US_EAST_1).forcePathStyle(true)
                .endpointOverride(URI.create((String) ready.get("s3")))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
    }

    @AfterEach
    void stop() {
        if (s3 != null) {
            s3.close();
        }
        if (twin != null) {
            twin.close();
        }
    }

    @Test
    void scoreBatch_shouldArchiveOneObjectAndAppendItToTheRecord_whenEventsAreAccepted() throws Exception {
        send(identify("anon-arch", "arch@acme-software.com"), page("anon-arch", "/pricing", 1));

        List<String> keys = await("an archive object", () -> {
            List<String> k = keys();
            return k.isEmpty() ? null : k;
        });

        assertThat(keys).singleElement().satisfies(k -> assertThat(k).matches("events/\\d{4}/\\d{2}/\\d{2}/\\d{2}/\\d{13}-[0-9a-f-]{36}\\.jsonl\\.gz"));
        List<String> archived = eventIds(new S3EventSource(s3, bucket(), "events/")::forEach);
        assertThat(archived).containsExactlyInAnyOrder("anon-arch-identify", "anon-arch-1");
        assertThat(eventIds(new ArchiveFiles(record)::forEach)).as("the record holds what the bucket holds").isEqualTo(archived);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket()).key(keys.get(0))).asByteArray())
                .as("the record is the archived object appended").isEqualTo(Files.readAllBytes(record));
        assertThat(Files.list(twin.bucketDirectory("EventArchiveBucket").resolve("events")).count()).isEqualTo(1);
    }

    @Test
    void s3Endpoint_shouldRefuseNamingTheOperation_whenTheSdkAsksForSomethingNotEmulated() {
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(
                () -> s3.deleteObject(b -> b.bucket(bucket()).key("events/x.jsonl.gz")), S3Exception.class))
                .satisfies(e -> {
                    assertThat(e.statusCode()).isEqualTo(501);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NotImplemented");
                    assertThat(e.awsErrorDetails().errorMessage()).contains("DELETE /bucket/key");
                });
    }

    @Test
    void reload_shouldHandOffOnceByModelChange_whenTheNewModelQualifiesALeadBelowTheThreshold() throws Exception {
        send(identify("anon-low", "low@acme-software.com"), page("anon-low", "/pricing", 1));
        send(identify("anon-raised", "raised@acme-software.com"), track("anon-raised", "Demo Requested", 1));
        JsonNode first = await("the hand-raiser's handoff", () -> handoffs().stream()
                .filter(h -> h.path("email").asText().equals("raised@acme-software.com")).findFirst().orElse(null));
        assertThat(first.path("qualifiedBy").asText()).isEqualTo("hand-raiser");
        await("both leads archived", () -> archivedIds().containsAll(Set.of("anon-low-1", "anon-raised-1")) ? true : null);
        assertThat(lead("low@acme-software.com").stage().name()).isEqualTo("LEAD");

        ObjectNode doc = (ObjectNode) Json.read(Files.readString(model));
        doc.put("modelVersion", "rescore-2");
        for (JsonNode rule : (ArrayNode) doc.get("behaviour")) {
            if (rule.get("id").asText().equals("pricing-page")) {
                ((ObjectNode) rule).put("points", 150);
            }
        }
        Files.writeString(model, doc.toPrettyString());
        HttpResponse<String> reload = http.send("POST", "/_twin/model/reload", "");
        assertThat(reload.statusCode()).as(reload.body()).isEqualTo(200);
        assertThat(Json.read(reload.body()).path("rescore").path("started").asBoolean()).as(reload.body()).isTrue();

        JsonNode done = await("re-scoring done", () -> {
            HttpResponse<String> r = http.send("GET", "/_twin/rescore", null);
            JsonNode p = r.statusCode() == 200 ? Json.read(r.body()) : null;
            return p != null && p.path("state").asText().equals("done") ? p : null;
        });
        assertThat(done.path("modelVersion").asText()).isEqualTo("rescore-2");
        assertThat(done.path("leads").asInt()).as(done.toString()).isGreaterThanOrEqualTo(2);
        assertThat(done.path("qualified").asInt()).as(done.toString()).isEqualTo(1);
        JsonNode second = await("the re-scored lead's handoff", () -> handoffs().stream()
                .filter(h -> h.path("email").asText().equals("low@acme-software.com")).findFirst().orElse(null));
        assertThat(second.path("qualifiedBy").asText()).isEqualTo("model-change");
        assertThat(twin.awaitIdle(Duration.ofSeconds(20))).isTrue();
        handoffs();
        Map<String, Long> perLead = handoffs.stream().collect(Collectors.groupingBy(h -> h.path("email").asText(),
                Collectors.counting()));
        assertThat(perLead).containsExactlyInAnyOrderEntriesOf(Map.of("raised@acme-software.com", 1L,
                "low@acme-software.com", 1L));
        LeadState low = lead("low@acme-software.com");
        assertThat(low.history()).anySatisfy(t -> assertThat(t.reason()).isEqualTo("model-change"));
        assertThat(low.modelVersion()).isEqualTo("rescore-2");
    }

    private String bucket() {
        return twin.plan().buckets().get("EventArchiveBucket");
    }

    private List<String> keys() {
        return s3.listObjectsV2(b -> b.bucket(bucket()).prefix("events/")).contents().stream()
                .map(software.amazon.awssdk.services.s3.model.S3Object::key).toList();
    }

    private Set<String> archivedIds() {
        return Set.copyOf(eventIds(new S3EventSource(s3, bucket(), "events/")::forEach));
    }

    private static List<String> eventIds(java.util.function.Consumer<java.util.function.Consumer<TrackingEvent>> source) {
        List<String> ids = new ArrayList<>();
        source.accept(e -> ids.add(e.eventId()));
        return ids;
    }

    /** Reads and deletes what reached the handoff queue, as a sales tool would; every message seen so far. */
    private List<JsonNode> handoffs() {
        for (Message m : http.sqs.receiveMessage(b -> b.queueUrl(handoffQueue).maxNumberOfMessages(10)).messages()) {
            handoffs.add(Json.read(m.body()));
            http.sqs.deleteMessage(b -> b.queueUrl(handoffQueue).receiptHandle(m.receiptHandle()));
        }
        return handoffs;
    }

    private LeadState lead(String email) {
        for (var item : http.items(table)) {
            if (LeadItems.read(item) instanceof Stored.Lead p && !p.state().anonymous()
                    && email.equals(p.state().traits().email())) {
                return p.state();
            }
        }
        throw new AssertionError("no lead for " + email);
    }

    private ObjectNode identify(String anonymousId, String email) {
        ObjectNode e = Json.object().put("eventId", anonymousId + "-identify").put("type", "identify")
                .put("anonymousId", anonymousId).put("userId", email).put("timestamp", http.now().toString());
        e.putObject("traits").put("email", email).put("title", "VP Marketing").put("companySize", 200)
                .put("industry", "software");
        return e;
    }

    private ObjectNode page(String anonymousId, String path, int n) {
        ObjectNode e = Json.object().put("eventId", anonymousId + "-" + n).put("type", "page").put("anonymousId", anonymousId)
                .put("timestamp", http.now().plusMillis(n).toString());
        e.putObject("context").putObject("page").put("path", path);
        return e;
    }

    private ObjectNode track(String anonymousId, String event, int n) {
        return Json.object().put("eventId", anonymousId + "-" + n).put("type", "track").put("event", event)
                .put("anonymousId", anonymousId).put("timestamp", http.now().plusMillis(n).toString());
    }

    private void send(ObjectNode... events) {
        ObjectNode body = Json.object().put("writeKey", writeKey);
        ArrayNode list = body.putArray("events");
        for (ObjectNode e : events) {
            list.add(e);
        }
        HttpResponse<String> r = http.send("POST", "/v1/events", body.toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    }

    private static <T> T await(String what, Supplier<T> probe) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            LockSupport.parkNanos(100_000_000);
        }
        throw new AssertionError("not within 30 s: " + what);
    }
}
