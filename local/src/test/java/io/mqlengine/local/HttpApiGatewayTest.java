package io.mqlengine.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpApiGatewayTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final TwinLines lines = new TwinLines();
    private final HttpClient http = HttpClient.newHttpClient();
    private RunningTwin twin;

    @BeforeAll
    void start() throws Exception {
        twin = LocalTwin.start(TwinOptions.of(TwinLines.template("http.yaml")).withPort(0).withTestHooks(true)
                .withOutput(lines));
    }

    @AfterAll
    void stop() {
        twin.close();
    }

    @Test
    void httpEvent_shouldLookLikeApiGatewayPayload2_whenRequestHasQueryCookiesAndJsonBody() throws Exception {
        long before = twin.clock().millis();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(twin.apiUrl() + "/echo/alice?x=1&x=2&y=%20z"))
                .header("Content-Type", "application/json").header("Cookie", "a=1; b=2").header("User-Agent", "test-agent")
                .header("X-Custom", "v").POST(HttpRequest.BodyPublishers.ofString("{\"hello\":1}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode echo = JSON.readTree(response.body());
        assertThat(echo.path("version").asText()).isEqualTo("2.0");
        assertThat(echo.path("routeKey").asText()).isEqualTo("ANY /echo/{name}");
        assertThat(echo.path("rawPath").asText()).isEqualTo("/echo/alice");
        assertThat(echo.path("rawQueryString").asText()).isEqualTo("x=1&x=2&y=%20z");
        assertThat(echo.path("queryStringParameters").path("x").asText()).isEqualTo("1,2");
        assertThat(echo.path("queryStringParameters").path("y").asText()).isEqualTo(" z");
        assertThat(echo.path("pathParameters").path("name").asText()).isEqualTo("alice");
        assertThat(echo.path("cookies")).hasSize(2);
        assertThat(echo.path("cookies").get(0).asText()).isEqualTo("a=1");
        assertThat(echo.path("headers").path("x-custom").asText()).isEqualTo("v");
        assertThat(echo.path("headers").path("content-type").asText()).isEqualTo("application/json");
        assertThat(echo.path("headers").has("cookie")).isFalse();
        assertThat(echo.path("headers").path("x-forwarded-for").asText()).isEqualTo("127.0.0.1");
        assertThat(echo.path("body").asText()).isEqualTo("{\"hello\":1}");
        assertThat(echo.path("isBase64Encoded").asBoolean()).isFalse();
        JsonNode context = echo.path("requestContext");
        assertThat(context.path("http").path("method").asText()).isEqualTo("POST");
        assertThat(context.path("http").path("path").asText()).isEqualTo("/echo/alice");
        assertThat(context.path("http").path("sourceIp").asText()).isEqualTo("127.0.0.1");
        assertThat(context.path("http").path("userAgent").asText()).isEqualTo("test-agent");
        assertThat(context.path("stage").asText()).isEqualTo("$default");
        assertThat(context.path("accountId").asText()).isEqualTo("000000000000");
        assertThat(context.path("requestId").asText()).isNotBlank();
        assertThat(context.path("time").asText()).matches("\\d{2}/[A-Z][a-z]{2}/\\d{4}:\\d{2}:\\d{2}:\\d{2} \\+0000");
        assertThat(context.path("timeEpoch").asLong()).isBetween(before, twin.clock().millis());
        assertThat(echo.path("greeting").asText()).isEqualTo("hello");
        assertThat(echo.path("functionName").asText()).isEqualTo("mql-local-EchoFunction");
        assertThat(echo.path("remainingMs").asInt()).isBetween(1, 5000);
        assertThat(response.headers().allValues("x-multi")).containsExactly("one", "two");
        assertThat(response.headers().allValues("set-cookie")).containsExactly("session=abc; Path=/");
        assertThat(response.headers().firstValue("apigw-requestid")).isPresent();
        JsonNode invoke = lines.awaitLine(l -> l.path("event").asText().equals("invoke")
                && l.path("trigger").asText().equals("http"), Duration.ofSeconds(5));
        assertThat(invoke.path("function").asText()).isEqualTo("EchoFunction");
        assertThat(invoke.path("outcome").asText()).isEqualTo("ok");
        assertThat(invoke.has("durationMs") && invoke.has("coldStart") && invoke.has("records")).isTrue();
    }

    @Test
    void httpEvent_shouldBase64EncodeBody_whenContentTypeIsNotText() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(twin.apiUrl() + "/echo/bob"))
                .header("Content-Type", "application/octet-stream").POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1, 2, 3}))
                .build(), HttpResponse.BodyHandlers.ofString());

        JsonNode echo = JSON.readTree(response.body());
        assertThat(echo.path("isBase64Encoded").asBoolean()).isTrue();
        assertThat(echo.path("body").asText()).isEqualTo("AQID");
        assertThat(echo.path("queryStringParameters").isNull()).isTrue();
    }

    @Test
    void httpResponse_shouldDecodeBase64Body_whenFunctionSaysIsBase64Encoded() throws Exception {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(twin.apiUrl() + "/binary")).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).containsExactly(0, 1, 2, (byte) 255);
    }

    @Test
    void corsPreflight_shouldBeAnsweredByTheGateway_whenOriginIsAllowed() throws Exception {
        HttpResponse<String> allowed = preflight("https://app.example.com");
        HttpResponse<String> denied = preflight("https://evil.example");

        assertThat(allowed.statusCode()).isEqualTo(204);
        assertThat(allowed.headers().firstValue("access-control-allow-origin")).hasValue("https://app.example.com");
        assertThat(allowed.headers().firstValue("access-control-allow-methods")).hasValue("POST,GET");
        assertThat(allowed.headers().firstValue("access-control-allow-headers")).hasValue("content-type,x-write-key");
        assertThat(allowed.headers().firstValue("access-control-max-age")).hasValue("600");
        assertThat(denied.statusCode()).isEqualTo(204);
        assertThat(denied.headers().firstValue("access-control-allow-origin")).isEmpty();
        assertThat(lines.events(0, "invoke", null)).noneMatch(l -> l.path("trigger").asText().equals("http")
                && l.path("outcome").asText().equals("preflight"));
    }

    @Test
    void corsActualResponse_shouldCarryAllowOriginOfTheGatewayNotTheFunction_whenOriginIsAllowed() throws Exception {
        HttpResponse<String> withOrigin = http.send(HttpRequest.newBuilder(URI.create(twin.apiUrl() + "/v1/events"))
                .header("Origin", "https://app.example.com").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> otherOrigin = http.send(HttpRequest.newBuilder(URI.create(twin.apiUrl() + "/v1/events"))
                .header("Origin", "https://evil.example").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(withOrigin.statusCode()).isEqualTo(202);
        assertThat(withOrigin.headers().allValues("access-control-allow-origin")).containsExactly("https://app.example.com");
        assertThat(otherOrigin.statusCode()).isEqualTo(202);
        assertThat(otherOrigin.headers().firstValue("access-control-allow-origin")).isEmpty();
    }

    @Test
    void gateway_shouldAnswer404And500LikeApiGateway_whenRouteIsUnknownOrFunctionThrows() throws Exception {
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create(twin.apiUrl() + "/nowhere")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> failing = http.send(HttpRequest.newBuilder(URI.create(twin.apiUrl() + "/fail")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo("{\"message\":\"Not Found\"}");
        assertThat(failing.statusCode()).isEqualTo(500);
        assertThat(failing.body()).isEqualTo("{\"message\":\"Internal Server Error\"}");
        lines.awaitLine(l -> l.path("event").asText().equals("invoke") && l.path("outcome").asText().equals("error"),
                Duration.ofSeconds(5));
    }

    @Test
    void throttling_shouldAnswer429_whenBurstLimitIsExceeded() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(twin.apiUrl() + "/limited")).build(),
                    HttpResponse.BodyHandlers.ofString());
            statuses.add(r.statusCode());
            if (r.statusCode() == 429) {
                assertThat(r.body()).isEqualTo("{\"message\":\"Too Many Requests\"}");
            }
        }

        assertThat(statuses.subList(0, 5)).containsOnly(200);
        assertThat(statuses).contains(429);
    }

    @Test
    void testHooks_shouldMoveTheClockAndReportIdle_whenTestHooksAreOn() throws Exception {
        Instant before = twin.clock().instant();
        HttpResponse<String> moved = http.send(HttpRequest.newBuilder(URI.create(twin.apiUrl() + "/_twin/clock"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"advance\":\"PT1H\"}")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> backwards = http.send(HttpRequest.newBuilder(URI.create(twin.apiUrl() + "/_twin/clock"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"set\":\"2001-01-01T00:00:00Z\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        TwinLines.await(twin::idle, Duration.ofSeconds(10), "idle");
        HttpResponse<String> idle = http.send(HttpRequest.newBuilder(URI.create(twin.apiUrl() + "/_twin/idle")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(moved.statusCode()).isEqualTo(200);
        assertThat(Instant.parse(JSON.readTree(moved.body()).path("now").asText())).isAfter(before.plus(Duration.ofMinutes(59)));
        assertThat(backwards.statusCode()).isIn(200, 409);
        assertThat(JSON.readTree(idle.body()).path("idle").asBoolean()).isTrue();
    }

    @Test
    void readyLine_shouldNameEndpointsWriteKeyQueuesAndTables_whenTwinStarted() {
        JsonNode ready = lines.awaitLine(l -> l.has("ready"), Duration.ofSeconds(1));

        assertThat(ready.path("ready").asBoolean()).isTrue();
        assertThat(ready.path("api").asText()).isEqualTo(twin.apiUrl());
        assertThat(ready.path("sqs").asText()).startsWith("http://127.0.0.1:");
        assertThat(ready.path("dynamodb").asText()).startsWith("http://127.0.0.1:");
        assertThat(ready.path("events").asText()).isEqualTo(twin.eventsEndpoint());
        assertThat(ready.path("writeKey").asText()).isEqualTo("test-write-key");
        assertThat(ready.path("queues").path("ParkedQueue").asText())
                .isEqualTo(ready.path("sqs").asText() + "/000000000000/mql-local-ParkedQueue");
        assertThat(ready.path("tables").isObject()).isTrue();
        List<String> fields = new ArrayList<>();
        ready.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("ready", "api", "sqs", "dynamodb", "events", "writeKey", "queues", "tables");
        JsonNode notEmulated = lines.awaitLine(l -> l.path("event").asText().equals("not-emulated"), Duration.ofSeconds(1));
        assertThat(notEmulated.path("features").toString()).contains("AWS::Serverless::Function.Tracing",
                "AWS::Serverless::Function.Policies", "AWS::Serverless::HttpApi.FailOnWarnings");
        assertThat(twin.outputs().get("ApiUrl")).isEqualTo("https://api.execute-api.us-east-1.amazonaws.com");
    }

    @Test
    void gateway_shouldAnswerANormalRequestPromptly_whenMoreClientsStallMidBodyThanTheOldPoolHadWorkers()
            throws Exception {
        // the JDK server this replaces had 16 workers and no read timeout: 16 such clients blocked the API
        List<RawHttp> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 48; i++) {
                stalled.add(new RawHttp(twin.apiUrl()).send("POST /echo/stalled HTTP/1.1\r\nHost: twin\r\n"
                        + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n0123456789"));
            }
            long started = System.nanoTime();
            HttpResponse<String> normal = http.send(HttpRequest.newBuilder(URI.create(twin.apiUrl() + "/echo/normal"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(normal.statusCode()).isEqualTo(200);
            assertThat(took).isLessThan(Duration.ofSeconds(2));
            for (RawHttp client : stalled) {
                assertThat(client.openAndSilent()).as("a stalled client is still waiting, within the read timeout").isTrue();
            }
        } finally {
            for (RawHttp client : stalled) {
                client.close();
            }
        }
    }

    @Test
    void gateway_shouldAnswer431WithAJsonMessage_whenARequestHas201HeaderFields() throws Exception {
        try (RawHttp client = new RawHttp(twin.apiUrl())) {
            RawHttp.Answer answer = client.send(RawHttp.headWithFields("GET", "/echo/many", 199)).answer(Duration.ofSeconds(5));

            assertThat(answer.status()).isEqualTo(431);
            assertThat(answer.headers()).containsEntry("content-type", "application/json");
            assertThat(JSON.readTree(answer.body()).path("message").asText())
                    .isEqualTo("Request Header Fields Too Large: more than 200 header fields");
            assertThat(client.closedWithin(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void gateway_shouldServeTheRequest_whenItHasExactly200HeaderFields() throws Exception {
        try (RawHttp client = new RawHttp(twin.apiUrl())) {
            RawHttp.Answer answer = client.send(RawHttp.headWithFields("GET", "/echo/many", 198)).answer(Duration.ofSeconds(5));

            assertThat(answer.status()).isEqualTo(200);
            assertThat(JSON.readTree(answer.body()).path("headers").path("x-h-197").asText()).isEqualTo("v197");
        }
    }

    @Test
    void gateway_shouldAnswer431_whenTheHeaderSectionIsLargerThan64KiB() throws Exception {
        String big = "a".repeat(16 * 1024);
        try (RawHttp client = new RawHttp(twin.apiUrl())) {
            RawHttp.Answer answer = client.send("GET /echo/big HTTP/1.1\r\nHost: twin\r\nX-A: " + big + "\r\nX-B: " + big
                    + "\r\nX-C: " + big + "\r\nX-D: " + big + "\r\n\r\n").answer(Duration.ofSeconds(5));

            assertThat(answer.status()).isEqualTo(431);
            assertThat(JSON.readTree(answer.body()).path("message").asText()).contains("larger than 65536 bytes");
        }
    }

    @Test
    void gateway_shouldAnswer413BeforeTheBodyArrives_whenContentLengthIsOver10MiB() throws Exception {
        try (RawHttp client = new RawHttp(twin.apiUrl())) {
            RawHttp.Answer answer = client.send("POST /echo/huge HTTP/1.1\r\nHost: twin\r\nContent-Length: "
                    + (10 * 1024 * 1024 + 1) + "\r\n\r\n").answer(Duration.ofSeconds(5));

            assertThat(answer.status()).isEqualTo(413);
            assertThat(JSON.readTree(answer.body()).path("message").asText()).startsWith("Request Entity Too Large");
        }
    }

    @Test
    void gateway_shouldAnswer400NamingTheProblem_whenContentLengthAndTransferEncodingConflict() throws Exception {
        try (RawHttp client = new RawHttp(twin.apiUrl())) {
            RawHttp.Answer answer = client.send("POST /echo/x HTTP/1.1\r\nHost: twin\r\nContent-Length: 3\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n").answer(Duration.ofSeconds(5));

            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.body()).contains("both Content-Length and Transfer-Encoding");
        }
    }

    @Test
    void gateway_shouldReadChunkedBodiesAfter100Continue_andKeepTheConnectionForTheNextRequest() throws Exception {
        // the test hooks, not the echo route: its throttle bucket is shared by this class's other tests
        try (RawHttp client = new RawHttp(twin.apiUrl())) {
            client.send("POST /_twin/clock HTTP/1.1\r\nHost: twin\r\nExpect: 100-continue\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n");
            RawHttp.Answer proceed = client.answer(Duration.ofSeconds(5));
            client.send("5\r\n{\"adv\r\nd;ext=1\r\nance\":\"PT0S\"}\r\n0\r\n\r\n");
            RawHttp.Answer first = client.answer(Duration.ofSeconds(5));
            RawHttp.Answer second = client.send("GET /_twin/clock HTTP/1.1\r\nHost: twin\r\n\r\n").answer(Duration.ofSeconds(5));

            assertThat(proceed.status()).isEqualTo(100);
            assertThat(first.status()).as(first.body()).isEqualTo(200);
            assertThat(JSON.readTree(first.body()).has("now")).isTrue();
            assertThat(second.status()).isEqualTo(200);
            assertThat(JSON.readTree(second.body()).has("now")).isTrue();
        }
    }

    private HttpResponse<String> preflight(String origin) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(twin.apiUrl() + "/v1/events"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", origin)
                .header("Access-Control-Request-Method", "POST").header("Access-Control-Request-Headers", "content-type").build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
