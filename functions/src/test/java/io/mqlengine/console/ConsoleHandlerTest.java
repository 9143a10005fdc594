package io.mqlengine.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.mqlengine.testing.TemplateResources;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The console's page function: the files of console/ from the class path, gzipped when the browser accepts it, a 304
 * for a file the browser holds, the region for the signer, and nothing else of the jar.
 */
class ConsoleHandlerTest {
    private final ConsoleHandler handler = new ConsoleHandler(Map.of("AWS_REGION", "eu-west-1"), Clock.systemUTC());

    private APIGatewayV2HTTPResponse get(String proxy, Map<String, String> headers) {
        APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        http.setMethod("GET");
        APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
        context.setHttp(http);
        Map<String, String> path = new HashMap<>();
        if (proxy != null) {
            path.put("proxy", proxy);
        }
        return handler.handleRequest(APIGatewayV2HTTPEvent.builder().withRequestContext(context).withPathParameters(path)
                .withHeaders(headers).build(), null);
    }

    @Test
    void page_shouldBeTheConsolesIndex_withAPolicyAllowingOnlyItsOwnScripts() throws IOException {
        APIGatewayV2HTTPResponse r = get(null, Map.of());

        assertThat(r.getStatusCode()).isEqualTo(200);
        assertThat(r.getBody()).isEqualTo(Files.readString(TemplateResources.repositoryRoot().resolve("console/index.html")));
        assertThat(r.getHeaders()).containsEntry("content-type", "text/html; charset=utf-8")
                .containsEntry("content-security-policy", ConsoleHandler.POLICY);
    }

    @Test
    void file_shouldComeGzipped_whenTheBrowserAcceptsGzip() throws IOException {
        APIGatewayV2HTTPResponse r = get("sigv4.js", Map.of("Accept-Encoding", "gzip, deflate, br"));

        assertThat(r.getHeaders()).containsEntry("content-encoding", "gzip").containsEntry("content-type",
                "text/javascript; charset=utf-8");
        assertThat(r.getIsBase64Encoded()).isTrue();
        byte[] body = new GZIPInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(r.getBody()))).readAllBytes();
        assertThat(new String(body, StandardCharsets.UTF_8))
                .isEqualTo(Files.readString(TemplateResources.repositoryRoot().resolve("console/sigv4.js")));
    }

    /** What a first visit transfers (every file is loaded: app.js imports all the pages), gzipped, headers aside. */
    @Test
    void console_shouldTransferAtMost24KB_whenLoadedGzippedTheFirstTime() throws IOException {
        long total = 0;
        List<String> names;
        try (var files = Files.list(TemplateResources.repositoryRoot().resolve("console"))) {
            names = files.map(f -> f.getFileName().toString()).sorted().toList();
        }
        for (String name : names) {
            APIGatewayV2HTTPResponse r = get(name, Map.of("accept-encoding", "gzip"));
            assertThat(r.getStatusCode()).as(name).isEqualTo(200);
            total += Base64.getDecoder().decode(r.getBody()).length;
        }
        System.out.printf("[ConsoleHandlerTest] %d console files, %d bytes gzipped%n", names.size(), total);
        assertThat(names).hasSizeGreaterThanOrEqualTo(11);
        assertThat(total).isLessThanOrEqualTo(24 * 1024);
    }

    @Test
    void file_shouldBe304_whenTheBrowserHoldsItsEtag() {
        String etag = get("app.js", Map.of()).getHeaders().get("etag");

        APIGatewayV2HTTPResponse r = get("app.js", Map.of("If-None-Match", etag));

        assertThat(r.getStatusCode()).isEqualTo(304);
        assertThat(r.getBody()).isNull();
    }

    @Test
    void config_shouldNameTheRegionTheCallsAreSignedFor() {
        assertThat(get("config.json", Map.of()).getBody()).isEqualTo("{\"region\":\"eu-west-1\"}");
    }

    @Test
    void file_shouldBe404_whenNotAConsoleFile() {
        for (String name : new String[] {"../journeys/05-fitting-demo-request.json", "io/mqlengine/console/ConsoleHandler.class",
            "missing.js", "index.html/..", "INDEX.HTML"}) {
            assertThat(get(name, Map.of()).getStatusCode()).as(name).isEqualTo(404);
        }
    }
}
