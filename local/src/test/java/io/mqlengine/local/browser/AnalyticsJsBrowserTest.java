package io.mqlengine.local.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mqlengine.local.compat.NpmPackages;
import io.mqlengine.model.Stage;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.store.Stored;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * Segment's browser analytics.js ({@code @segment/analytics-next} from npm, unmodified: its own UMD build) in
 * headless Chromium, on a site of its own origin, pointed at the twin instead of Segment the way a site owner points
 * it at a proxy: the Segment.io destination's {@code apiHost}, and settings given to it so that it never asks
 * Segment's CDN for them. Its identify, page and track calls reach the twin's analytics.js routes across origins
 * (with the CORS preflight that its {@code Authorization} header brings), and the lead qualifies: a handoff on the
 * twin's handoff queue, as a sales tool reads it.
 */
class AnalyticsJsBrowserTest {
    /** How long delivery, scoring and handoff may take on a busy machine. */
    private static final Duration DELIVERY = Duration.ofSeconds(45);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The directory of the UMD build: index.js and the chunks it loads relative to the page. */
    private static final String UMD = "dist/umd";

    private static TestSite site;
    private static BrowserTwin twin;
    private static ChromeDriver browser;
    /** Why the cases cannot run here (each is then reported skipped with it), or null. */
    private static String missing;
    private static final Map<String, JsonNode> handoffsByEmail = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        missing = Chromium.missing();
        Path umd = null;
        if (missing == null) {
            try {
                umd = NpmPackages.install(BrowserTwin.ROOT.resolve("local/src/test/node-sdks"),
                        BrowserTwin.ROOT.resolve("local/target/node-sdks")).module("@segment/analytics-next").resolve(UMD);
                if (!Files.isRegularFile(umd.resolve("index.js"))) {
                    missing = umd.resolve("index.js") + " is missing from the installed @segment/analytics-next";
                }
            } catch (NpmPackages.Unavailable e) {
                missing = "@segment/analytics-next cannot be installed here: " + e.getMessage();
            }
        }
        if (missing != null) {
            System.out.println("[AnalyticsJsBrowserTest] skipped: " + missing);
            return;
        }
        assertThat(BrowserTwin.ROOT.resolve("functions/target/mql-functions.jar"))
                .as("the functions jar (mvn -B verify builds it before these tests)").exists();
        long t0 = System.nanoTime();
        CompletableFuture<ChromeDriver> starting = CompletableFuture.supplyAsync(Chromium::start);
        try {
            site = new TestSite();
            twin = BrowserTwin.start(site.origin());
            site.usePage(page(URI.create(twin.api), twin.twin.writeKey()), umd);
        } finally {
            browser = starting.join();
        }
        System.out.printf("[AnalyticsJsBrowserTest] the twin and Chromium started in %d ms%n",
                (System.nanoTime() - t0) / 1_000_000);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (twin != null) {
            twin.close();
        }
        if (site != null) {
            site.close();
        }
    }

    /** A new tab with no cookie or storage on the site: a new visitor, whose browser does not call itself a bot. */
    @BeforeEach
    void newVisitor() {
        assumeTrue(missing == null, () -> "skipped: " + missing);
        String previous = browser.getWindowHandle();
        browser.switchTo().newWindow(WindowType.TAB);
        String current = browser.getWindowHandle();
        browser.switchTo().window(previous).close();
        browser.switchTo().window(current);
        browser.executeCdpCommand("Network.clearBrowserCookies", Map.of());
        browser.executeCdpCommand("Storage.clearDataForOrigin", Map.of("origin", site.origin(), "storageTypes", "all"));
        // analytics.js sends navigator.userAgent, and the scoring model disqualifies "HeadlessChrome" as a bot
        String agent = (String) browser.executeScript("return navigator.userAgent");
        browser.executeCdpCommand("Emulation.setUserAgentOverride", Map.of("userAgent",
                agent.replace("HeadlessChrome", "Chrome")));
    }

    @Test
    void perEventDelivery_shouldSendIdentifyPageAndTrackToTheAnalyticsJsRoutes_andTheLeadQualify() {
        String email = "ajs@fabrikam.example";
        Visit visit = visit("user-ajs-1", email, "");

        List<JsonNode> posts = postsOf(visit.requests(), visit.anonymousId());
        assertThat(posts).extracting(r -> r.path("path").asText()).as("one request per call")
                .containsExactlyInAnyOrder("/v1/i", "/v1/p", "/v1/t");
        assertThat(posts).allSatisfy(r -> assertThat(body(r).path("messageId").asText()).isNotEmpty());
        assertCrossOriginDelivery(visit.requests());
        assertQualified(email);
    }

    @Test
    void batchedDelivery_shouldSendIdentifyPageAndTrackToTheBatchRoute_andTheLeadQualify() {
        String email = "ajs-batch@fabrikam.example";
        Visit visit = visit("user-ajs-2", email, "?delivery=batching");

        List<JsonNode> posts = postsOf(visit.requests(), visit.anonymousId());
        assertThat(posts).extracting(r -> r.path("path").asText()).as("the three calls in batches").containsOnly("/v1/b");
        List<List<String>> batches = new ArrayList<>();
        for (JsonNode post : posts) {
            List<String> types = new ArrayList<>();
            body(post).path("batch").forEach(e -> types.add(e.path("type").asText()));
            batches.add(types);
        }
        assertThat(batches).as("the page view, then the form's identify and the demo request together")
                .containsExactlyInAnyOrder(List.of("page"), List.of("identify", "track"));
        assertCrossOriginDelivery(visit.requests());
        assertQualified(email);
    }

    /** The visitor's anonymous id, as analytics.js keeps it, and the API requests its page made. */
    private record Visit(String anonymousId, List<JsonNode> requests) {}

    /**
     * A visit as a site has it: the page view when the pricing page loads, then, once the twin has scored it, the
     * identify of a form and a demo request. Waits until the twin answered the requests that carried the three calls;
     * returns every API request the twin answered for the page's origin since it loaded.
     */
    private Visit visit(String userId, String email, String query) {
        long before = twin.requests().stream().mapToLong(r -> r.path("seq").asLong()).max().orElse(0);
        browser.get(site.origin() + "/pricing" + query);
        awaitInPage("window.analytics && analytics.instance && analytics.instance.initialized", "analytics.js to load");
        String anon = (String) js("analytics.page('Pricing', {path: '/pricing'});"
                + "return analytics.instance.user().anonymousId();");
        // a handoff is the lead as it was when it qualified: a page view scored in a batch of its own a moment later
        // would be on the lead, but not among the handoff's reasons
        BrowserTwin.await(() -> twin.anonymous(anon).filter(p -> p instanceof Stored.Lead lead
                && lead.state().contributions().containsKey("pricing-page")).isPresent(), DELIVERY,
                () -> "the pricing page view of " + anon + " scored; the page sent " + pageRequests() + "; analytics.js "
                        + "reported " + js("return window.deliveryErrors") + "; the twin answered " + twin.requests());
        js("analytics.identify(arguments[0], {email: arguments[1], name: 'Ann Jones', title: 'Head of Operations',"
                + " company: {name: 'Fabrikam', employee_count: 250, industry: 'software'}});"
                + "analytics.track('Demo Requested', {plan: 'team'});", userId, email);
        BrowserTwin.await(() -> answered(anon) >= 3, DELIVERY,
                () -> "the twin to answer the three calls of " + anon + "; the page sent " + pageRequests()
                        + "; analytics.js reported " + js("return window.deliveryErrors") + "; the twin answered "
                        + twin.requests());
        List<JsonNode> fromSite = twin.requests().stream()
                .filter(r -> r.path("seq").asLong() > before && site.origin().equals(r.path("origin").asText(null))).toList();
        System.out.println("[AnalyticsJsBrowserTest] analytics.js sent (" + query + "): " + fromSite.stream()
                .map(r -> r.path("method").asText() + " " + r.path("path").asText() + " " + r.path("contentType").asText()
                        + " " + r.path("fetchMode").asText() + " -> " + r.path("status").asInt()).collect(Collectors.joining("; "))
                + "; as the page's fetch saw it: " + pageRequests());
        return new Visit(anon, fromSite);
    }

    /** Everything came from the page's origin to the twin alone, with the write key in Basic auth, and was taken. */
    private void assertCrossOriginDelivery(List<JsonNode> fromSite) {
        assertThat(fromSite).as("requests from the page's origin").isNotEmpty().allSatisfy(r -> {
            assertThat(r.path("status").asInt()).as("%s %s answered", r.path("method").asText(), r.path("path").asText())
                    .isBetween(200, 299);
            if (r.path("method").asText().equals("POST")) {
                assertThat(r.path("contentType").asText()).isEqualTo("text/plain");
                assertThat(r.path("fetchMode").asText()).isEqualTo("cors");
            }
        });
        assertThat(fromSite).as("the preflight that the Authorization header brings, allowed")
                .anyMatch(r -> r.path("method").asText().equals("OPTIONS"));

        String basic = "Basic " + Base64.getEncoder().encodeToString((twin.twin.writeKey() + ":")
                .getBytes(StandardCharsets.UTF_8));
        List<JsonNode> fetched = pageRequests();
        assertThat(fetched).as("analytics.js's own requests").isNotEmpty().allSatisfy(f -> {
            assertThat(f.path("url").asText()).startsWith(twin.api + "/v1/");
            assertThat(f.path("headers").path("Authorization").asText()).isEqualTo(basic);
        });
        @SuppressWarnings("unchecked")
        List<String> loaded = (List<String>) js("return performance.getEntriesByType('resource').map(e => e.name)");
        assertThat(loaded).as("every resource the page loaded, Segment's CDN and API never among them")
                .contains(site.origin() + "/index.js").allSatisfy(url -> assertThat(url)
                        .matches(u -> u.startsWith(site.origin() + "/") || u.startsWith(twin.api + "/"), "on the site or the twin"));
        List<String> severe = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage)
                .filter(m -> !m.startsWith(site.origin() + "/favicon.ico ")).toList(); // the browser's own, not analytics.js's
        assertThat(severe).as("errors in the browser's console (a failed request is one)").isEmpty();
        assertThat(js("return window.deliveryErrors")).as("delivery failures analytics.js reported")
                .asInstanceOf(InstanceOfAssertFactories.LIST).isEmpty();
    }

    private void assertQualified(String email) {
        String queue = twin.twin.queueUrl("HandoffQueue");
        BrowserTwin.await(() -> {
            twin.twin.clients().sqs().receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages().forEach(m -> {
                        JsonNode handoff = read(m.body());
                        handoffsByEmail.put(handoff.path("email").asText(), handoff);
                        twin.twin.clients().sqs().deleteMessage(b -> b.queueUrl(queue).receiptHandle(m.receiptHandle()));
                    });
            return handoffsByEmail.containsKey(email);
        }, DELIVERY, () -> "a handoff for " + email + "; the lead: " + twin.lead(email) + "; the twin's last lines: "
                + twin.lines.subList(Math.max(0, twin.lines.size() - 10), twin.lines.size()).stream()
                        .map(l -> l.length() > 400 ? l.substring(0, 400) + "..." : l).toList());
        JsonNode handoff = handoffsByEmail.get(email);
        assertThat(handoff.path("qualifiedBy").asText()).isEqualTo("hand-raiser");
        assertThat(handoff.path("company").asText()).as("Segment's company trait, mapped").isEqualTo("Fabrikam");
        assertThat(handoff.path("title").asText()).isEqualTo("Head of Operations");
        List<String> reasons = new ArrayList<>();
        handoff.path("reasons").forEach(r -> reasons.add(r.path("rule").asText()));
        assertThat(reasons).as("the reasons handed to sales").contains("demo-request", "pricing-page");
        LeadState lead = twin.lead(email).orElseThrow();
        assertThat(lead.stage()).isEqualTo(Stage.MQL);
        assertThat(lead.contributions()).containsKeys("demo-request", "pricing-page");
    }

    /** How many calls of the visitor {@code anonymousId} the twin's API took. */
    private long answered(String anonymousId) {
        long n = 0;
        for (JsonNode post : postsOf(twin.requests(), anonymousId)) {
            if (post.path("status").asInt() / 100 == 2) {
                JsonNode body = body(post);
                n += body.has("batch") ? body.path("batch").size() : 1;
            }
        }
        return n;
    }

    private static List<JsonNode> postsOf(List<JsonNode> requests, String anonymousId) {
        return requests.stream().filter(r -> r.path("method").asText().equals("POST"))
                .filter(r -> r.path("body").asText().contains("\"anonymousId\":\"" + anonymousId + "\"")).toList();
    }

    /** The fetch calls analytics.js made, as the page's fetch recorder (see the page) saw them. */
    private List<JsonNode> pageRequests() {
        List<JsonNode> out = new ArrayList<>();
        read(String.valueOf(js("return JSON.stringify(window.fetched || [])"))).forEach(out::add);
        return out;
    }

    private static JsonNode body(JsonNode request) {
        return read(request.path("body").asText());
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    private Object js(String script, Object... args) {
        return browser.executeScript(script, args);
    }

    private void awaitInPage(String expression, String what) {
        BrowserTwin.await(() -> Boolean.TRUE.equals(js("try { return !!(" + expression + "); } catch (e) { return false; }")),
                Duration.ofSeconds(15), () -> what + "; the browser's console: " + browser.manage().logs().get(LogType.BROWSER)
                        .getAll());
    }

    /**
     * The site's page: analytics.js's UMD build from the site itself (global {@code AnalyticsNext}), with the settings
     * Segment's CDN would serve given inline ({@code cdnSettings}, its own metrics off), the CDN URL set to the site
     * (where it would look for anything more) and the Segment.io destination's API host set to the twin;
     * {@code ?delivery=batching} picks the batching dispatcher. A recorder in front of {@code fetch}, which analytics.js
     * looks up at each call, keeps the URL and headers of its requests: the twin's journal does not show headers.
     */
    private static String page(URI api, String writeKey) {
        String apiHost = api.getHost() + ":" + api.getPort() + "/v1";
        return """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>Pricing | Fabrikam</title>
            <script>
              window.fetched = [];
              window.deliveryErrors = [];
              (function () {
                var fetch = window.fetch;
                window.fetch = function (url, init) {
                  window.fetched.push({url: String(url), method: init && init.method, headers: (init && init.headers) || {}});
                  return fetch.apply(this, arguments);
                };
              })();
            </script>
            <script src="/index.js"></script>
            <script>
              (function () {
                var segmentio = {apiKey: 'WRITE_KEY', apiHost: 'API_HOST', protocol: 'http'};
                if (new URLSearchParams(location.search).get('delivery') === 'batching') {
                  segmentio.deliveryStrategy = {strategy: 'batching', config: {size: 10, timeout: 1000}};
                }
                window.analytics = AnalyticsNext.AnalyticsBrowser.load({
                  writeKey: 'WRITE_KEY',
                  cdnURL: location.origin,
                  cdnSettings: {integrations: {'Segment.io': {apiKey: 'WRITE_KEY'}}, metrics: {sampleRate: 0}}
                }, {integrations: {'Segment.io': segmentio}});
                window.analytics.on('error', function (e) {
                  window.deliveryErrors.push(String(e && (e.reason || e.code || e)));
                });
              })();
            </script>
            </head>
            <body>
            <h1>Fabrikam pricing</h1>
            </body>
            </html>
            """.replace("WRITE_KEY", writeKey).replace("API_HOST", apiHost);
    }
}
