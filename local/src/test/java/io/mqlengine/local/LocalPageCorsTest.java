package io.mqlengine.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqlengine.local.main.Main;
import io.mqlengine.local.template.TemplateRefusal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The project's template.yaml on the twin with no origins given: a page served by a local dev server on another
 * port (http://localhost:5500) passes the gateway's CORS and the ingest function's origin check; a malformed
 * origin stops the start, naming the parameter and the entry.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalPageCorsTest {
    private static final Path TEMPLATE = EndToEndTest.TEMPLATE;
    private static final String PAGE = "http://localhost:5500";
    private final HttpClient http = HttpClient.newHttpClient();
    private RunningTwin twin;

    @BeforeAll
    void start() throws Exception {
        assertThat(EndToEndTest.ROOT.resolve("functions/target/mql-functions.jar"))
                .as("the functions jar (mvn -B verify builds it before these tests)").exists();
        twin = LocalTwin.start(TwinOptions.of(TEMPLATE).withPort(0).withOutput(new TwinLines()));
    }

    @AfterAll
    void stop() {
        if (twin != null) {
            twin.close();
        }
    }

    @Test
    void preflight_shouldAllowTheHeadersOfSegmentClients_whenALocalPageOnAnotherPortAsks() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(twin.apiUrl() + "/v1/events"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", PAGE)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type, authorization, x-retry-count").build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.headers().firstValue("access-control-allow-origin")).hasValue(PAGE);
        assertThat(r.headers().firstValue("access-control-allow-methods").orElse("").split(",")).contains("POST");
        assertThat(r.headers().firstValue("access-control-allow-headers").orElse("").split(","))
                .contains("content-type", "authorization", "x-retry-count");
        assertThat(r.headers().firstValue("access-control-max-age")).hasValue("600");
    }

    @Test
    void post_shouldBeAcceptedWithTheOriginAllowed_whenALocalPageOnAnotherPortPosts() throws Exception {
        HttpResponse<String> r = post(PAGE);

        assertThat(r.statusCode()).as("not 403: %s", r.body()).isBetween(200, 299);
        assertThat(r.headers().allValues("access-control-allow-origin")).containsExactly(PAGE);
    }

    @Test
    void post_shouldBeRefused403_whenThePageIsNotOnALoopbackOrigin() throws Exception {
        HttpResponse<String> r = post("https://www.example.com");

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("origin_not_allowed");
        assertThat(r.headers().firstValue("access-control-allow-origin")).isEmpty();
    }

    @Test
    void start_shouldRefuseNamingAllowedOriginsAndTheEntry_whenAnOriginHasATrailingSlash() {
        TwinLines lines = new TwinLines();

        assertThatThrownBy(() -> LocalTwin.start(TwinOptions.of(TEMPLATE).withPort(0)
                .withParameter("AllowedOrigins", "https://example.com,https://www.example.com/").withOutput(lines)).close())
                .isInstanceOf(TemplateRefusal.class)
                .hasMessage("Parameters.AllowedOrigins: 'https://www.example.com/' ends with a slash; an origin has no path: "
                        + "https://www.example.com");
        assertThat(lines.all()).as("nothing was started").isEmpty();
    }

    @Test
    void main_shouldExit2NamingAllowedOriginsAndTheEntry_whenAnOriginHasNoScheme() throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "--template", TEMPLATE.toString(),
                "--port", "0", "--sqs-port", "0", "--dynamodb-port", "0", "--events-port", "0", "--param", "AllowedOrigins=www.example.com"));
        Process process = new ProcessBuilder(command).start();
        // a refusal is a line or two: read both streams after the exit
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the twin exits").isTrue();
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(stderr).isEqualTo("refusing " + TEMPLATE + ": Parameters.AllowedOrigins: 'www.example.com' has no "
                + "scheme; write it as https://www.example.com (or http:// for a page without TLS)\n");
        assertThat(process.getInputStream().readAllBytes()).as("stdout").isEmpty();
    }

    private HttpResponse<String> post(String origin) throws Exception {
        Instant now = twin.clock().instant();
        String body = "{\"writeKey\":\"demo-write-key\",\"sentAt\":\"" + now + "\",\"events\":[{\"eventId\":\""
                + UUID.randomUUID() + "\",\"type\":\"page\",\"anonymousId\":\"local-page-visitor\",\"timestamp\":\"" + now
                + "\",\"context\":{\"page\":{\"path\":\"/pricing\"}}}]}";
        return http.send(HttpRequest.newBuilder(URI.create(twin.apiUrl() + "/v1/events")).timeout(Duration.ofSeconds(30))
                .header("Origin", origin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
