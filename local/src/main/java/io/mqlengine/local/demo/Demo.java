package io.mqlengine.local.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.mqlengine.journey.Journey;
import io.mqlengine.json.Json;
import io.mqlengine.local.RunningTwin;
import io.mqlengine.model.Stage;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.store.LeadItems;
import io.mqlengine.store.Stored;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * {@code --demo}: replays the journeys through the twin's API over about 65 simulated days ending now,
 * prints each MQL as it arrives on the handoff queue (reading it as a sales tool would), lets the sweep
 * recycle what went cold, then leaves the twin running for the person's own events.
 */
public final class Demo implements Runnable {
    static final Duration HISTORY = Duration.ofDays(65);
    static final Duration RECYCLE_CHECK = Duration.ofDays(60);

    private final RunningTwin twin;
    private final Path journeysDir;
    private final PrintStream out;
    private final AtomicInteger handedOff = new AtomicInteger();
    private final AtomicBoolean consuming = new AtomicBoolean(true);
    private final List<JsonNode> handoffs = new java.util.concurrent.CopyOnWriteArrayList<>();

    public Demo(RunningTwin twin, Path journeysDir, PrintStream out) {
        this.twin = twin;
        this.journeysDir = journeysDir;
        this.out = out;
    }

    @Override
    public void run() {
        try {
            play();
        } catch (RuntimeException e) {
            out.println("The demo stopped: " + e.getMessage() + ". The twin keeps running; see its log.");
        }
    }

