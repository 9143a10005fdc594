package io.mqlengine.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqlengine.json.Json;
import io.mqlengine.scoring.Contribution;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.store.LeadItems;
import io.mqlengine.store.Stored;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The twin on the project's template, in a JVM of its own with a data directory, killed with SIGKILL while
 * it ingests, while it hands off and while it scores, and started again each time on the same directory.
 * Clients send every request until it is answered 202, as real clients retry. At the end every acknowledged
 * event has been applied exactly once and every qualified lead handed off in exactly one message.
 */
class KillRestartTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final int PEOPLE = 40;
    private static final int EVENTS_PER_PERSON = 10;
    private static final int SENDERS = 8;
    private static final Duration START = Duration.ofSeconds(120);
    private static final Duration PHASE = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    private final AtomicReference<ChildTwin> running = new AtomicReference<>();
    private volatile int runs;
    private final List<String> notes = new ArrayList<>();
    private final long began = System.nanoTime();

    @BeforeAll
    static void functionsJarIsBuilt() {
        assertThat(ROOT.resolve("functions/target/mql-functions.jar"))
                .as("the functions jar (mvn -B verify builds it before these tests)").exists();
    }

    @Test
    void killNine_shouldApplyEveryAcknowledgedEventOnceAndHandOffEachLeadOnce_whenTheTwinIsKilledAndRestarted()
            throws Exception {
        Path template = testTemplate();
        Map<String, Person> people = people();
        RetryingSenders senders = new RetryingSenders(lanes(people.values()), () -> {
            ChildTwin t = running.get();
            return t == null ? null : new RetryingSenders.Target(runs, t.api());
        });
        HandoffReader reader = new HandoffReader(running::get);
        long qualifying = people.values().stream().filter(Person::qualifies).count();
        int events = PEOPLE * EVENTS_PER_PERSON;
        try {
            start(template);
            senders.start();
            reader.start();
            killWhen(() -> senders.acknowledgedEvents() >= events / 4, "a quarter of the events acknowledged (ingesting)",
                    template, senders, reader);
            killWhen(() -> reader.handoffs() >= qualifying / 4, "a quarter of the leads handed off (handing off)",
                    template, senders, reader);
            killWhen(senders::done, "every request acknowledged (scoring)", template, senders, reader);

            HttpTwin last = new HttpTwin(running.get().readyLine());
            assertThat(last.awaitIdle(PHASE)).as("idle after the last restart; waiting on %s", last.lastWaitingOn).isTrue();
            notes.add("idle at " + seconds() + " s");
            String handoffQueue = running.get().queueUrl("HandoffQueue");
            await(() -> reader.handoffs() >= qualifying && depth(last, handoffQueue) == 0, "every handoff read", senders,
                    reader);
            reader.stop();
            senders.stop();
            notes.add("every handoff read at " + seconds() + " s");
            assertThat(senders.failures()).as("client failures").isEmpty();
            assertThat(reader.failures()).as("handoff reader failures").isEmpty();
            System.out.println("[kill-restart] " + String.join("; ", notes));

            SoftAssertions softly = new SoftAssertions();
            for (String dlq : List.of("EventsDeadLetterQueue", "HandoffFailureQueue", "HandoffDeadLetterQueue")) {
                softly.assertThat(depth(last, running.get().queueUrl(dlq))).as("messages on %s", dlq).isZero();
            }
            assertEveryEventAppliedOnce(softly, last, people, senders.acknowledged());
            assertEachLeadHandedOffOnce(softly, last, people, reader);
            softly.assertAll();
        } finally {
            senders.stop();
            reader.stop();
            ChildTwin t = running.getAndSet(null);
            if (t != null) {
                t.stop();
            }
        }
    }

    private void assertEveryEventAppliedOnce(SoftAssertions softly, HttpTwin twin, Map<String, Person> people,
            Map<String, Integer> acknowledged) {
        softly.assertThat(acknowledged).as("acknowledged events").hasSize(PEOPLE * EVENTS_PER_PERSON);
        Map<String, LeadState> leads = new HashMap<>();
        for (var item : twin.items(running.get().tableName("LeadsTable"))) {
            if (LeadItems.read(item) instanceof Stored.Lead p) {
                leads.put(p.state().anonymous() ? p.state().id() : p.state().traits().email(), p.state());
            }
        }
        Map<String, String> wrong = new TreeMap<>();
        for (Person p : people.values()) {
            LeadState s = leads.get(p.qualifies() ? p.email() : p.anonymousId());
            int pageViews = s == null ? 0 : count(s, "page-view");
            if (pageViews != p.pageViews().size()) {
                List<String> missing = p.pageViews().stream().filter(id -> s == null || !s.seen().contains(id))
                        .map(id -> id + " (acknowledged by run " + acknowledged.get(id) + ")").toList();
                wrong.put(p.anonymousId(), "page-view counted " + pageViews + " times for " + p.pageViews().size()
                        + " events; not applied: " + missing);
            }
        }
        softly.assertThat(wrong).as("leads whose page views were not each applied once").isEmpty();
    }

    private void assertEachLeadHandedOffOnce(SoftAssertions softly, HttpTwin twin, Map<String, Person> people,
            HandoffReader reader) {
        Map<String, Set<String>> twice = reader.messagesByHandoff().entrySet().stream().filter(e -> e.getValue().size() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        softly.assertThat(twice).as("handoffIds that arrived in more than one message").isEmpty();
        Set<String> expected = people.values().stream().filter(Person::qualifies).map(Person::email)
                .collect(Collectors.toCollection(TreeSet::new));
        softly.assertThat(reader.emails()).as("the leads handed off").isEqualTo(expected);
        softly.assertThat(reader.handoffs()).as("handoffs").isEqualTo(expected.size());
        for (var item : twin.items(running.get().tableName("LeadsTable"))) {
            if (LeadItems.read(item) instanceof Stored.Lead p && !p.state().anonymous()) {
                softly.assertThat(p.state().qualifications()).as("qualifications of %s", p.state().traits().email()).isEqualTo(1);
                softly.assertThat(p.state().handedOff()).as("handed off of %s", p.state().traits().email()).isEqualTo(1);
                softly.assertThat(count(p.state(), "demo-request")).as("demo requests of %s", p.state().traits().email()).isEqualTo(1);
            }
        }
    }

    private String seconds() {
        return String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - began) / 1e9);
    }

    private static int count(LeadState s, String rule) {
        Contribution c = s.contributions().get(rule);
        return c == null ? 0 : c.count();
    }

    private void killWhen(BooleanSupplier condition, String moment, Path template, RetryingSenders senders,
            HandoffReader reader) throws Exception {
        await(condition, moment, senders, reader);
        ChildTwin victim = running.getAndSet(null);
        int acknowledged = senders.acknowledgedEvents();
        int handedOff = reader.handoffs();
        victim.kill();
        long t0 = System.nanoTime();
        start(template);
        notes.add("killed run " + (runs - 1) + " at " + seconds() + " s, " + moment + ", with " + acknowledged + " events acknowledged and "
                + handedOff + " handoffs read; restarted in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }

    private void await(BooleanSupplier condition, String what, RetryingSenders senders, HandoffReader reader) {
        long deadline = System.nanoTime() + PHASE.toNanos();
        while (!condition.getAsBoolean()) {
            if (!senders.failures().isEmpty() || !reader.failures().isEmpty()) {
                throw new AssertionError("clients failed: " + senders.failures() + " " + reader.failures());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + PHASE + " waiting for " + what + " with "
                        + senders.acknowledgedEvents() + " events acknowledged and " + reader.handoffs() + " handoffs read; "
                        + String.join("; ", notes) + "; the twin's log ends with:\n" + ChildTwin.tail(dir.resolve("twin.log")));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(25));
        }
    }

    private void start(Path template) throws Exception {
        ChildTwin twin = ChildTwin.start(List.of("--template", template.toString(), "--port", "0", "--sqs-port", "0",
                "--dynamodb-port", "0", "--events-port", "0", "--data-dir", dir.resolve("data").toString(), "--test-hooks", "--fast-retries"),
                dir.resolve("twin.log"), START);
        runs++;
        running.set(twin);
    }

    private static long depth(HttpTwin twin, String queueUrl) {
        Map<QueueAttributeName, String> a = twin.sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        return a.values().stream().mapToLong(Long::parseLong).sum();
    }

    /**
     * The project's template with the scoring model's page-view rule uncapped, so a page view applied twice
     * shows in its count, and with short visibility timeouts, so messages a killed twin held in flight come back
     * within seconds rather than three minutes.
     */
    private Path testTemplate() throws Exception {
        Path model = Files.createDirectories(dir.resolve("model"));
        ObjectNode doc = (ObjectNode) Json.read(Files.readString(ROOT.resolve("model/scoring-model.json")));
        boolean uncapped = false;
        for (JsonNode rule : (ArrayNode) doc.get("behaviour")) {
            if (rule.path("id").asText().equals("page-view")) {
                uncapped = ((ObjectNode) rule).remove("cap") != null;
            }
        }
        assertThat(uncapped).as("the model has a capped page-view rule").isTrue();
        Files.writeString(model.resolve("scoring-model.json"), doc.toString());
        String text = Files.readString(ROOT.resolve("template.yaml"));
        Map<String, String> edits = new LinkedHashMap<>();
        edits.put("CodeUri: functions/target/mql-functions.jar", "CodeUri: " + ROOT.resolve("functions/target/mql-functions.jar"));
        edits.put("ContentUri: model/", "ContentUri: " + model + "/");
        edits.put("      Timeout: 30\n", "      Timeout: 10\n");
        edits.put("VisibilityTimeout: 180\n", "VisibilityTimeout: 10\n");
        edits.put("VisibilityTimeout: 60\n", "VisibilityTimeout: 10\n");
        for (Map.Entry<String, String> e : edits.entrySet()) {
            assertThat(text).as("template.yaml").contains(e.getKey());
            text = text.replace(e.getKey(), e.getValue());
        }
        Path copy = dir.resolve("template.yaml");
        Files.writeString(copy, text);
        return copy;
    }

    /** One visitor: page views only, or (every second one) also an identify with a demo request, which qualifies. */
    record Person(String anonymousId, String email, List<String> pageViews) {
        boolean qualifies() {
            return email != null;
        }
    }

    private static Map<String, Person> people() {
        Map<String, Person> out = new LinkedHashMap<>();
        for (int i = 0; i < PEOPLE; i++) {
            String anon = "anon-kill-" + i;
            boolean qualifies = i % 2 == 0;
            List<String> pageViews = new ArrayList<>();
            for (int n = 0; n < (qualifies ? EVENTS_PER_PERSON - 2 : EVENTS_PER_PERSON); n++) {
                pageViews.add(anon + "-page-" + n);
            }
            out.put(anon, new Person(anon, qualifies ? "person" + i + "@acme.example" : null, pageViews));
        }
        return out;
    }

    /**
     * Requests per client: each person's requests in order, one event each, except the qualifying request (the
     * identify with the demo request, which takes the hand-raiser lane) in the middle of the page views.
     */
    private static List<List<RetryingSenders.Request>> lanes(Iterable<Person> people) {
        List<List<RetryingSenders.Request>> lanes = new ArrayList<>();
        for (int i = 0; i < SENDERS; i++) {
            lanes.add(new ArrayList<>());
        }
        Map<Person, List<RetryingSenders.Request>> byPerson = new LinkedHashMap<>();
        for (Person p : people) {
            List<RetryingSenders.Request> requests = new ArrayList<>();
            for (int n = 0; n < p.pageViews().size(); n++) {
                String id = p.pageViews().get(n);
                requests.add(new RetryingSenders.Request(List.of(id), at -> body(at, pageView(p, id, at))));
                if (p.qualifies() && n == p.pageViews().size() / 2) {
                    String identify = p.anonymousId() + "-identify";
                    String demo = p.anonymousId() + "-demo";
                    requests.add(new RetryingSenders.Request(List.of(identify, demo),
                            at -> body(at, identify(p, identify, at), demoRequest(p, demo, at))));
                }
            }
            byPerson.put(p, requests);
        }
        // round by round, so the qualifying requests land in the middle of the load
        for (int round = 0; round < EVENTS_PER_PERSON; round++) {
            int index = 0;
            for (List<RetryingSenders.Request> requests : byPerson.values()) {
                if (round < requests.size()) {
                    lanes.get(index % SENDERS).add(requests.get(round));
                }
                index++;
            }
        }
        return lanes;
    }

    private static String body(Instant at, ObjectNode... events) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("writeKey", "demo-write-key");
        n.put("sentAt", at.toString());
        ArrayNode list = n.putArray("events");
        for (ObjectNode e : events) {
            list.add(e);
        }
        return n.toString();
    }

    private static ObjectNode event(Person p, String id, String type, Instant at) {
        ObjectNode e = Json.mapper().createObjectNode();
        e.put("eventId", id);
        e.put("type", type);
        e.put("anonymousId", p.anonymousId());
        e.put("timestamp", at.toString());
        return e;
    }

    private static ObjectNode pageView(Person p, String id, Instant at) {
        ObjectNode e = event(p, id, "page", at);
        e.putObject("context").putObject("page").put("path", "/docs/start");
        return e;
    }

    private static ObjectNode identify(Person p, String id, Instant at) {
        ObjectNode e = event(p, id, "identify", at);
        e.putObject("traits").put("email", p.email()).put("firstName", "Kill").put("lastName", p.anonymousId())
                .put("title", "VP Marketing").put("company", "Acme").put("companySize", 800).put("industry", "software")
                .put("country", "US");
        return e;
    }

    private static ObjectNode demoRequest(Person p, String id, Instant at) {
        ObjectNode e = event(p, id, "track", at);
        e.put("event", "Demo Requested");
        return e;
    }
}
