package io.mqlengine.queue;

import static io.mqlengine.queue.QueueTesting.drain;
import static io.mqlengine.queue.QueueTesting.eventIds;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mqlengine.config.AllowedOrigins;
import io.mqlengine.json.Json;
import io.mqlengine.service.IngestService;
import io.mqlengine.validation.Limits;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The tracking API's answers when the events queue fails or refuses, through the real SDK to ElasticMQ with
 * faults from a proxy: 202 when a retry succeeded, refused events listed as rejected (a 4xx when nothing was
 * accepted), and 503 only when an accepted event could not be queued.
 */
class IngestEnqueueTest {
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    private static QueueTesting sqs;
    private String url;
    private IngestService ingest;

    @BeforeAll
    static void start() {
        sqs = new QueueTesting();
    }

    @AfterAll
    static void stop() {
        sqs.close();
    }

    @BeforeEach
    void freshQueue() {
        sqs.proxy.clear();
        url = sqs.queue();
        IngestService.Settings settings = new IngestService.Settings(Set.of("wk"), AllowedOrigins.parse("*"), "", Limits.DEFAULT, 65_536);
        ingest = new IngestService(settings, new SqsEventQueue(sqs.sqs, url), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static String page(String eventId, int second) {
        return "{\"eventId\":\"" + eventId + "\",\"type\":\"page\",\"anonymousId\":\"anon-ingest\",\"timestamp\":\""
                + NOW.minusSeconds(3600 - second) + "\",\"context\":{\"page\":{\"path\":\"/pricing\"}}}";
    }

    private static String request(List<String> events) {
        return "{\"writeKey\":\"wk\",\"events\":[" + String.join(",", events) + "]}";
    }

    private IngestService.Response post(List<String> events) {
        return ingest.accept(request(events).getBytes(StandardCharsets.UTF_8), "application/json", null);
    }

    @Test
    void accept_shouldAnswer202_whenSqsFailedTheEntryOnItsSide_andARetrySucceeded() {
        sqs.proxy.failEntries(1, body -> true, false, "InternalError");

        IngestService.Response r = post(List.of(page("e-1", 1), page("e-2", 2)));

        assertThat(r.status()).as(r.body()).isEqualTo(202);
        assertThat(Json.read(r.body()).path("accepted").asInt()).isEqualTo(2);
        assertThat(eventIds(drain(url))).containsExactly("e-1", "e-2");
    }

    @Test
    void accept_shouldAnswer202_listingTheEventSqsRefused_asRejectedWithSqsCode() {
        sqs.proxy.failEntries(Integer.MAX_VALUE, body -> body.contains("\"e-refused\""), true, "InvalidMessageContents");

        IngestService.Response r = post(List.of(page("e-1", 1), page("e-refused", 2), page("e-3", 3)));

        assertThat(r.status()).as(r.body()).isEqualTo(202);
        JsonNode answer = Json.read(r.body());
        assertThat(answer.path("accepted").asInt()).isEqualTo(2);
        JsonNode rejected = answer.path("rejected");
        assertThat(rejected).hasSize(1);
        assertThat(rejected.get(0).path("index").asInt()).isEqualTo(1);
        assertThat(rejected.get(0).path("eventId").asText()).isEqualTo("e-refused");
        JsonNode problem = rejected.get(0).path("errors").get(0);
        assertThat(problem.path("path").asText()).isEqualTo("$.events[1]");
        assertThat(problem.path("message").asText()).contains("refused by the events queue")
                .contains("InvalidMessageContents").contains("cannot succeed");
        assertThat(eventIds(drain(url))).containsExactlyInAnyOrder("e-1", "e-3");
    }

    @Test
    void accept_shouldAnswer400_notA5xx_whenSqsRefusesEveryValidEvent() {
        sqs.proxy.failEntries(Integer.MAX_VALUE, body -> true, true, "InvalidMessageContents");

        IngestService.Response r = post(List.of(page("e-1", 1)));

        assertThat(r.status()).as(r.body()).isEqualTo(400);
        JsonNode answer = Json.read(r.body());
        assertThat(answer.path("error").asText()).isEqualTo("no_valid_events");
        assertThat(answer.path("accepted").asInt()).isZero();
        assertThat(answer.path("rejected").get(0).path("eventId").asText()).isEqualTo("e-1");
    }

    @Test
    void accept_shouldAnswer503_whenSqsKeepsFailingBeyondTheRetries() {
        sqs.proxy.answer(Integer.MAX_VALUE, 503, "ServiceUnavailable");

        IngestService.Response r = post(List.of(page("e-1", 1), page("e-2", 2)));

        assertThat(r.status()).as(r.body()).isEqualTo(503);
        assertThat(Json.read(r.body()).path("error").asText()).isEqualTo("unavailable");
        assertThat(Json.read(r.body()).path("message").asText()).contains("2 of 2 events could not be queued");
    }

    @Test
    void accept_shouldEnqueueTheValidEventsOnce_inOneCall_whenABatchOf100HoldsThreeInvalidOnes() {
        List<String> events = new ArrayList<>();
        List<String> valid = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            if (i % 33 == 5) {
                events.add("{\"eventId\":\"bad-" + i + "\",\"type\":\"page\",\"timestamp\":\"" + NOW + "\"}");
            } else {
                events.add(page("ok-" + i, i));
                valid.add("ok-" + i);
            }
        }

        IngestService.Response r = post(events);

        assertThat(r.status()).as(r.body()).isEqualTo(202);
        JsonNode answer = Json.read(r.body());
        assertThat(answer.path("accepted").asInt()).isEqualTo(97);
        assertThat(answer.path("rejected")).extracting(n -> n.path("index").asInt()).containsExactly(5, 38, 71);
        assertThat(sqs.proxy.requests("SendMessageBatch")).isEqualTo(1);
        List<Message> messages = drain(url);
        assertThat(messages).as("a request's 97 events in one message").hasSize(1);
        assertThat(eventIds(messages)).containsExactlyInAnyOrderElementsOf(valid);
    }
}
