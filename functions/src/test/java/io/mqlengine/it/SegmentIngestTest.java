package io.mqlengine.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.mqlengine.identity.LeadIds;
import io.mqlengine.identity.UserIds;
import io.mqlengine.json.Json;
import io.mqlengine.model.Stage;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.store.LeadKey;
import io.mqlengine.testing.Emulators;
import io.mqlengine.testing.TemplateResources;
import io.mqlengine.validation.Route;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The ingest function on Segment's routes, as analytics-node, RudderStack and analytics.js post to them (samples in
 * events/ingest), against the emulators.
 */
class SegmentIngestTest {
    private static final Instant SAMPLE_TIME = Instant.parse("2026-11-23T10:00:01Z");
    private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString("demo-write-key:".getBytes(StandardCharsets.UTF_8));

    private Stack stack;

    @BeforeEach
    void createStack() {
        stack = new Stack(Emulators.get(), SAMPLE_TIME, "");
    }

    private static String body(APIGatewayV2HTTPResponse r) {
        return r.getStatusCode() + " " + r.getBody();
    }

    /** A request to {@code path} like the segment-batch sample, with {@code body} and the headers given. */
    static APIGatewayV2HTTPEvent request(String path, byte[] body, Map<String, String> headers) {
        APIGatewayV2HTTPEvent e = LambdaEvents.http("ingest/segment-batch.json");
        e.setRouteKey("POST " + path);
        e.setRawPath(path);
        e.getRequestContext().getHttp().setPath(path);
        Map<String, String> h = new HashMap<>(e.getHeaders());
        h.remove("authorization");
        h.putAll(headers);
        h.put("content-length", String.valueOf(body.length));
        e.setHeaders(h);
        e.setBody(Base64.getEncoder().encodeToString(body));
        e.setIsBase64Encoded(true);
        return e;
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private List<JsonNode> queued(String queue) {
        List<Message> messages = stack.receive(stack.queues.get(queue), 10);
        return events(messages);
    }

    /** The events of queue messages, in order: a request's events travel packed in one message (envelope v2). */
    private static List<JsonNode> events(List<Message> messages) {
        List<JsonNode> out = new ArrayList<>();
        for (Message m : messages) {
            Json.read(m.body()).get("events").forEach(out::add);
        }
        return out;
    }

    @Test
    void ingest_shouldAcceptAnalyticsNodesBatch_withBasicAuth_andMapItsFields() {
        APIGatewayV2HTTPResponse r = stack.post(LambdaEvents.http("ingest/segment-batch.json"));
        assertThat(r.getStatusCode()).as(body(r)).isEqualTo(202);
        assertThat(Json.read(r.getBody())).isEqualTo(Json.read("{\"accepted\":3,\"rejected\":[]}"));
        List<Message> messages = stack.receive(stack.queues.get("HandRaiserQueue"), 10);
        assertThat(messages).as("one message per request lane").hasSize(1);
        for (Message m : messages) {
            assertThat(Schemas.problems("event-envelope.schema.json", Json.read(m.body()))).as(m.body()).isEmpty();
        }
        List<JsonNode> events = events(messages);
        assertThat(events).hasSize(3);
        for (JsonNode e : events) {
            assertThat(e.get("anonymousId").asText()).isEqualTo(UserIds.anonymousIdFor("user-ada"));
            assertThat(e.get("eventId").asText()).startsWith("node-next-");
        }
        JsonNode identify = events.stream().filter(e -> e.get("type").asText().equals("identify")).findFirst().orElseThrow();
        assertThat(identify.get("traits")).isEqualTo(Json.read("{\"email\":\"ada.lovelace@analytical-engines.example\","
                + "\"firstName\":\"Ada\",\"lastName\":\"Lovelace\",\"title\":\"VP Engineering\",\"company\":\"Analytical Engines\","
                + "\"companySize\":200,\"industry\":\"software\",\"country\":\"GB\"}"));
        JsonNode page = events.stream().filter(e -> e.get("type").asText().equals("page")).findFirst().orElseThrow();
        assertThat(page.path("context").path("page").path("path").asText()).isEqualTo("/pricing");
    }

    @Test
    void ingest_shouldQualifyTheLeadOfAnalyticsNodesBatch_scoringItsServerSidePageAsPricing() {
        assertThat(stack.post(LambdaEvents.http("ingest/segment-batch.json")).getStatusCode()).isEqualTo(202);
        stack.settle();
        LeadState ada = stack.store.get(LeadKey.lead(new LeadIds(Stack.LEAD_ID_SECRET)
                .forEmail("ada.lovelace@analytical-engines.example")));
        assertThat(ada.stage()).isEqualTo(Stage.MQL);
        assertThat(ada.contributions()).containsKeys("pricing-page", "demo-request");
        assertThat(stack.readAll("HandoffQueue")).hasSize(1);
    }

    @Test
    void ingest_shouldAcceptRudderStacksGzippedFormTypedBatch_andScoreItsPageAsPricing() {
        APIGatewayV2HTTPResponse r = stack.post(LambdaEvents.http("ingest/rudderstack-batch-gzip.json"));
        assertThat(r.getStatusCode()).as(body(r)).isEqualTo(202);
        stack.settle();
        LeadState grace = stack.store.get(LeadKey.lead(new LeadIds(Stack.LEAD_ID_SECRET)
                .forEmail("grace.hopper@cobol.example")));
        assertThat(grace.traits().firstName()).isEqualTo("Grace");
        assertThat(grace.contributions()).containsKey("pricing-page");
    }

    @Test
    void ingest_shouldScoreANativePageView_whosePathIsInItsProperties_asAPricingVisit() {
        String body = "{\"writeKey\":\"demo-write-key\",\"events\":[{\"eventId\":\"srv-1\",\"type\":\"page\","
                + "\"anonymousId\":\"anon-server\",\"timestamp\":\"2026-11-23T09:59:00Z\",\"properties\":{\"path\":\"/pricing\"}}]}";
        assertThat(stack.post(body).getStatusCode()).isEqualTo(202);
        stack.settle();
        assertThat(stack.store.get(LeadKey.anonymous("anon-server")).contributions()).containsKey("pricing-page");
    }

    @Test
    void ingest_shouldAcceptAnalyticsJsSingleMessage_asTextPlainOnItsLetterRoute() {
        APIGatewayV2HTTPResponse r = stack.post(LambdaEvents.http("ingest/analytics-js-page.json"));
        assertThat(r.getStatusCode()).as(body(r)).isEqualTo(202);
        List<JsonNode> events = queued("EventsQueue");
        assertThat(events).hasSize(1);
        assertThat(events.get(0).get("anonymousId").asText()).isEqualTo("4b9c7e2d-1a3f-4e5b-8c6d-7e8f9a0b1c2d");
        assertThat(events.get(0).path("context").path("page").path("referrer").asText()).isEqualTo("https://www.google.com/");
    }

    @Test
    void ingest_shouldDeduplicateARetriedBatch_byItsMessageIds() {
        assertThat(stack.post(LambdaEvents.http("ingest/rudderstack-batch-gzip.json")).getStatusCode()).isEqualTo(202);
        assertThat(stack.post(LambdaEvents.http("ingest/rudderstack-batch-gzip.json")).getStatusCode()).isEqualTo(202);
        stack.settle();
        LeadState grace = stack.store.get(LeadKey.lead(new LeadIds(Stack.LEAD_ID_SECRET)
                .forEmail("grace.hopper@cobol.example")));
        assertThat(grace.contributions().get("pricing-page").count()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "wrong key in Basic auth, body not even JSON | Basic d3Jvbmc6 | {nope | 401 | writeKey is not a write key",
            "Bearer token | Bearer abc | {} | 401 | must be HTTP Basic",
            "Basic auth not base64 | Basic %%% | {} | 401 | not valid base64",
            "no key anywhere | - | {'batch':[{'type':'track','event':'E','userId':'u'}]} | 401 | send the write key",
            "wrong key in the body | - | {'writeKey':'nope','batch':[{'bad':1e2147483648}]} | 400 | number out of range",
            "wrong key in the body, valid JSON | - | {'writeKey':'nope','batch':[{'x':1}],'pad':[1,2,3]} | 401 | writeKey is not"})
    void ingest_shouldCheckTheWriteKeyBeforeTheEvents(String name, String authorization, String json, int status,
                                                      String message) {
        Map<String, String> headers = new HashMap<>(Map.of("content-type", "application/json"));
        if (!authorization.equals("-")) {
            headers.put("authorization", authorization);
        }
        APIGatewayV2HTTPResponse r = stack.post(request("/v1/batch", json.replace('\'', '"')
                .getBytes(StandardCharsets.UTF_8), headers));
        assertThat(r.getStatusCode()).as(name + ": " + body(r)).isEqualTo(status);
        assertThat(r.getBody()).as(name).contains(message);
        assertThat(stack.eventsQueued()).isZero();
    }

    @Test
    void ingest_shouldRefuseAGzipBomb_aCorruptGzip_andAnUnknownCoding() {
        byte[] bomb = gzip(("{\"writeKey\":\"demo-write-key\",\"batch\":[],\"pad\":\"" + "x".repeat(600 * 1024) + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(bomb.length).isLessThan(64 * 1024);
        APIGatewayV2HTTPResponse big = stack.post(request("/v1/batch", bomb, Map.of("content-type",
                "application/x-www-form-urlencoded", "content-encoding", "gzip", "authorization", BASIC)));
        assertThat(big.getStatusCode()).as(body(big)).isEqualTo(413);
        assertThat(big.getBody()).contains("decompresses to more than 524288 bytes");
        byte[] corrupt = gzip("{\"batch\":[]}".getBytes(StandardCharsets.UTF_8));
        corrupt[corrupt.length / 2] ^= 0x5a;
        corrupt = java.util.Arrays.copyOf(corrupt, corrupt.length - 3);
        APIGatewayV2HTTPResponse bad = stack.post(request("/v1/batch", corrupt, Map.of("content-type",
                "application/json", "content-encoding", "gzip", "authorization", BASIC)));
        assertThat(bad.getStatusCode()).as(body(bad)).isEqualTo(400);
        assertThat(bad.getBody()).contains("not valid gzip");
        APIGatewayV2HTTPResponse br = stack.post(request("/v1/batch", new byte[] {1, 2, 3}, Map.of("content-type",
                "application/json", "content-encoding", "br", "authorization", BASIC)));
        assertThat(br.getStatusCode()).as(body(br)).isEqualTo(415);
        assertThat(stack.eventsQueued()).isZero();
    }

    @Test
    void ingest_shouldAcceptGzipOnOurOwnRoute_butNotAFormType() {
        byte[] json = ("{\"writeKey\":\"demo-write-key\",\"events\":[{\"eventId\":\"gz-1\",\"type\":\"page\",\"anonymousId\":"
                + "\"anon-gz\",\"timestamp\":\"2026-11-23T09:59:00Z\",\"context\":{\"page\":{\"path\":\"/\"}}}]}")
                .getBytes(StandardCharsets.UTF_8);
        APIGatewayV2HTTPResponse ok = stack.post(request("/v1/events", gzip(json), Map.of("content-type",
                "application/json", "content-encoding", "gzip")));
        assertThat(ok.getStatusCode()).as(body(ok)).isEqualTo(202);
        APIGatewayV2HTTPResponse form = stack.post(request("/v1/events", gzip(json), Map.of("content-type",
                "application/x-www-form-urlencoded", "content-encoding", "gzip")));
        assertThat(form.getStatusCode()).as(body(form)).isEqualTo(415);
    }

    @Test
    void ingest_shouldAnswer404_forAPathThatIsNoTrackingRoute() {
        APIGatewayV2HTTPResponse r = stack.post(request("/v1/nope", "{}".getBytes(StandardCharsets.UTF_8),
                Map.of("content-type", "application/json", "authorization", BASIC)));
        assertThat(r.getStatusCode()).as(body(r)).isEqualTo(404);
    }

    @Test
    void ingest_shouldAcceptEverySingleMessageRoute_byTheTypeItNames() {
        String[][] cases = {{"/v1/track", "{'event':'Signed Up'}", "track"}, {"/v1/t", "{'event':'Signed Up'}", "track"},
                {"/v1/page", "{'name':'Home'}", "page"}, {"/v1/p", "{}", "page"},
                {"/v1/identify", "{'traits':{'title':'CTO'}}", "identify"}, {"/v1/i", "{'traits':{}}", "identify"},
                {"/v1/group", "{'groupId':'g','traits':{'name':'Acme'}}", "group"}, {"/v1/g", "{'groupId':'g'}", "group"},
                {"/v1/alias", "{'previousId':'anon-1'}", "alias"}, {"/v1/a", "{'previousId':'anon-2'}", "alias"},
                {"/v1/screen", "{'name':'Home'}", "page"}, {"/v1/s", "{'name':'Pricing'}", "page"}};
        int n = 0;
        for (String[] c : cases) {
            String json = c[1].replace('\'', '"');
            String message = "{\"userId\":\"u-route\",\"messageId\":\"route-" + n++ + "\",\"timestamp\":\"2026-11-23T09:59:00Z\","
                    + json.substring(1);
            message = message.replace(",}", "}");
            APIGatewayV2HTTPResponse r = stack.post(request(c[0], message.getBytes(StandardCharsets.UTF_8),
                    Map.of("content-type", "text/plain", "authorization", BASIC)));
            assertThat(r.getStatusCode()).as(c[0] + ": " + body(r)).isEqualTo(202);
            List<JsonNode> queued = queued("EventsQueue");
            assertThat(queued).as(c[0]).hasSize(1);
            assertThat(queued.get(0).get("type").asText()).as(c[0]).isEqualTo(c[2]);
            stack.readAll("EventsQueue");
        }
    }

    @Test
    void template_shouldRouteEveryTrackingPathToTheIngestFunction() {
        Set<String> declared = new TreeSet<>();
        TemplateResources.properties("IngestFunction").path("Events").forEach(e -> {
            assertThat(e.path("Type").asText()).isEqualTo("HttpApi");
            assertThat(e.path("Properties").path("Method").asText()).isEqualTo("POST");
            declared.add(e.path("Properties").path("Path").asText());
        });
        Set<String> served = new TreeSet<>();
        Route.all().forEach(r -> served.add(r.path()));
        assertThat(declared).isEqualTo(served);
    }
}
