package io.mqlengine.local.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mqlengine.journey.Journey;
import io.mqlengine.json.Json;
import io.mqlengine.local.demo.Demo;
import io.mqlengine.model.Stage;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.scoring.Transition;
import io.mqlengine.store.FunnelCounters;
import io.mqlengine.store.FunnelTally;
import io.mqlengine.store.LeadItems;
import io.mqlengine.store.Stored;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestClassOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The README's demo, replayed once on the twin running the project's template with the real functions jar, and
 * checked from every side: what it prints, what reached the handoff queue, the console's pages in headless Chromium
 * (read through the IAM-authorised API with calls the page signs itself, which the twin's own SigV4 verifier checks),
 * and the funnel counters after the sweep a month later. One replay serves them all because a replay takes over a
 * minute on 2 cores. With {@code -Dmql.console.screenshots=DIR} the console's tests also write one 1280x800 PNG per
 * page to DIR.
 */
@TestClassOrder(ClassOrderer.OrderAnnotation.class)
class DemoReplayTest {
    private static final Duration PAGE = Duration.ofSeconds(60);
    private static final Path JOURNEYS = BrowserTwin.ROOT.resolve("events/journeys");
    private static final Pattern MQL_LINE = Pattern.compile("^MQL #\\d+ .*<([^>]+)>", Pattern.MULTILINE);
    /** The counters every write's tally sums into, with the histograms (not a count of steps) left out. */
    private static final Set<String> PLAIN = Set.of(FunnelTally.LEADS, FunnelTally.MQLS, FunnelTally.SALS,
            FunnelTally.SQLS, FunnelTally.CUSTOMERS, FunnelTally.DISQUALIFIED, FunnelTally.SLA_MISSED);

    private static BrowserTwin twin;
    private static String demo;
    /** Handoffs still on the queue after the demo's own reader stopped: a late duplicate would be one. */
    private static final List<String> leftOnQueue = new ArrayList<>();
    private static ChromeDriver browser;
    private static String missing;

    @BeforeAll
    static void start() throws Exception {
        assertThat(BrowserTwin.ROOT.resolve("functions/target/mql-functions.jar"))
                .as("the functions jar (mvn -B verify builds it before these tests)").exists();
        missing = Chromium.missing();
        if (missing != null) {
            System.out.println("[DemoReplayTest] the console's tests are skipped: " + missing);
        }
        CompletableFuture<ChromeDriver> starting = missing == null ? CompletableFuture.supplyAsync(Chromium::start)
                : CompletableFuture.completedFuture(null);
        try {
            twin = BrowserTwin.start("http://127.0.0.1:9");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new Demo(twin.twin, JOURNEYS, new PrintStream(out, true, StandardCharsets.UTF_8)).run();
            demo = out.toString(StandardCharsets.UTF_8);
            String url = twin.twin.queueUrl("HandoffQueue");
            List<Message> batch;
            do {
                batch = twin.twin.clients().sqs().receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(2))
                        .messages();
                batch.forEach(m -> leftOnQueue.add(Json.read(m.body()).path("email").asText()));
            } while (!batch.isEmpty());
            // one dead-lettered outcome, so that the health page has an alarm to show
            twin.twin.clients().sqs().sendMessage(b -> b.queueUrl(twin.twin.queueUrl("OutcomesDeadLetterQueue"))
                    .messageBody("{\"outcome\":\"maybe\"}"));
        } finally {
            browser = starting.join();
        }
        if (browser != null) {
            browser.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", 1280, "height", 800,
                    "deviceScaleFactor", 1, "mobile", false));
        }
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (twin != null) {
            twin.close();
        }
    }

    @Test
    void demo_shouldPrintEveryExpectedMql_thenTheRecycledOnes_thenInstructions() {
        assertThat(demo).contains("7 of the 7 expected MQLs reached the handoff queue");
        assertThat(demo.lines().filter(l -> l.startsWith("MQL #"))).hasSize(7);
        assertThat(demo).contains("<ada@analytical-engines.example>").contains("qualified by hand-raiser");
        assertThat(demo).contains("RECYCLED hal@woodgrove.example");
        assertThat(demo).contains("aws sqs receive-message").contains("curl -s -X POST");
        assertThat(demo).doesNotContain("The demo stopped");
    }

    @Test
    void handoffQueue_shouldCarryExactlyTheQualifyingJourneys_onceEach_andEveryLeadItsJourneysGrade() {
        List<Journey> journeys = Journey.all(JOURNEYS);
        List<String> handedOff = new ArrayList<>();
        Matcher m = MQL_LINE.matcher(demo);
        while (m.find()) {
            handedOff.add(m.group(1));
        }
        handedOff.addAll(leftOnQueue);
        List<String> expected = journeys.stream().filter(j -> j.qualifiesAtStep() != null).map(Journey::email).toList();
        assertThat(handedOff).as("one handoff per qualifying journey, nothing else").containsExactlyInAnyOrderElementsOf(expected);
        for (Journey j : journeys) {
            if (j.email() != null) {
                assertThat(twin.lead(j.email()).orElseThrow().grade()).as("grade of %s", j).isEqualTo(j.grade());
            }
        }
    }

    /** The console's pages on the replayed data; they run before the funnel's month passes. */
    @Nested
    @Order(1)
    class Console {
        @BeforeEach
        void signedIn() {
            assumeTrue(missing == null, () -> "skipped: " + missing);
            browser.get(twin.api + "/console");
            browser.executeScript("sessionStorage.clear()");
            browser.navigate().refresh();
            await(By.id("sign-in"));
            browser.findElement(By.name("accessKeyId")).sendKeys("local");
            browser.findElement(By.name("secretAccessKey")).sendKeys("local");
            assertThat(browser.findElement(By.name("region")).getDomProperty("value")).isEqualTo("us-east-1");
            browser.findElement(By.cssSelector("#sign-in button")).click();
            BrowserTwin.await(() -> !"loading".equals(state()) && state() != null, PAGE, "the first page after signing in");
        }

        @Test
        void leads_shouldShowTheScore_withBreakdownBarsAddingUpToIt_whenSearchingAJourneysEmail() {
            // the demo's sales side wins this one: its page has every part (handoff, stages up to CUSTOMER, outcomes)
            Journey j = Journey.load(JOURNEYS.resolve("01-engaged-visitor.json"));
            show("leads?email=" + j.email(), "leads");

            LeadState lead = twin.lead(j.email()).orElseThrow();
            double score = Double.parseDouble(browser.findElement(By.id("lead-score")).getDomAttribute("data-score"));
            assertThat(score).isCloseTo(lead.scoreAt(twin.twin.clock().instant()), within(0.5));
            assertThat(browser.findElement(By.id("lead-score")).getText()).isEqualTo(String.format("%.1f", score));
            List<WebElement> bars = browser.findElements(By.cssSelector("svg.hbars rect[data-points]"));
            assertThat(bars).hasSize(lead.contributions().values().stream().filter(c -> c.count() > 0).toList().size());
            double sum = bars.stream().mapToDouble(b -> Double.parseDouble(b.getDomAttribute("data-points"))).sum();
            assertThat(sum).as("the breakdown's bars add up to the score").isCloseTo(score, within(0.01));
            assertThat(browser.findElement(By.id("lead-stage")).getText()).isEqualTo(lead.stage().name());
            assertThat(browser.findElement(By.id("lead-grade")).getText()).isEqualTo(lead.grade().name());
            assertThat(browser.findElements(By.cssSelector("#timeline li"))).hasSize(lead.history().size());
            assertThat(browser.findElement(By.id("handoffs")).getText()).contains(lead.id() + "#1", "yes");
            assertThat(browser.findElement(By.id("outcomes")).getText()).contains("won", "signed the annual plan");
            screenshot("leads");
        }

        @Test
        void funnel_shouldCountTheReplayedLeadsMqlsAndTheWin_overThePeriodOfTheReplay() {
            LocalDate today = LocalDate.ofInstant(twin.twin.clock().instant(), ZoneOffset.UTC);
            show("funnel?from=" + today.minusDays(70) + "&to=" + today, "funnel");

            long qualifying = Journey.all(JOURNEYS).stream().filter(j -> j.qualifiesAtStep() != null).count();
            assertThat(stage("Leads")).isEqualTo(twin.knownLeads());
            assertThat(stage("MQLs")).isEqualTo(qualifying);
            assertThat(stage("Won")).as("the demo's sales side wins one lead").isEqualTo(1);
            long perWeek = browser.findElements(By.cssSelector("svg.columns rect[data-value]")).stream()
                    .mapToLong(r -> Long.parseLong(r.getDomAttribute("data-value"))).sum();
            assertThat(perWeek).as("the MQLs per week add up to the MQLs").isEqualTo(qualifying);
            long byCause = browser.findElements(By.cssSelector("#by-cause tbody td.n")).stream()
                    .mapToLong(td -> Long.parseLong(td.getText().replace(",", ""))).sum();
            assertThat(byCause).as("the MQLs by cause add up to the MQLs").isEqualTo(qualifying);
            screenshot("funnel");
        }

        @Test
        void leads_shouldSayNoLead_whenTheEmailIsUnknown() {
            show("leads?email=nobody@example.com", "leads");

            assertThat(browser.findElement(By.id("lead")).getText()).isEqualTo("No lead with the email nobody@example.com.");
        }

        @Test
        void model_shouldListTheLiveRules_andEveryJourneyMeetingItsExpectation() throws IOException {
            show("model", "model");

            JsonNode model = Json.read(Files.readString(BrowserTwin.ROOT.resolve("model/scoring-model.json")));
            List<WebElement> rules = browser.findElements(By.cssSelector("#behaviour-rules tbody tr"));
            assertThat(rules).hasSize(model.path("behaviour").size());
            assertThat(rules.get(0).getText()).contains(model.path("behaviour").get(0).path("description").asText());
            assertThat(browser.findElements(By.cssSelector("#fit-rules tbody tr"))).hasSize(model.path("fit").path("rules").size());
            assertThat(browser.findElement(By.id("thresholds")).getText())
                    .contains("MQL threshold (points) " + model.path("mql").path("threshold").asInt());
            List<WebElement> journeys = browser.findElements(By.cssSelector("#journeys tbody tr"));
            List<Journey> files = Journey.all(JOURNEYS);
            assertThat(journeys).hasSize(files.size());
            for (int i = 0; i < files.size(); i++) {
                assertThat(journeys.get(i).getText()).as(files.get(i).file()).startsWith(files.get(i).name()).endsWith("meets");
            }
            screenshot("model");
        }

        @Test
        void whatIf_shouldShowWhichLeadsOnlyOneModelQualifies_whenACandidateIsUploaded() {
            show("model", "model");

            browser.findElement(By.cssSelector("#what-if input[type=file]"))
                    .sendKeys(BrowserTwin.ROOT.resolve("model/examples/candidate.json").toString());
            browser.findElement(By.cssSelector("#what-if button")).click();
            BrowserTwin.await(() -> !browser.findElements(By.cssSelector("#what-if-summary, #what-if-result .notice.error"))
                    .isEmpty(), PAGE, "the what-if answer");

            long qualifying = Journey.all(JOURNEYS).stream().filter(j -> j.qualifiesAtStep() != null).count();
            assertThat(browser.findElement(By.id("what-if-result")).getText()).doesNotContain("refused");
            assertThat(browser.findElement(By.cssSelector("#what-if-summary tbody tr")).getText())
                    .as("the live model qualifies every qualifying journey again").startsWith("MQLs " + qualifying + " ");
            // the candidate no longer fast-tracks a demo request: the journey that qualified by one alone is live-only
            String fastTracked = Journey.load(JOURNEYS.resolve("05-fitting-demo-request.json")).email();
            assertThat(browser.findElement(By.id("only-live")).getText()).contains(fastTracked);
            browser.executeScript("document.getElementById('what-if').scrollIntoView()");
            screenshot("what-if");
        }

        @Test
        void health_shouldShowEveryQueue_andTheAlarmOfTheDeadLetterQueueHoldingAMessage() {
            show("health", "health");

            List<WebElement> queues = browser.findElements(By.cssSelector("#queues tbody tr"));
            assertThat(queues).hasSize(10);
            assertThat(queues.get(0).getText()).startsWith("events ");
            String outcomesDlq = twin.twin.queueUrl("OutcomesDeadLetterQueue");
            long visible = Long.parseLong(twin.twin.clients().sqs().getQueueAttributes(b -> b.queueUrl(outcomesDlq)
                    .attributeNamesWithStrings("ApproximateNumberOfMessages")).attributesAsStrings().get("ApproximateNumberOfMessages"));
            assertThat(queues).anySatisfy(q -> assertThat(q.getText())
                    .isEqualTo(outcomesDlq.substring(outcomesDlq.lastIndexOf('/') + 1) + " (dead letters) " + visible + " 0 0"));
            List<WebElement> alarms = browser.findElements(By.cssSelector("#alarms tbody tr"));
            assertThat(alarms).hasSize(5);
            assertThat(alarms).anySatisfy(a -> assertThat(a.getText()).startsWith("OutcomesDeadLetterAlarm").endsWith("ALARM"));
            assertThat(alarms).filteredOn(a -> a.getText().endsWith(" OK")).hasSize(4);
            screenshot("health");
        }

        @Test
        void signer_shouldBeAcceptedByTheTwinsVerifier_whenTheQueryNeedsEncoding() {
            show("health", "health");
            // a plus, a space and a non-ASCII letter: each is encoded on the wire and in the canonical query alike
            Object answer = browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                    + "import('/console/api.js').then(async (api) => {"
                    + "  const out = [];"
                    + "  for (const email of ['ada+console@example.com', 'ada console@exämple.com']) {"
                    + "    try { await api.call('GET', '/v1/leads', { email }); out.push('200'); }"
                    + "    catch (e) { out.push(e.status + ' ' + e.message); }"
                    + "  }"
                    + "  done(out);"
                    + "});");
            assertThat(answer).isEqualTo(List.of("404 no lead with this id or email",
                    "400 email: must be an email address, e.g. ada@example.com"));
        }

        @Test
        void consoleApi_shouldRefuseTheCall_whenSignedWithAnotherSecret() {
            show("health", "health");

            browser.executeScript("const c = JSON.parse(sessionStorage.getItem('mql-console-credentials'));"
                    + "c.secretAccessKey = 'not-the-secret'; sessionStorage.setItem('mql-console-credentials', JSON.stringify(c));");
            show("model", "model");

            assertThat(state()).isEqualTo("failed");
            assertThat(browser.findElement(By.cssSelector(".notice.error")).getText())
                    .startsWith("The API refused the call (403): The request signature we calculated does not match");
        }

        @Test
        void consoleApi_shouldAnswer403_whenTheRequestIsNotSigned() throws Exception {
            HttpClient http = HttpClient.newHttpClient();
            for (String path : List.of("/v1/console/model", "/v1/console/health")) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(twin.api + path)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(path).isEqualTo(403);
                assertThat(r.body()).as(path).isEqualTo("{\"message\":\"Forbidden\"}");
            }
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(twin.api + "/console")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).as("the page itself, which holds no data").isEqualTo(200);
        }
    }

    /**
     * The funnel counters a month after the demo, when the sweep has recycled what decayed since: per day they must
     * match the new leads and stage changes the leads' own items record.
     */
    @Nested
    @Order(2)
    class FunnelAMonthLater {
        @Test
        void counters_shouldMatchPerDayTheNewLeadsAndStageChangesTheLeadsRecord() throws Exception {
            LocalDate from = LocalDate.ofInstant(twin.twin.clock().instant(), ZoneOffset.UTC).minusDays(70);
            twin.twin.clock().advance(Duration.ofDays(30));
            twin.twin.fireSchedule("SweepFunction");
            assertThat(twin.twin.awaitIdle(Duration.ofSeconds(60))).as("idle; waiting on %s", twin.twin.waitingOn()).isTrue();

            Map<LocalDate, Map<String, Long>> expected = fromTheLeads();
            FunnelCounters counters = new FunnelCounters(twin.twin.clients().dynamo(), twin.twin.tableName("LeadsTable"));
            LocalDate to = LocalDate.ofInstant(twin.twin.clock().instant(), ZoneOffset.UTC);
            // the twin can report idle before its stream poller has seen the sweep's last writes: poll with a deadline
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            Map<LocalDate, Map<String, Long>> counted = comparable(counters.days(from, to));
            while (!counted.equals(expected) && System.nanoTime() < deadline) {
                LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
                counted = comparable(counters.days(from, to));
            }

            long mqls = expected.values().stream().mapToLong(d -> d.getOrDefault(FunnelTally.MQLS, 0L)).sum();
            assertThat(mqls).as("the journeys qualify some leads").isGreaterThan(0);
            assertThat(counted).isEqualTo(expected);
        }
    }

    /** Per day, what the leads' items say happened: their creation, their stage changes and missed SLAs. */
    private static Map<LocalDate, Map<String, Long>> fromTheLeads() {
        Map<LocalDate, Map<String, Long>> out = new TreeMap<>();
        var items = twin.twin.clients().dynamo().scanPaginator(b -> b.tableName(twin.twin.tableName("LeadsTable"))).items();
        for (Map<String, AttributeValue> item : items) {
            if (!(LeadItems.read(item) instanceof Stored.Lead p) || p.state().anonymous()) {
                continue;
            }
            LeadState s = p.state();
            add(out, s.createdAt(), FunnelTally.LEADS);
            for (Transition t : s.history()) {
                String key = switch (t.to()) {
                    case MQL -> FunnelTally.MQLS;
                    case SAL -> FunnelTally.SALS;
                    case SQL -> FunnelTally.SQLS;
                    case CUSTOMER -> FunnelTally.CUSTOMERS;
                    case DISQUALIFIED -> FunnelTally.DISQUALIFIED;
                    case RECYCLED -> FunnelTally.RECYCLED + (t.reason().equals("score-decayed") ? "decayed"
                            : t.reason().replace("outcome:", ""));
                    default -> null;
                };
                if (key != null) {
                    add(out, t.at(), key);
                }
                if (t.to() == Stage.MQL) {
                    add(out, t.at(), FunnelTally.BY_CAUSE + t.reason());
                }
            }
            if (s.slaMissedAt() != null) {
                add(out, s.slaMissedAt(), FunnelTally.SLA_MISSED);
            }
        }
        return out;
    }

    private static void add(Map<LocalDate, Map<String, Long>> out, Instant at, String key) {
        out.computeIfAbsent(LocalDate.ofInstant(at, ZoneOffset.UTC), d -> new TreeMap<>()).merge(key, 1L, Long::sum);
    }

    /** The counters without the histograms and campaigns, which the leads' items do not record per write. */
    private static Map<LocalDate, Map<String, Long>> comparable(Map<LocalDate, Map<String, Long>> counted) {
        Map<LocalDate, Map<String, Long>> out = new TreeMap<>();
        counted.forEach((day, counts) -> counts.forEach((k, v) -> {
            if (PLAIN.contains(k) || k.startsWith(FunnelTally.RECYCLED) || k.startsWith(FunnelTally.BY_CAUSE)) {
                out.computeIfAbsent(day, d -> new TreeMap<>()).put(k, v);
            }
        }));
        return out;
    }

    private static long stage(String name) {
        return Long.parseLong(browser.findElement(By.cssSelector(".stage[data-stage='" + name + "'] .count")).getText()
                .replace(",", ""));
    }

    /** Goes to the console's page at {@code hash} and waits until it has rendered (or failed). */
    private static void show(String hash, String page) {
        browser.executeScript("document.body.dataset.state = 'loading'; location.hash = arguments[0];", hash);
        BrowserTwin.await(() -> page.equals(browser.findElement(By.tagName("body")).getDomAttribute("data-page"))
                && !"loading".equals(state()), PAGE, () -> "the " + page + " page; state " + state());
    }

    private static String state() {
        return browser.findElement(By.tagName("body")).getDomAttribute("data-state");
    }

    private static void await(By element) {
        BrowserTwin.await(() -> !browser.findElements(element).isEmpty(), PAGE, "the element " + element);
    }

    /** With -Dmql.console.screenshots=DIR, the viewport (1280x800) as DIR/page.png. */
    private static void screenshot(String page) {
        String dir = System.getProperty("mql.console.screenshots");
        if (dir == null || dir.isBlank()) {
            return;
        }
        try {
            Path out = Path.of(dir).toAbsolutePath().resolve(page + ".png");
            Files.createDirectories(out.getParent());
            Files.write(out, browser.getScreenshotAs(OutputType.BYTES));
            System.out.println("[DemoReplayTest] wrote " + out);
        } catch (IOException e) {
            throw new IllegalStateException("writing the screenshot of " + page, e);
        }
    }
}
