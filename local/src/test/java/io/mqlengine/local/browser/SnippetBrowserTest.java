package io.mqlengine.local.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mqlengine.model.Stage;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.store.Stored;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The tracking snippet in headless Chromium, loaded by the copy-paste loader into a site on its own origin (and on
 * the twin's demo page), against the twin running the project's template. What arrived is read on the twin's side:
 * the requests its API answered ({@code /_twin/requests}) and the leads in DynamoDB. One twin and one browser
 * serve every case; each case starts in a new tab with no cookies or storage, so it is a new visitor.
 */
class SnippetBrowserTest {
    /** How long delivery and scoring may take on a busy machine. */
    private static final Duration DELIVERY = Duration.ofSeconds(60);

    private static TestSite site;
    private static BrowserTwin twin;
    private static ChromeDriver browser;

    /** Why the cases cannot run here (each is then reported skipped with it), or null. */
    private static String missing;

    @BeforeAll
    static void start() throws Exception {
        missing = Chromium.missing();
        if (missing != null) {
            System.out.println("[SnippetBrowserTest] skipped: " + missing);
            return;
        }
        assertThat(BrowserTwin.ROOT.resolve("functions/target/mql-functions.jar"))
                .as("the functions jar (mvn -B verify builds it before these tests)").exists();
        long t0 = System.nanoTime();
        // the browser starts while the twin does: on a busy machine each takes seconds
        CompletableFuture<ChromeDriver> starting = CompletableFuture.supplyAsync(Chromium::start);
        try {
            site = new TestSite();
            twin = BrowserTwin.start(site.origin());
            site.configure(twin.api);
        } finally {
            browser = starting.join();
        }
        System.out.printf("[SnippetBrowserTest] the twin and Chromium started in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
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

    /** A new tab (so a new sessionStorage), and no cookie or storage left on either origin: a new visitor. */
    @BeforeEach
    void newVisitor() {
        assumeTrue(missing == null, () -> "skipped: " + missing);
        String previous = browser.getWindowHandle();
        browser.switchTo().newWindow(WindowType.TAB);
        String current = browser.getWindowHandle();
        browser.switchTo().window(previous).close();
        browser.switchTo().window(current);
        browser.executeCdpCommand("Network.clearBrowserCookies", Map.of());
        for (String origin : List.of(site.origin(), twin.api)) {
            browser.executeCdpCommand("Storage.clearDataForOrigin", Map.of("origin", origin, "storageTypes", "all"));
        }
        // a headless tab never has the focus, which is what the snippet counts as active time: the visitor is in it
        browser.executeCdpCommand("Emulation.setFocusEmulationEnabled", Map.of("enabled", true));
    }

    @Test
    void pageView_shouldBeScored_whenTheDemoPageLoads() {
        open(twin.api + "/demo/");
        String anon = anonymousId();
        leave();

        BrowserTwin.await(() -> lead(anon) != null && lead(anon).scoreAt(twin.twin.clock().instant()) > 0, DELIVERY,
                "a scored lead for the visitor " + anon);
        assertThat(lead(anon).contributions()).containsKey("page-view");
        JsonNode view = twin.acceptedEvents(anon).get(0);
        assertThat(view.path("type").asText()).isEqualTo("page");
        assertThat(view.at("/context/page/path").asText()).isEqualTo("/demo/");
    }

    @Test
    void demoPage_shouldHandOffTheLead_whenTheFormIsSentAndADemoIsRequested() {
        open(twin.api + "/demo/");
        String email = browser.findElement(By.id("email")).getDomProperty("value");
        browser.findElement(By.cssSelector("#contact button[type=submit]")).click();
        browser.findElement(By.id("demo")).click();

        String queue = twin.twin.queueUrl("HandoffQueue");
        List<String> handoffs = new ArrayList<>();
        BrowserTwin.await(() -> {
            twin.twin.clients().sqs().receiveMessage(b -> b.queueUrl(queue).waitTimeSeconds(1)).messages()
                    .forEach(m -> handoffs.add(m.body()));
            return !handoffs.isEmpty();
        }, DELIVERY, "a handoff for the demo page's lead");
        assertThat(handoffs).singleElement().asString().contains("\"email\":\"" + email + "\"", "hand-raiser");
        assertThat(twin.lead(email).orElseThrow().stage()).isEqualTo(Stage.MQL);
    }

    @Test
    void identify_shouldMergeTheAnonymousHistory_whenTheContactFormIsSubmitted() {
        String email = "visitor-" + UUID.randomUUID() + "@acme-corp.example";
        open(site.origin() + "/");
        String anon = anonymousId();
        browser.findElement(By.id("spa")).click();
        open(site.origin() + "/contact"); // the first page hides: its views go, and are scored while anonymous
        BrowserTwin.await(() -> lead(anon) != null && lead(anon).contributions().containsKey("pricing-page"), DELIVERY,
                "the anonymous visitor's pricing page view, scored");
        browser.findElement(By.name("email")).sendKeys(email);
        browser.findElement(By.name("title")).sendKeys("Head of Marketing");
        browser.findElement(By.name("companySize")).sendKeys("250");
        browser.findElement(By.name("comment")).sendKeys("a field that is no trait");
        browser.findElement(By.id("send")).click();
        leave();

        BrowserTwin.await(() -> twin.lead(email).filter(l -> l.contributions().keySet().containsAll(List.of("contact-form",
                        "pricing-page")) && twin.anonymous(anon).filter(a -> a instanceof Stored.Alias alias
                        && alias.leadId().equals(l.id())).isPresent()).isPresent(), DELIVERY,
                () -> "the lead " + email + " with the history of " + anon + " merged; the lead: " + twin.lead(email)
                        + "; the anonymous id: " + twin.anonymous(anon) + "; accepted: " + twin.acceptedEvents(anon)
                        + "; the twin's last lines: " + twin.lines.subList(Math.max(0, twin.lines.size() - 15), twin.lines.size()));
        LeadState lead = twin.lead(email).orElseThrow();
        assertThat(lead.contributions().get("pricing-page").count()).as("the anonymous pricing page view, merged").isEqualTo(1);
        JsonNode identify = twin.acceptedEvents(anon).stream().filter(e -> e.path("type").asText().equals("identify"))
                .findFirst().orElseThrow();
        assertThat(identify.path("traits").toString())
                .isEqualTo("{\"email\":\"" + email + "\",\"title\":\"Head of Marketing\",\"companySize\":250}");
    }

    @Test
    void batching_shouldSendNEventsInAtMostCeilOfNOver10Requests_whenTheyComeInABurst() {
        open(site.origin() + "/");
        String anon = anonymousId();
        js("for (var i = 0; i < 24; i++) mql.track('Burst ' + i, {i: i});");
        int n = 25; // the page view and 24 tracks

        List<JsonNode> events = awaitAccepted(anon, n);
        assertThat(ids(events)).as("each event once").doesNotHaveDuplicates().hasSize(n);
        List<BrowserTwin.Post> posts = twin.postsFrom(anon);
        assertThat(posts).as("requests for %d events", n).hasSizeLessThanOrEqualTo((n + 9) / 10);
        assertThat(posts).allSatisfy(p -> {
            assertThat(p.events()).hasSizeLessThanOrEqualTo(10);
            assertThat(p.contentType()).as("a CORS simple request").startsWith("text/plain");
        });
        assertThat(twin.requests()).as("text/plain needs no preflight")
                .noneMatch(r -> r.path("method").asText().equals("OPTIONS"));
    }

    @Test
    void pageHide_shouldDeliverTheQueuedEventsByBeacon_whenTheVisitorLeaves() {
        open(site.origin() + "/");
        String anon = anonymousId();
        awaitInPage("performance.now() > 1500", "a second and a half of active time");
        js("mql.track('Calculator Used'); mql.track('Calculator Used', {plan: 'team'});");
        leave();

        List<JsonNode> events = awaitAccepted(anon, 4);
        assertThat(events).extracting(e -> e.path("event").asText("(" + e.path("type").asText() + ")"))
                .containsExactly("(page)", "Calculator Used", "Calculator Used", "Session Engaged");
        assertThat(events.get(3).at("/properties/seconds").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(twin.postsFrom(anon)).singleElement().satisfies(p -> {
            assertThat(p.fetchMode()).as("navigator.sendBeacon").isEqualTo("no-cors");
            assertThat(p.contentType()).isEqualTo("text/plain");
        });
    }

    @Test
    void sessionEngaged_shouldAddUpTheActiveSecondsOfEveryPageOfTheSession() {
        open(site.origin() + "/");
        String anon = anonymousId();
        awaitInPage("performance.now() > 1500", "a second and a half on the first page");
        open(site.origin() + "/other");
        awaitInPage("performance.now() > 1500", "a second and a half on the second page");
        leave();

        BrowserTwin.await(() -> engaged(anon).size() == 2, DELIVERY, "a Session Engaged event from each page");
        List<Integer> seconds = engaged(anon).stream().map(e -> e.at("/properties/seconds").asInt()).toList();
        assertThat(seconds.get(0)).isGreaterThanOrEqualTo(1);
        assertThat(seconds.get(1)).as("the session's total so far").isGreaterThanOrEqualTo(seconds.get(0) + 1);
    }

    @Test
    void sessionEngaged_shouldNotCountTime_whenThePageDoesNotHaveTheFocus() {
        browser.executeCdpCommand("Emulation.setFocusEmulationEnabled", Map.of("enabled", false));
        open(site.origin() + "/");
        String anon = anonymousId();
        assertThat(js("return document.hasFocus()")).isEqualTo(false);
        awaitInPage("performance.now() > 1500", "a second and a half without the focus");
        js("mql.track('Still Here');");
        leave();

        awaitAccepted(anon, 2); // the beacon at page hide, which would carry the Session Engaged event too
        assertThat(engaged(anon)).isEmpty();
    }

    @Test
    void unavailable_shouldDeliverEveryEventExactlyOnce_whenTheTwinAnswers503First() {
        open(site.origin() + "/");
        String anon = anonymousId();
        twin.failNext(503, 2, null, anon);
        js("for (var i = 0; i < 9; i++) mql.track('Retry ' + i);");

        List<JsonNode> events = awaitAccepted(anon, 10);
        assertThat(ids(events)).doesNotHaveDuplicates();
        List<BrowserTwin.Post> posts = twin.postsFrom(anon);
        List<BrowserTwin.Post> refused = posts.stream().filter(p -> p.status() == 503).toList();
        assertThat(refused).as("answered 503 twice first").hasSize(2);
        assertThat(refused).allSatisfy(p -> assertThat(ids(p.events())).isSubsetOf(ids(events)));
        assertThat(posts.stream().filter(BrowserTwin.Post::accepted).flatMap(p -> p.events().stream()).toList())
                .as("accepted once each").hasSize(10);
    }

    @Test
    void rateLimited_shouldRetryAfterTheSecondsTheApiAsks_whenItAnswers429() {
        open(twin.api + "/demo/"); // same origin: the page may read Retry-After without an exposed-headers rule
        String anon = anonymousId();
        twin.failNext(429, 1, 2, anon);
        js("mql.track('Demo Requested');");

        awaitAccepted(anon, 2);
        List<BrowserTwin.Post> posts = twin.postsFrom(anon);
        BrowserTwin.Post limited = posts.stream().filter(p -> p.status() == 429).findFirst().orElseThrow();
        BrowserTwin.Post accepted = posts.stream().filter(BrowserTwin.Post::accepted).findFirst().orElseThrow();
        assertThat(Duration.between(limited.at(), accepted.at())).as("the retry waited for Retry-After: 2")
                .isGreaterThanOrEqualTo(Duration.ofMillis(1900));
    }

    @Test
    void offline_shouldKeepTheQueueAcrossAReload_andSendItOnceTheApiIsReachable() {
        open(site.origin() + "/");
        String anon = anonymousId();
        browser.executeCdpCommand("Network.enable", Map.of());
        browser.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of("*/v1/events*")));
        List<String> queued;
        try {
            js("for (var i = 0; i < 9; i++) mql.track('Offline ' + i);");
            awaitInPage("JSON.parse(localStorage.mql_q).length == 10", "ten events in the stored queue");
            queued = storedQueue();
            browser.navigate().refresh();
            awaitInPage("window.mql && mql.v", "mql.js after the reload");
            assertThat(storedQueue()).as("the queue after the reload").containsAll(queued);
            assertThat(twin.postsFrom(anon)).as("nothing reached the twin while it was unreachable").isEmpty();
        } finally {
            browser.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of()));
        }

        BrowserTwin.await(() -> ids(twin.acceptedEvents(anon)).containsAll(queued), DELIVERY,
                "the events queued before the reload at the twin");
        List<String> accepted = ids(twin.acceptedEvents(anon));
        assertThat(accepted).doesNotHaveDuplicates();
        assertThat(accepted.stream().filter(queued::contains)).hasSize(10);
    }

    @Test
    void consent_shouldSendAndStoreNothing_beforeConsentIsGiven_inOptInMode() {
        String name = "Consent " + UUID.randomUUID();
        open(site.origin() + "/?consent=opt-in");
        // ten events in all with the page view: outside opt-in mode they would leave at once
        js("for (var i = 0; i < 8; i++) mql.track(arguments[0]); mql.track(arguments[0], {}, function () {"
                + " window.handled = true; });", name);
        awaitInPage("window.handled", "the snippet to have handled the calls");
        assertThat(browser.manage().getCookieNamed("mql_id")).as("no cookie before consent").isNull();
        assertThat(js("return Object.keys(localStorage).concat(Object.keys(sessionStorage))"))
                .as("no storage before consent").asList().isEmpty();
        Predicate<BrowserTwin.Post> carriesThem = p -> p.events().stream().anyMatch(e -> name.equals(e.path("event").asText()));
        assertThat(twin.posts()).noneMatch(carriesThem);

        Instant consentAt = Instant.parse((String) js("var t = new Date().toISOString(); mql.consent(true); return t;"));
        String anon = anonymousId();

        List<JsonNode> events = awaitAccepted(anon, 10); // the page view, then the 9 tracks, held until now
        assertThat(events).filteredOn(e -> name.equals(e.path("event").asText())).hasSize(9);
        assertThat(twin.posts().stream().filter(carriesThem)).allSatisfy(p ->
                assertThat(Instant.parse(p.body().path("sentAt").asText())).as("sent after consent").isAfterOrEqualTo(consentAt));

        open(site.origin() + "/other?consent=opt-in");
        leave();
        BrowserTwin.await(() -> twin.acceptedEvents(anon).stream().anyMatch(e -> e.at("/context/page/path").asText()
                .equals("/other")), DELIVERY, "the next page's view: the consent is remembered");
    }

    @Test
    void consent_shouldForgetTheVisitorAndSendNothing_whenConsentIsWithdrawn() {
        open(site.origin() + "/");
        String before = anonymousId();
        String name = "Refused " + UUID.randomUUID();
        js("mql.consent(false); for (var i = 0; i < 10; i++) mql.track(arguments[0]);", name);
        assertThat(browser.manage().getCookieNamed("mql_id").getValue()).as("only the refusal is kept").isEqualTo("0");
        assertThat(js("return JSON.stringify(localStorage)")).isEqualTo("{\"mql_id\":\"0\"}");
        open(site.origin() + "/other");
        js("mql.track(arguments[0]);", name);
        assertThat(browser.manage().getCookieNamed("mql_id").getValue()).as("the refusal outlives the page").isEqualTo("0");

        js("mql.consent(true); mql.track('Demo Requested');");
        String after = anonymousId();
        assertThat(after).as("a new visitor, not the one who refused").isNotIn(before, "0");
        awaitAccepted(after, 1);
        assertThat(twin.acceptedEvents(after)).extracting(e -> e.path("event").asText()).containsExactly("Demo Requested");
        assertThat(twin.posts()).noneMatch(p -> p.events().stream().anyMatch(e -> name.equals(e.path("event").asText())));
    }

    @Test
    void reset_shouldStartANewAnonymousVisitor_withoutTheUserId() {
        open(site.origin() + "/");
        String before = anonymousId();
        js("mql.identify('user-7'); mql.track('Before Reset'); mql.reset(); mql.track('Demo Requested');");
        String after = anonymousId();
        assertThat(after).isNotEqualTo(before);

        awaitAccepted(after, 1);
        assertThat(twin.acceptedEvents(after)).singleElement().satisfies(e -> {
            assertThat(e.path("event").asText()).isEqualTo("Demo Requested");
            assertThat(e.has("userId")).isFalse();
        });
        assertThat(twin.acceptedEvents(before)).filteredOn(e -> e.path("event").asText().equals("Before Reset"))
                .singleElement().satisfies(e -> assertThat(e.path("userId").asText()).isEqualTo("user-7"));
    }

    @Test
    void loader_shouldQueueTheCallsMadeBeforeTheScriptArrives_andReplayThem() {
        open(site.origin() + "/?early=1");
        String anon = anonymousId();
        js("mql.track('Demo Requested');");

        BrowserTwin.await(() -> twin.acceptedEvents(anon).size() >= 3, DELIVERY, "the page view, the early call and the demo request");
        assertThat(twin.acceptedEvents(anon)).extracting(e -> e.path("event").asText("(page)"))
                .containsExactly("(page)", "Called Early", "Demo Requested");
        assertThat(twin.acceptedEvents(anon).get(1).at("/properties/stub").asBoolean()).as("called on the loader's stub")
                .isTrue();
    }

    @Test
    void spaNavigation_shouldTrackAPageView_forPushStateAndPopstate() {
        open(site.origin() + "/");
        String anon = anonymousId();
        browser.findElement(By.id("spa")).click();
        browser.findElement(By.id("back")).click();
        awaitInPage("location.pathname == '/'", "history.back()");
        leave();

        List<JsonNode> views = awaitAccepted(anon, 3).stream().filter(e -> e.path("type").asText().equals("page")).toList();
        assertThat(views).extracting(e -> e.at("/context/page/path").asText()).containsExactly("/", "/pricing", "/");
        assertThat(views.get(1).at("/context/page/referrer").asText()).isEqualTo(site.origin() + "/");
        assertThat(views.get(2).at("/context/page/referrer").asText()).isEqualTo(site.origin() + "/pricing");
    }

    @Test
    void cookie_shouldKeepTheAnonymousId_acrossPageLoads_withLocalStorageAsFallback() {
        open(site.origin() + "/");
        Cookie cookie = browser.manage().getCookieNamed("mql_id");
        assertThat(cookie).isNotNull();
        String anon = cookie.getValue();
        assertThat(cookie.getExpiry().toInstant()).as("kept for a year").isAfter(Instant.now().plus(Duration.ofDays(360)));
        assertThat(cookie.getSameSite()).isEqualTo("Lax");
        js("localStorage.clear();");
        open(site.origin() + "/other");
        assertThat(anonymousId()).as("from the cookie").isEqualTo(anon);
        browser.manage().deleteCookieNamed("mql_id");
        open(site.origin() + "/pricing");
        assertThat(anonymousId()).as("from localStorage, written back to the cookie").isEqualTo(anon);
        leave();

        awaitAccepted(anon, 3);
        assertThat(twin.acceptedEvents(anon)).filteredOn(e -> e.path("type").asText().equals("page"))
                .extracting(e -> e.at("/context/page/path").asText()).containsExactlyInAnyOrder("/", "/other", "/pricing");
    }

    @Test
    void throwingCallback_shouldNotStopTracking() {
        open(site.origin() + "/");
        String anon = anonymousId();
        js("mql.track('Before The Throw', {}, function () { window.callbackRan = true; throw new Error('callback failed'); });"
                + "var circular = {}; circular.self = circular; mql.track('Circular', circular);"
                + "mql.track(); mql.identify(null); mql.identify('user-1', 'not traits'); mql.page(42);"
                + "history.pushState(null, '', '/after');"
                + "mql.track('After The Throw');");
        // the page sees its callback's error (as "Script error." when mql.js is served from another origin)
        awaitInPage("window.callbackRan && pageErrors.length > 0", "the callback to run and its error to reach the page");
        leave();

        BrowserTwin.await(() -> twin.acceptedEvents(anon).stream().anyMatch(e -> e.path("event").asText().equals("After The Throw")),
                DELIVERY, "the event tracked after the throwing callback");
        List<JsonNode> events = twin.acceptedEvents(anon);
        assertThat(events).extracting(e -> e.path("event").asText(e.path("type").asText()))
                .contains("Before The Throw", "After The Throw").doesNotContain("Circular");
        assertThat(events).filteredOn(e -> e.path("event").asText().equals("After The Throw"))
                .singleElement().satisfies(e -> assertThat(e.path("userId").asText()).isEqualTo("user-1"));
    }

    @Test
    void campaign_shouldCarryTheUtmParametersAndTheReferrer_whenTheLandingLinkIsTagged() {
        open(site.origin() + "/other");
        String anon = anonymousId();
        browser.findElement(By.id("tagged")).click();
        awaitInPage("location.pathname == '/landing' && window.mql && mql.v", "the landing page");
        leave();

        BrowserTwin.await(() -> landing(anon) != null, DELIVERY, "the landing page view");
        JsonNode view = landing(anon);
        assertThat(view.at("/context/campaign").toString())
                .isEqualTo("{\"source\":\"newsletter\",\"medium\":\"email\",\"name\":\"launch\",\"term\":\"mql\",\"content\":\"hero\"}");
        assertThat(view.at("/context/page/referrer").asText()).isEqualTo(site.origin() + "/other");
    }

    @Test
    void demoRequest_shouldBeSentAtOnce_withoutWaitingForTheBatch() {
        open(site.origin() + "/");
        String anon = anonymousId();
        Instant asked = Instant.now();
        js("mql.track('Demo Requested');");

        BrowserTwin.await(() -> twin.acceptedEvents(anon).stream().anyMatch(e -> e.path("event").asText().equals("Demo Requested")),
                Duration.ofSeconds(4), "the demo request, before the 5 s batch window ends");
        BrowserTwin.Post post = twin.postsFrom(anon).get(0);
        assertThat(post.fetchMode()).as("sent by fetch while the page stays").isEqualTo("cors");
        assertThat(Duration.between(asked, post.at())).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void globalPrivacyControl_shouldStopAllTracking_whenTheSiteHonoursIt() {
        browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
                "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', {get: function () { return true; }});"));
        String name = "Private " + UUID.randomUUID();
        open(site.origin() + "/?dnt=1");
        js("for (var i = 0; i < 10; i++) mql.track(arguments[0]); mql.consent(true); mql.track(arguments[0]);", name);
        assertThat(browser.manage().getCookieNamed("mql_id")).isNull();
        assertThat(js("return Object.keys(localStorage)")).asList().isEmpty();
        open(site.origin() + "/"); // leaves the private page, then a page that does not honour GPC, as a control
        String control = anonymousId();
        js("mql.track('Demo Requested');");

        awaitAccepted(control, 2);
        assertThat(twin.posts()).as("nothing from the page that honours GPC")
                .noneMatch(p -> p.events().stream().anyMatch(e -> name.equals(e.path("event").asText())));
    }

    private void open(String url) {
        browser.get(url);
        awaitInPage("window.mql && mql.v", "mql.js to run on " + url);
    }

    /** Leaves the page: it hides, and the snippet sends what waits by beacon. */
    private void leave() {
        browser.get("about:blank");
    }

    private Object js(String script, Object... args) {
        return browser.executeScript(script, args);
    }

    private void awaitInPage(String expression, String what) {
        BrowserTwin.await(() -> Boolean.TRUE.equals(js("try { return !!(" + expression + "); } catch (e) { return false; }")),
                Duration.ofSeconds(10), what);
    }

    private String anonymousId() {
        Cookie cookie = browser.manage().getCookieNamed("mql_id");
        assertThat(cookie).as("the mql_id cookie").isNotNull();
        return cookie.getValue();
    }

    @SuppressWarnings("unchecked")
    private List<String> storedQueue() {
        return (List<String>) js("return JSON.parse(localStorage.mql_q || '[]').map(function (e) { return e.eventId; });");
    }

    private List<JsonNode> awaitAccepted(String anon, int count) {
        BrowserTwin.await(() -> twin.acceptedEvents(anon).size() >= count, DELIVERY,
                () -> count + " events of " + anon + " accepted; the twin saw " + twin.postsFrom(anon));
        return twin.acceptedEvents(anon);
    }

    private static List<String> ids(List<JsonNode> events) {
        return events.stream().map(e -> e.path("eventId").asText()).collect(Collectors.toCollection(ArrayList::new));
    }

    private LeadState lead(String anon) {
        return twin.anonymous(anon).filter(s -> s instanceof Stored.Lead).map(s -> ((Stored.Lead) s).state()).orElse(null);
    }

    private List<JsonNode> engaged(String anon) {
        return twin.acceptedEvents(anon).stream().filter(e -> e.path("event").asText().equals("Session Engaged")).toList();
    }

    private JsonNode landing(String anon) {
        return twin.acceptedEvents(anon).stream().filter(e -> e.at("/context/page/path").asText().equals("/landing"))
                .findFirst().orElse(null);
    }
}
