package io.mqlengine.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mqlengine.json.Json;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.store.LeadItems;
import io.mqlengine.store.Stored;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One queue message per request lane, on the project's template with the real functions jar, over HTTP: a
 * request sent twice is accepted twice and scored once, and a batch's valid events are enqueued once, in one
 * SendMessageBatch call, beside its invalid ones.
 */
class QueuePackingEndToEndTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private RunningTwin twin;
    private HttpTwin http;
    private TwinLines lines;
    private String writeKey;

    @BeforeAll
    static void functionsJarIsBuilt() {
        assertThat(ROOT.resolve("functions/target/mql-functions.jar"))
                .as("the functions jar (mvn -B verify builds it before these tests)").exists();
    }

    @BeforeEach
    void start() throws Exception {
        lines = new TwinLines();
        twin = LocalTwin.start(TwinOptions.of(ROOT.resolve("template.yaml")).withPort(0).withTestHooks(true)
                .withFastRetries(true).withOutput(lines));
        JsonNode ready = lines.awaitLine(l -> l.path("ready").asBoolean(), Duration.ofSeconds(5));
        http = new HttpTwin(Json.mapper().convertValue(ready, Map.class));
        writeKey = ready.path("writeKey").asText();
    }

    @AfterEach
    void stop() {
        if (twin != null) {
            twin.close();
        }
    }

    private static String page(String eventId, String anonymousId, Instant at) {
        return "{\"eventId\":\"" + eventId + "\",\"type\":\"page\",\"anonymousId\":\"" + anonymousId + "\",\"timestamp\":\""
                + at + "\",\"context\":{\"page\":{\"path\":\"/blog/" + eventId + "\"}}}";
    }

    private String request(List<String> events) {
        return "{\"writeKey\":\"" + writeKey + "\",\"events\":[" + String.join(",", events) + "]}";
    }

    /** The anonymous leads in the leads table, by anonymous id. */
    private Map<String, LeadState> anonymousLeads() {
        Map<String, LeadState> out = new HashMap<>();
        for (var item : http.items(twin.tableName("LeadsTable"))) {
            if (LeadItems.read(item) instanceof Stored.Lead p && p.state().anonymous()) {
                out.put(p.state().id(), p.state());
            }
        }
        return out;
    }

    private int sendMessageBatchCalls() {
        return twin.functionUsage("IngestFunction").getOrDefault("SQS.SendMessageBatch", 0).intValue();
    }

    /** Messages the score function was given, summed over its invocations since line {@code from}. */
    private int scoredMessages(int from) {
        return lines.events(from, "invoke", "ScoreFunction").stream().mapToInt(l -> l.path("records").asInt()).sum();
    }

    private int failedMessages(int from) {
        return lines.events(from, "invoke", "ScoreFunction").stream().mapToInt(l -> l.path("failed").asInt()).sum();
    }

    @Test
    void sameRequestPostedTwice_shouldBeAcceptedTwice_andScoredOnce() {
        Instant t = http.now().minusSeconds(120);
        String body = request(List.of(page("twice-1", "anon-twice", t), page("twice-2", "anon-twice", t.plusSeconds(5)),
                page("twice-3", "anon-twice", t.plusSeconds(10))));
        int from = lines.size();

        HttpResponse<String> first = http.send("POST", "/v1/events", body);
        HttpResponse<String> second = http.send("POST", "/v1/events", body);

        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(202);
        assertThat(http.awaitIdle(Duration.ofSeconds(30))).as("idle; waiting on %s", http.lastWaitingOn).isTrue();
        assertThat(scoredMessages(from)).as("one message per request").isEqualTo(2);
        assertThat(failedMessages(from)).isZero();
        LeadState visitor = anonymousLeads().get("anon-twice");
        assertThat(visitor.contributions().get("page-view").count()).as("three page views, counted once").isEqualTo(3);
        assertThat(visitor.version()).as("the second copy changed nothing").isEqualTo(1);
    }

    @Test
    void batchOf97ValidAnd3InvalidEvents_shouldEnqueueThe97OnceInOneCall_andScoreEachOnce() {
        Instant t = http.now().minusSeconds(600);
        List<String> events = new ArrayList<>();
        List<String> visitors = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            if (i == 7 || i == 50 || i == 93) {
                events.add("{\"eventId\":\"invalid-" + i + "\",\"type\":\"page\",\"timestamp\":\"" + t + "\"}");
            } else {
                visitors.add("anon-batch-" + i);
                events.add(page("batch-" + i, "anon-batch-" + i, t.plusSeconds(i)));
            }
        }
        int callsBefore = sendMessageBatchCalls();
        int from = lines.size();

        HttpResponse<String> r = http.send("POST", "/v1/events", request(events));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode answer = Json.read(r.body());
        assertThat(answer.path("accepted").asInt()).isEqualTo(97);
        assertThat(answer.path("rejected")).extracting(n -> n.path("index").asInt()).containsExactly(7, 50, 93);
        assertThat(sendMessageBatchCalls() - callsBefore).as("SendMessageBatch calls").isEqualTo(1);
        assertThat(http.awaitIdle(Duration.ofSeconds(30))).as("idle; waiting on %s", http.lastWaitingOn).isTrue();
        assertThat(scoredMessages(from)).as("a request's 97 events in one message").isEqualTo(1);
        assertThat(failedMessages(from)).isZero();
        Map<String, LeadState> leads = anonymousLeads();
        assertThat(leads.keySet()).containsExactlyInAnyOrderElementsOf(visitors);
        assertThat(leads.values()).allSatisfy(p -> {
            assertThat(p.version()).as("%s written once", p.id()).isEqualTo(1);
            assertThat(p.contributions().get("page-view").count()).as("%s's page view counted once", p.id()).isEqualTo(1);
        });
    }
}
