package io.mqlengine.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqlengine.archive.S3EventSource;
import io.mqlengine.json.Json;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The project's template on the twin with {@code --data-dir}: the event archive's objects written before a restart
 * are listed and read, unchanged, through the twin's S3 endpoint after it, and new batches are archived beside them.
 */
class ArchiveDataDirRestartTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path TEMPLATE = ROOT.resolve("template.yaml");
    private static final String BUCKET = "EventArchiveBucket";

    @TempDir
    Path data;

    @BeforeAll
    static void functionsJarIsBuilt() {
        assertThat(ROOT.resolve("functions/target/mql-functions.jar"))
                .as("the functions jar (mvn -B verify builds it before these tests)").exists();
    }

    @Test
    void restart_shouldKeepTheArchivedObjects_whenDataDirIsGiven() throws Exception {
        Map<String, byte[]> before;
        try (Started first = start()) {
            first.send("anon-kept", 1);
            TwinLines.await(() -> !first.objects().isEmpty(), Duration.ofSeconds(20), "the first batch archived");
            before = first.objects();
        }

        try (Started second = start()) {
            Map<String, byte[]> after = second.objects();
            assertThat(after.keySet()).as("listed after the restart").containsExactlyElementsOf(before.keySet());
            before.forEach((key, bytes) -> assertThat(after.get(key)).as("%s read after the restart", key).isEqualTo(bytes));
            assertThat(second.eventIds()).containsExactly("anon-kept-1");

            second.send("anon-later", 2);
            TwinLines.await(() -> second.objects().size() == before.size() + 1, Duration.ofSeconds(20),
                    "the next batch archived beside the kept ones");
            assertThat(second.eventIds()).containsExactlyInAnyOrder("anon-kept-1", "anon-later-2");
        }
    }

    private Started start() throws Exception {
        TwinLines lines = new TwinLines();
        RunningTwin twin = LocalTwin.start(TwinOptions.of(TEMPLATE).withPort(0).withTestHooks(true).withFastRetries(true)
                .withDataDir(data).withOutput(lines));
        @SuppressWarnings("unchecked")
        Map<String, Object> ready = Json.mapper().convertValue(lines.awaitLine(l -> l.path("ready").asBoolean(),
                Duration.ofSeconds(5)), Map.class);
        return new Started(twin, new HttpTwin(ready), ready);
    }

    /** A running twin, its API, and the S3 SDK pointed at its S3 endpoint as an operator would point it. */
    private static final class Started implements AutoCloseable {
        private final RunningTwin twin;
        private final HttpTwin http;
        private final String writeKey;
        private final S3Client s3;
        private final String bucket;

        @SuppressWarnings("unchecked")
        Started(RunningTwin twin, HttpTwin http, Map<String, Object> ready) {
            this.twin = twin;
            this.http = http;
            this.writeKey = (String) ready.get("writeKey");
            this.bucket = ((Map<String, String>) ready.get("buckets")).get(BUCKET);
            this.s3 = S3Client.builder().region(Region.US_EAST_1).forcePathStyle(true)
                    .endpointOverride(URI.create((String) ready.get("s3")))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
        }

        void send(String anonymousId, int n) {
            String page = Json.object().put("eventId", anonymousId + "-" + n).put("type", "page")
                    .put("anonymousId", anonymousId).put("timestamp", http.now().toString())
                    .set("context", Json.read("{\"page\":{\"path\":\"/blog/" + n + "\"}}")).toString();
            HttpResponse<String> r = http.send("POST", "/v1/events", "{\"writeKey\":\"" + writeKey + "\",\"events\":["
                    + page + "]}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        }

        /** Every archive object, listed and read through the S3 API, by key. */
        Map<String, byte[]> objects() {
            Map<String, byte[]> out = new LinkedHashMap<>();
            for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix("events/")).contents()) {
                ResponseBytes<?> bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(o.key()));
                out.put(o.key(), bytes.asByteArray());
            }
            return out;
        }

        List<String> eventIds() {
            List<String> ids = new ArrayList<>();
            new S3EventSource(s3, bucket, "events/").forEach(e -> ids.add(e.eventId()));
            return ids;
        }

        @Override
        public void close() {
            s3.close();
            twin.close();
        }
    }
}
