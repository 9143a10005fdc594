package io.mqlengine.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Routes with {@code Auth: {Authorizer: AWS_IAM}} on the twin's HTTP API: requests signed by the AWS SDK's own signer
 * (and by curl) with the twin's credentials reach the function; everything else is refused as API Gateway refuses it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IamRoutesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MISMATCH = "The request signature we calculated does not match the signature you provided.";
    private final HttpClient http = HttpClient.newHttpClient();
    private RunningTwin twin;
    private SigV4Requests signer;

    @BeforeAll
    void start() throws Exception {
        twin = LocalTwin.start(TwinOptions.of(TwinLines.template("iam.yaml")).withPort(0).withOutput(new TwinLines()));
        signer = new SigV4Requests(twin.apiUrl());
    }

    @AfterAll
    void stop() {
        twin.close();
    }

    @Test
    void leadRoute_shouldAnswer403Forbidden_whenTheRequestIsUnsigned() throws Exception {
        HttpResponse<String> response = plain("GET", "/v1/leads/lead-42", null);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(response.body())).isEqualTo(JSON.readTree("{\"message\":\"Forbidden\"}"));
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    }

    @Test
    void leadRoute_shouldReachTheFunctionWithTheCallersIdentity_whenSignedWithTheTwinsCredentials() throws Exception {
        HttpResponse<String> response = signer.send("GET", "/v1/leads?email=ada%40example.com&b=two%20words", null,
                SigV4Requests.Signing.twin());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode echo = JSON.readTree(response.body());
        assertThat(echo.path("routeKey").asText()).isEqualTo("GET /v1/leads");
        assertThat(echo.path("method").asText()).isEqualTo("GET");
        assertThat(echo.path("rawQueryString").asText()).isEqualTo("email=ada%40example.com&b=two%20words");
        assertThat(echo.path("queryStringParameters").path("email").asText()).isEqualTo("ada@example.com");
        assertThat(echo.path("queryStringParameters").path("b").asText()).isEqualTo("two words");
        assertThat(echo.path("pathParameters").isNull()).isTrue();
        JsonNode iam = echo.path("iam");
        assertThat(iam.path("accessKey").asText()).isEqualTo("local");
        assertThat(iam.path("accountId").asText()).isEqualTo("000000000000");
        assertThat(iam.path("userArn").asText()).isEqualTo("arn:aws:iam::000000000000:user/local");
        assertThat(iam.path("userId").asText()).startsWith("AIDA");
        assertThat(iam.path("callerId").asText()).isEqualTo(iam.path("userId").asText());
    }

    @Test
    void leadRoute_shouldPassThePathParameterAndMethod_whenTheLeadIdIsInThePath() throws Exception {
        JsonNode get = JSON.readTree(signer.send("GET", "/v1/leads/lead-42", null, SigV4Requests.Signing.twin()).body());
        HttpResponse<String> deleted = signer.send("DELETE", "/v1/leads/lead-43", null, SigV4Requests.Signing.twin());
        HttpResponse<String> byEmail = signer.send("DELETE", "/v1/leads?email=ada%40example.com", null,
                SigV4Requests.Signing.twin());

        assertThat(get.path("routeKey").asText()).isEqualTo("GET /v1/leads/{leadId}");
        assertThat(get.path("pathParameters").path("leadId").asText()).isEqualTo("lead-42");
        assertThat(get.path("queryStringParameters").isNull()).isTrue();
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
        JsonNode delete = JSON.readTree(deleted.body());
        assertThat(delete.path("routeKey").asText()).isEqualTo("DELETE /v1/leads/{leadId}");
        assertThat(delete.path("method").asText()).isEqualTo("DELETE");
        assertThat(delete.path("pathParameters").path("leadId").asText()).isEqualTo("lead-43");
        assertThat(byEmail.statusCode()).as(byEmail.body()).isEqualTo(200);
        assertThat(JSON.readTree(byEmail.body()).path("routeKey").asText()).isEqualTo("DELETE /v1/leads");
    }

    @Test
    void leadRoute_shouldPassTheBody_whenASignedPostCarriesOne() throws Exception {
        HttpResponse<String> response = signer.send("POST", "/v1/leads/lead-42/notes", "{\"note\":\"called\"}",
                SigV4Requests.Signing.twin());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("body").asText()).isEqualTo("{\"note\":\"called\"}");
    }

    @Test
    void leadRoute_shouldRefuseTheSignature_whenSignedWithAnotherSecret() throws Exception {
        HttpResponse<String> response = signer.send("GET", "/v1/leads/lead-42", null,
                SigV4Requests.Signing.twin().secret("not-the-secret"));

        assertRefused(response, MISMATCH);
    }

    @Test
    void leadRoute_shouldRefuseTheSignature_whenTheQueryIsChangedAfterSigning() throws Exception {
        SigV4Requests.Signed signed = signer.sign("GET", "/v1/leads?email=ada%40example.com", null, SigV4Requests.Signing.twin());

        HttpResponse<String> response = signer.send(signed.withPathAndQuery("/v1/leads?email=eve%40example.com"));

        assertRefused(response, MISMATCH);
        assertThat(JSON.readTree(response.body()).path("message").asText()).contains("email=eve%40example.com");
    }

    @Test
    void leadRoute_shouldRefuseThePayloadHash_whenTheBodyIsChangedAfterSigning() throws Exception {
        SigV4Requests.Signed signed = signer.sign("POST", "/v1/leads/lead-42/notes", "{\"note\":\"called\"}",
                SigV4Requests.Signing.twin());

        HttpResponse<String> response = signer.send(signed.withBody("{\"note\":\"erase me\"}"));

        assertRefused(response, "The provided 'x-amz-content-sha256' header does not match what was computed.");
    }

    @Test
    void leadRoute_shouldRefuseTheSignature_whenTheBodyAndItsHashHeaderAreChangedAfterSigning() throws Exception {
        SigV4Requests.Signed signed = signer.sign("POST", "/v1/leads/lead-42/notes", "{\"note\":\"called\"}",
                SigV4Requests.Signing.twin());

        HttpResponse<String> response = signer.send(signed.withBodyAndItsHash("{\"note\":\"erase me\"}"));

        assertRefused(response, MISMATCH);
    }

    @Test
    void leadRoute_shouldRefuseSignatureExpired_whenSignedSixteenMinutesAgo() throws Exception {
        Clock past = Clock.fixed(Instant.now().minus(Duration.ofMinutes(16)), ZoneOffset.UTC);

        HttpResponse<String> response = signer.send("GET", "/v1/leads/lead-42", null, SigV4Requests.Signing.twin().clock(past));

        assertRefused(response, "Signature expired: ");
    }

    @Test
    void leadRoute_shouldRefuseNamingTheService_whenTheScopeIsForAnotherService() throws Exception {
        HttpResponse<String> response = signer.send("GET", "/v1/leads/lead-42", null,
                SigV4Requests.Signing.twin().service("sqs"));

        assertRefused(response, "Credential should be scoped to correct service: 'execute-api', not 'sqs'.");
    }

    @Test
    void leadRoute_shouldRefuseNamingTheRegion_whenTheScopeIsForAnotherRegion() throws Exception {
        HttpResponse<String> response = signer.send("GET", "/v1/leads/lead-42", null,
                SigV4Requests.Signing.twin().region("eu-west-1"));

        assertRefused(response, "Credential should be scoped to a valid region");
        assertThat(JSON.readTree(response.body()).path("message").asText()).contains("'us-east-1'", "'eu-west-1'");
    }

    @Test
    void leadRoute_shouldRefuseTheToken_whenTheAccessKeyIsNotTheTwins() throws Exception {
        HttpResponse<String> response = signer.send("GET", "/v1/leads/lead-42", null,
                SigV4Requests.Signing.twin().accessKey("AKIAIOSFODNN7EXAMPLE"));

        assertRefused(response, "The security token included in the request is invalid.");
    }

    @Test
    void leadRoute_shouldRefuseNamingTheMissingParameters_whenAuthorizationIsABearerToken() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(twin.apiUrl() + "/v1/leads/lead-42"))
                .header("Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.e30.secret").GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertRefused(response, "Authorization header requires 'Credential' parameter.");
        assertThat(response.body()).doesNotContain("eyJ");
    }

    @Test
    void leadRoute_shouldAcceptTheHostsTimeAndTheTwinsTime_whenTheTwinClockWasMovedADay() throws Exception {
        twin.clock().advance(Duration.ofDays(1));
        Clock twinTime = Clock.fixed(twin.clock().instant(), ZoneOffset.UTC);

        HttpResponse<String> hostSigned = signer.send("GET", "/v1/leads/lead-42", null, SigV4Requests.Signing.twin());
        HttpResponse<String> twinSigned = signer.send("GET", "/v1/leads/lead-42", null,
                SigV4Requests.Signing.twin().clock(twinTime));

        assertThat(hostSigned.statusCode()).as(hostSigned.body()).isEqualTo(200);
        assertThat(twinSigned.statusCode()).as(twinSigned.body()).isEqualTo(200);
    }

    @Test
    void leadRoute_shouldAcceptCurlsSignature_whenCurlSupportsAwsSigv4() throws Exception {
        Assumptions.assumeTrue(curlHasAwsSigv4(), "curl with --aws-sigv4 (7.75 or later) is not on this machine; "
                + "the SDK-signed tests cover the same check");

        List<String> good = curl("local:local", "/v1/leads?email=ada%40example.com");
        List<String> bad = curl("local:wrong", "/v1/leads?email=ada%40example.com");

        assertThat(good.get(1)).as(good.get(0)).isEqualTo("200");
        assertThat(JSON.readTree(good.get(0)).path("queryStringParameters").path("email").asText()).isEqualTo("ada@example.com");
        assertThat(bad.get(1)).isEqualTo("403");
        assertThat(JSON.readTree(bad.get(0)).path("message").asText()).startsWith(MISMATCH);
    }

    @Test
    void publicRoute_shouldNotAskForASignature_whenItsEventHasNoAuth() throws Exception {
        HttpResponse<String> response = plain("POST", "/v1/events", "{}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).has("iam")).isFalse();
    }

    @Test
    void corsPreflight_shouldBeAnsweredWithoutASignatureAndNotAllowDelete_whenABrowserAsksForALeadRoute() throws Exception {
        HttpResponse<String> delete = http.send(HttpRequest.newBuilder(URI.create(twin.apiUrl() + "/v1/leads/lead-42"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://app.example.com")
                .header("Access-Control-Request-Method", "DELETE").build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> unsigned = http.send(HttpRequest.newBuilder(URI.create(twin.apiUrl() + "/v1/leads/lead-42"))
                .header("Origin", "https://app.example.com").GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(delete.statusCode()).isEqualTo(204);
        assertThat(delete.headers().firstValue("access-control-allow-methods")).isEmpty();
        assertThat(unsigned.statusCode()).isEqualTo(403);
        assertThat(unsigned.headers().firstValue("access-control-allow-origin")).hasValue("https://app.example.com");
    }

    private HttpResponse<String> plain(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(twin.apiUrl() + path)).header("content-type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertRefused(HttpResponse<String> response, String messageStart) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(JSON.readTree(response.body()).path("message").asText()).startsWith(messageStart);
    }

    private static boolean curlHasAwsSigv4() {
        try {
            Process p = new ProcessBuilder("curl", "--help", "all").redirectErrorStream(true).start();
            String help = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor(10, TimeUnit.SECONDS) && help.contains("--aws-sigv4");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Body and status code of a curl request signed by curl itself. */
    private List<String> curl(String user, String pathAndQuery) throws Exception {
        Process p = new ProcessBuilder("curl", "-sS", "--max-time", "20", "--aws-sigv4", "aws:amz:us-east-1:execute-api",
                "--user", user, "-w", "\n%{http_code}", twin.apiUrl() + pathAndQuery).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("curl finished").isTrue();
        int split = out.lastIndexOf('\n');
        return List.of(out.substring(0, split), out.substring(split + 1).strip());
    }
}
