package io.mqlengine.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqlengine.json.Json;
import io.mqlengine.local.plan.FunctionPlan;
import io.mqlengine.local.template.TemplateRefusal;
import io.mqlengine.store.LeadItems;
import io.mqlengine.store.Stored;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project's template on the twin with {@code --param EventArchive=off}: no bucket, no S3 endpoint, no re-scoring
 * function, a score function without ARCHIVE_BUCKET that still scores; and {@code --record}, which would record
 * nothing, refused at start naming the flag and the parameter.
 */
class EventArchiveOffTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path TEMPLATE = ROOT.resolve("template.yaml");

    @TempDir
    Path dir;
    private RunningTwin twin;

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

    @Test
    @SuppressWarnings("unchecked")
    void twin_shouldPlanNoBucketAndStillScore_whenEventArchiveIsOff() throws Exception {
        TwinLines lines = new TwinLines();
        twin = LocalTwin.start(off().withTestHooks(true).withFastRetries(true).withOutput(lines));
        Map<String, Object> ready = Json.mapper().convertValue(lines.awaitLine(l -> l.path("ready").asBoolean(),
                Duration.ofSeconds(5)), Map.class);

        assertThat(twin.plan().buckets()).isEmpty();
        assertThat(twin.plan().functions()).doesNotContainKey("RescoreFunction");
        FunctionPlan score = twin.plan().functions().get("ScoreFunction");
        assertThat(score.environment()).doesNotContainKeys("ARCHIVE_BUCKET", "AWS_ENDPOINT_URL_S3");
        assertThat(twin.plan().outputs()).doesNotContainKey("EventArchiveBucketName");
        assertThat(ready).doesNotContainKeys("s3", "buckets");
        assertThat(twin.s3Endpoint()).isNull();

        HttpTwin http = new HttpTwin(ready);
        String page = Json.object().put("eventId", "anon-off-1").put("type", "page").put("anonymousId", "anon-off")
                .put("timestamp", http.now().toString()).set("context", Json.read("{\"page\":{\"path\":\"/pricing\"}}"))
                .toString();
        HttpResponse<String> r = http.send("POST", "/v1/events", "{\"writeKey\":\"" + ready.get("writeKey")
                + "\",\"events\":[" + page + "]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);

        String table = ((Map<String, String>) ready.get("tables")).get("LeadsTable");
        TwinLines.await(() -> http.items(table).stream().map(LeadItems::read)
                .anyMatch(s -> s instanceof Stored.Lead l && l.state().anonymous()
                        && l.state().contributions().containsKey("pricing-page")),
                Duration.ofSeconds(20), "the visitor's lead scored without an archive");
        assertThat(twin.awaitIdle(Duration.ofSeconds(20))).as("nothing left failing on a queue").isTrue();
    }

    @Test
    void start_shouldRefuseNamingTheFlagAndTheParameter_whenRecordIsGivenWithEventArchiveOff() {
        Path record = dir.resolve("recorded.jsonl.gz");

        assertThatThrownBy(() -> twin = LocalTwin.start(off().withRecord(record).withOutput(line -> { })))
                .isInstanceOf(TemplateRefusal.class)
                .hasMessageStartingWith("--record: ")
                .hasMessageContaining("EventArchive parameter");
        assertThat(record).as("nothing recorded").doesNotExist();
        assertThat(Files.exists(dir.resolve("recorded.jsonl.gz"))).isFalse();
    }

    private static TwinOptions off() {
        return TwinOptions.of(TEMPLATE).withPort(0).withParameter("EventArchive", "off");
    }
}
