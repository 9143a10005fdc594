package io.mqlengine.local.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mqlengine.json.Json;
import io.mqlengine.local.LocalTwin;
import io.mqlengine.local.RunningTwin;
import io.mqlengine.local.TwinOptions;
import io.mqlengine.model.Stage;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.store.LeadItems;
import io.mqlengine.store.Stored;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The analytics SDKs people already run, unmodified and with their defaults, pointed at the twin (the project's
 * template.yaml and the real functions jar): identify, a server-side page view of /pricing and a demo request from
 * each lead to a handoff on the twin's handoff queue, as a sales tool reads it.
 */
class NodeSdkCompatTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Duration DEADLINE = Duration.ofSeconds(90);

    private static NpmPackages sdks;
    private static String unavailable;
    private static RunningTwin twin;
    private static SqsClient sqs;
    private static DynamoDbClient dynamo;
    private static final Map<String, JsonNode> handoffsByEmail = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        assertThat(ROOT.resolve("functions/target/mql-functions.jar"))
                .as("the functions jar (mvn -B verify builds it before these tests)").exists();
        try {
            sdks = NpmPackages.install(ROOT.resolve("local/src/test/node-sdks"), ROOT.resolve("local/target/node-sdks"));
        } catch (NpmPackages.Unavailable e) {
            unavailable = e.getMessage();
            System.out.println("NodeSdkCompatTest: skipping the SDK runs: " + unavailable);
        }
        twin = LocalTwin.start(TwinOptions.of(ROOT.resolve("template.yaml")).withPort(0).withTestHooks(true)
                .withFastRetries(true).withOutput(line -> { }));
        var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        sqs = SqsClient.builder().endpointOverride(URI.create(twin.sqsEndpoint())).region(Region.US_EAST_1)
                .credentialsProvider(creds).httpClient(UrlConnectionHttpClient.create()).build();
        dynamo = DynamoDbClient.builder().endpointOverride(URI.create(twin.dynamoEndpoint())).region(Region.US_EAST_1)
                .credentialsProvider(creds).httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void stop() {
        if (sqs != null) {
            sqs.close();
            dynamo.close();
        }
        if (twin != null) {
            twin.close();
        }
    }

    @Test
    void segmentAnalyticsNode_shouldDeliverIdentifyPageAndTrack_andItsLeadQualify() throws Exception {
        String email = "ada.lovelace@analytical-engines.example";
        deliver("segment.js", "user-ada-" + Instant.now().toEpochMilli(), email);
        assertQualified(email);
    }

    @Test
    void rudderStackNode_shouldDeliverGzippedBatches_andItsLeadQualify() throws Exception {
        String email = "grace.hopper@cobol-systems.example";
        deliver("rudderstack.js", "user-grace-" + Instant.now().toEpochMilli(), email);
        assertQualified(email);
    }

    @Test
    void twin_shouldPassAGzippedJsonBodyToTheFunctionAsBytes() throws Exception {
        String json = "{\"writeKey\":\"" + twin.writeKey() + "\",\"batch\":[{\"type\":\"page\",\"anonymousId\":\"anon-gz\","
                + "\"messageId\":\"gz-" + System.nanoTime() + "\",\"properties\":{\"path\":\"/product/x\"}}]}";
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(json.getBytes(StandardCharsets.UTF_8));
        }
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(twin.apiUrl() + "/v1/batch"))
                .header("content-type", "application/json").header("content-encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(gz.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    }

    private void deliver(String script, String userId, String email) throws IOException, InterruptedException {
        Assumptions.assumeTrue(sdks != null, () -> "the SDKs cannot run here: " + unavailable);
        NpmPackages.Run run = sdks.run(script, twin.apiUrl(), twin.writeKey(), userId, email);
        assertThat(run.exitCode()).as(script + " printed: " + run.output()).isZero();
    }

    private void assertQualified(String email) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!handoffsByEmail.containsKey(email) && System.nanoTime() < deadline) {
            readHandoffs();
        }
        assertThat(handoffsByEmail).as("a handoff for " + email).containsKey(email);
        LeadState lead = lead(email);
        assertThat(lead.stage()).isEqualTo(Stage.MQL);
        assertThat(lead.qualifiedBy()).isEqualTo("hand-raiser");
        assertThat(lead.contributions()).as("the server-side page() of /pricing scored as a pricing page")
                .containsKeys("pricing-page", "demo-request");
    }

    private static synchronized void readHandoffs() {
        String url = twin.queueUrl("HandoffQueue");
        for (Message m : sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)).messages()) {
            JsonNode handoff = Json.read(m.body());
            handoffsByEmail.put(handoff.path("email").asText(), handoff);
            sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }

    private static LeadState lead(String email) {
        for (Map<String, AttributeValue> item : dynamo.scanPaginator(b -> b.tableName(twin.tableName("LeadsTable"))).items()) {
            if (LeadItems.read(item) instanceof Stored.Lead p && !p.state().anonymous()
                    && email.equals(p.state().traits().email())) {
                return p.state();
            }
        }
        throw new AssertionError("no lead for " + email);
    }
}