    private void play() {
        List<Journey> journeys = Journey.all(journeysDir);
        long expected = journeys.stream().filter(j -> j.qualifiesAtStep() != null).count();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant start = now.minus(HISTORY).truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(9));
        twin.clock().set(start);
        out.printf("Replaying %d journeys from %s through POST %s/v1/events, %d simulated days from %s.%n",
                journeys.size(), journeysDir, twin.apiUrl(), HISTORY.toDays(), start.toString().substring(0, 10));
        out.println("Each MQL is printed as it arrives on the handoff queue.");
        out.println();
        Thread consumer = new Thread(this::consumeHandoffs, "demo-handoff-reader");
        consumer.setDaemon(true);
        consumer.start();
        JourneyReplay.Control control = new InProcessControl(twin);
        new JourneyReplay(twin.apiUrl(), twin.writeKey(), control).replay(journeys, start,
                line -> out.println("  " + line));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (handedOff.get() < expected && System.nanoTime() < deadline) {
            LockSupport.parkNanos(50_000_000);
        }
        consuming.set(false);
        out.println();
        out.printf("%d of the %d expected MQLs reached the handoff queue. Where every journey ended:%n", handedOff.get(),
                expected);
        Map<String, LeadState> leads = leads();
        for (Journey j : journeys) {
            LeadState s = leadOf(j, leads);
            out.printf("  %-36s %-13s grade %s  score %5.1f%n", j.name(), s == null ? "-" : s.stage(),
                    s == null ? "-" : s.grade(), s == null ? 0.0 : s.scoreAt(twin.clock().instant()));
        }
        out.println();
        new SalesAct(twin, out).play(handoffs);
        out.println();
        twin.clock().set(start.plus(RECYCLE_CHECK));
        sweep();
        out.printf("Day %d: the sweep recycles MQLs whose score decayed below the recycle threshold:%n", RECYCLE_CHECK.toDays());
        for (LeadState s : leads().values()) {
            boolean decayed = !s.history().isEmpty()
                    && s.history().get(s.history().size() - 1).reason().equals("score-decayed");
            if (s.stage() == Stage.RECYCLED && decayed) { // not those sales rejected
                out.printf("  RECYCLED %-34s score %5.1f (an MQL since %s)%n", s.traits().email(),
                        s.scoreAt(twin.clock().instant()), s.qualifiedAt().toString().substring(0, 10));
            }
        }
        twin.clock().set(Instant.now());
        sweep();
        out.println();
        yourTurn();
    }

    private void sweep() {
        try {
            twin.fireSchedule("SweepFunction");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        twin.awaitIdle(Duration.ofSeconds(60));
    }

    private void consumeHandoffs() {
        String url = twin.queueUrl("HandoffQueue");
        var sqs = twin.clients().sqs();
        while (consuming.get()) {
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
            for (Message m : batch) {
                JsonNode handoff = Json.read(m.body());
                print(handoff);
                handoffs.add(handoff);
                sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
                handedOff.incrementAndGet();
            }
        }
    }

    private void print(JsonNode m) {
        String who = m.path("name").asText("") + describe(m.path("title").asText(null), m.path("company").asText(null));
        out.printf("MQL #%d  %s <%s>  score %.1f  grade %s  qualified by %s%n", handedOff.get() + 1, who.trim(),
                m.path("email").asText(), m.path("score").asDouble(), m.path("grade").asText(), m.path("qualifiedBy").asText());
        List<String> reasons = new ArrayList<>();
        m.path("reasons").forEach(r -> reasons.add(String.format(Locale.ROOT, "%s %.1f (%dx)", r.path("rule").asText(),
                r.path("points").asDouble(), r.path("count").asInt())));
        out.println("        why: " + String.join(", ", reasons));
    }

    private static String describe(String title, String company) {
        if (title == null && company == null) {
            return "";
        }
        return " (" + (title == null ? "" : title) + (title != null && company != null ? ", " : "")
                + (company == null ? "" : company) + ")";
    }

    /** Every lead in the leads table, by email for leads and by anonymous id for visitors. */
    private Map<String, LeadState> leads() {
        Map<String, LeadState> out = new HashMap<>();
        var dynamo = twin.clients().dynamo();
        for (Map<String, AttributeValue> item : dynamo.scanPaginator(b -> b.tableName(twin.tableName("LeadsTable"))).items()) {
            if (LeadItems.read(item) instanceof Stored.Lead p) {
                LeadState s = p.state();
                out.put(s.anonymous() ? s.id() : s.traits().email(), s);
            }
        }
        return out;
    }

    private static LeadState leadOf(Journey j, Map<String, LeadState> leads) {
        if (j.email() != null) {
            return leads.get(j.email());
        }
        return leads.get(j.steps().get(0).event().path("anonymousId").asText());
    }

    private void yourTurn() {
        String api = twin.apiUrl();
        String sqs = twin.sqsEndpoint();
        String queue = twin.queueUrl("HandoffQueue");
        out.println("The twin keeps running (Ctrl-C stops it). Your turn: a fitting lead asks for a demo.");
        out.println();
        out.println("  curl -s -X POST " + api + "/v1/events -H 'content-type: application/json' -d '{\"writeKey\":\""
                + twin.writeKey() + "\",\"events\":[{\"eventId\":\"my-1\",\"type\":\"identify\",\"anonymousId\":\"me\","
                + "\"timestamp\":\"'$(date -u +%Y-%m-%dT%H:%M:%SZ)'\",\"traits\":{\"email\":\"you@yourcompany.example\","
                + "\"title\":\"Head of Sales\",\"companySize\":200}},{\"eventId\":\"my-2\",\"type\":\"track\","
                + "\"event\":\"Demo Requested\",\"anonymousId\":\"me\",\"timestamp\":\"'$(date -u +%Y-%m-%dT%H:%M:%SZ)'\"}]}'");
        out.println();
        out.println("Or open " + api + "/demo/ in a browser: a demo site tracked by the snippet (" + api + "/mql.js);");
        out.println("send its contact form, then request a demo.");
        out.println();
        out.println("Then read the handoff queue as a sales tool would:");
        out.println();
        out.println("  AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local aws sqs receive-message --region us-east-1 \\");
        out.println("    --endpoint-url " + sqs + " --queue-url " + queue + " --wait-time-seconds 5");
        out.println();
        out.flush();
    }

    /** The twin's clock and pipeline, driven in-process. */
    private record InProcessControl(RunningTwin twin) implements JourneyReplay.Control {
        @Override
        public void forwardTo(Instant t) {
            twin.clock().forwardTo(t);
        }

        @Override
        public boolean awaitIdle(Duration timeout) {
            return twin.awaitIdle(timeout);
        }
    }
}
