package io.mqlengine.local.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the twin serves beside its API, over HTTP: the built snippet at /mql.js and the demo site under /demo/; and
 * the test hooks the browser tests rely on (the request journal, injected failures).
 */
class SnippetServingTest {
    private static BrowserTwin twin;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        assertThat(BrowserTwin.ROOT.resolve("functions/target/mql-functions.jar"))
                .as("the functions jar (mvn -B verify builds it before these tests)").exists();
        twin = BrowserTwin.start("http://127.0.0.1:9");
    }

    @AfterAll
    static void stop() {
        if (twin != null) {
            twin.close();
        }
    }

    @Test
    void snippet_shouldBeServedAsCacheableJavaScript_withTheCommittedBytes() throws Exception {
        HttpResponse<byte[]> r = send("GET", "/mql.js", null, null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/javascript; charset=utf-8");
        assertThat(r.headers().firstValue("cache-control")).hasValue("public, max-age=3600");
        assertThat(r.body()).isEqualTo(Files.readAllBytes(SnippetSizeTest.DIST));
        String etag = r.headers().firstValue("etag").orElseThrow();

        HttpResponse<byte[]> again = send("GET", "/mql.js", etag, null);
        assertThat(again.statusCode()).as("revalidated by its ETag").isEqualTo(304);
        assertThat(again.body()).isEmpty();
        HttpResponse<byte[]> head = send("HEAD", "/mql.js", null, null);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("content-length")).hasValue(String.valueOf(r.body().length));
    }

    @Test
    void snippetPath_shouldStillReachTheRoutes_whenTheMethodIsNotGetOrHead() throws Exception {
        HttpResponse<byte[]> r = send("POST", "/mql.js", null, "{}");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(new String(r.body())).isEqualTo("{\"message\":\"Not Found\"}");
    }

    @Test
    void demo_shouldServeItsPage_forEveryPathWithoutAnExtension() throws Exception {
        assertThat(send("GET", "/demo", null, null)).satisfies(r -> {
            assertThat(r.statusCode()).isEqualTo(301);
            assertThat(r.headers().firstValue("location")).hasValue("/demo/");
        });
        HttpResponse<byte[]> page = send("GET", "/demo/", null, null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(new String(page.body())).contains("writeKey:\"demo-write-key\"", "apiUrl:location.origin",
                "data-mql-form", "Request a demo");
        assertThat(send("GET", "/demo/pricing", null, null).body()).as("a page the demo reached by pushState, reloaded")
                .isEqualTo(page.body());
        assertThat(send("GET", "/demo/logo.png", null, null).statusCode()).isEqualTo(404);
    }

    @Test
    void faults_shouldAnswerTheNextRequestsWithTheStatus_andTheJournalShouldListThem() throws Exception {
        twin.call("DELETE", "/_twin/requests", null);
        twin.failNext(503, 1, 7, null);
        String body = "{\"writeKey\":\"demo-write-key\",\"events\":[]}";
        HttpResponse<byte[]> failed = send("POST", "/v1/events", null, body);
        assertThat(failed.statusCode()).isEqualTo(503);
        assertThat(failed.headers().firstValue("retry-after")).hasValue("7");
        assertThat(send("POST", "/v1/events", null, body).statusCode()).as("only the next one").isNotEqualTo(503);

        JsonNode journal = twin.call("GET", "/_twin/requests", null).path("requests");
        assertThat(journal).hasSize(2);
        assertThat(journal.get(0).path("status").asInt()).isEqualTo(503);
        assertThat(journal.get(0).path("body").asText()).isEqualTo(body);
        assertThat(journal.get(1).path("status").asInt()).isEqualTo(400);
    }

    @Test
    void faults_shouldOnlyCountTheRequestsWhoseBodyHoldsTheText_whenBodyContainsIsGiven() throws Exception {
        twin.failNext(429, 1, null, "visitor-42");
        String other = "{\"writeKey\":\"demo-write-key\",\"events\":[{\"anonymousId\":\"visitor-7\"}]}";
        String aimed = "{\"writeKey\":\"demo-write-key\",\"events\":[{\"anonymousId\":\"visitor-42\"}]}";
        assertThat(send("POST", "/v1/events", null, other).statusCode()).isEqualTo(400);
        assertThat(send("POST", "/v1/events", null, aimed).statusCode()).isEqualTo(429);
        assertThat(send("POST", "/v1/events", null, aimed).statusCode()).isEqualTo(400);
    }

    @Test
    void faults_shouldBeRefusedNamingTheField_whenTheStatusIsNoError() throws Exception {
        HttpResponse<byte[]> r = send("POST", "/_twin/faults", null, "{\"status\":200,\"count\":0}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(new String(r.body())).contains("status must be an HTTP error status, 400 to 599",
                "count must be a whole number of requests, 1 to 10000");
    }

    private static HttpResponse<byte[]> send(String method, String path, String ifNoneMatch, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(twin.api + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (ifNoneMatch != null) {
            b.header("If-None-Match", ifNoneMatch);
        }
        if (body != null) {
            b.header("content-type", "text/plain");
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
