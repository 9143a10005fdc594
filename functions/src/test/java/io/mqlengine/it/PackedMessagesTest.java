package io.mqlengine.it;

import static io.mqlengine.it.PipelineContract.LEAD_IDS;
import static io.mqlengine.it.PipelineContract.MODEL;
import static io.mqlengine.it.PipelineContract.SAMPLE_TIME;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqlengine.json.Json;
import io.mqlengine.model.Stage;
import io.mqlengine.scoring.LeadScorer;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.scoring.Outcome;
import io.mqlengine.score.ScoreHandler;
import io.mqlengine.service.ScoreService;
import io.mqlengine.store.DynamoLeadStore;
import io.mqlengine.store.IdentityLink;
import io.mqlengine.store.LeadKey;
import io.mqlengine.testing.DelegatingStore;
import io.mqlengine.testing.Emulators;
import io.mqlengine.testing.TemplateResources;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The score function on packed messages (one message per request lane): a message is all or nothing, comes
 * back whole when one of its leads fails or waits, and its events applied before are not applied again;
 * version 1 messages are still scored. Every lead write is recorded with the events it applied, so a second
 * application of any event shows.
 */
class PackedMessagesTest {
    private Stack stack;
    private String url;
    private ScoreHandler handler;
    /** Event id to the number of lead writes that applied it. */
    private final Map<String, Integer> applied = new ConcurrentHashMap<>();

    @BeforeEach
    void createStack() {
        stack = new Stack(Emulators.get(), SAMPLE_TIME, "");
        url = stack.queues.get("EventsQueue");
        DynamoLeadStore dynamo = new DynamoLeadStore(stack.backend.dynamo(), stack.table, Duration.ofDays(120),
                Duration.ofSeconds(5));
        DelegatingStore recording = new DelegatingStore(dynamo) {
            @Override
            public void write(LeadKey key, Outcome outcome, List<IdentityLink> links, Instant now) {
                super.write(key, outcome, links, now);
                outcome.appliedEventIds().forEach(id -> applied.merge(id, 1, Integer::sum));
            }
        };
        // leads one after the other, so that "time runs out after the n-th look" names one lead
        handler = new ScoreHandler(new ScoreService(recording, new LeadScorer(MODEL), LEAD_IDS, stack.clock), null,
                stack.clock);
    }

    private static String page(String eventId, String anonymousId, Instant at) {
        return "{\"eventId\":\"" + eventId + "\",\"type\":\"page\",\"anonymousId\":\"" + anonymousId
                + "\",\"timestamp\":\"" + at + "\",\"context\":{\"page\":{\"path\":\"/blog/" + eventId + "\"}}}";
    }

    private void post(List<String> events) {
        var r = stack.post("{\"writeKey\":\"" + Stack.WRITE_KEY + "\",\"events\":[" + String.join(",", events) + "]}");
        assertThat(r.getStatusCode()).as(PipelineContract.body(r)).isEqualTo(202);
    }

    /** What one invocation was given and which messages it reported. */
    private record Delivery(List<Message> messages, Set<String> failed) {
    }

    /** Every visible message (up to 10) to the handler once; the reported ones visible again at once. */
    private Delivery deliver(Context context) {
        List<Message> batch = stack.receive(url, 10);
        assertThat(batch).as("messages to deliver").isNotEmpty();
        SQSBatchResponse r = handler.handleRequest(stack.sqsEvent(batch, url), context);
        Set<String> failed = r.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .collect(Collectors.toSet());
        for (Message m : batch) {
            if (failed.contains(m.messageId())) {
                stack.backend.sqs().changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(m.receiptHandle())
                        .visibilityTimeout(0));
            } else {
                stack.backend.sqs().deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
            }
        }
        return new Delivery(batch, failed);
    }

    private LeadState anonymous(String anonymousId) {
        return stack.store.get(LeadKey.anonymous(anonymousId));
    }

    @Test
    void score_shouldApplyEachEventOnce_whenAPackedMessageComesBackWithItsFirstPartApplied() {
        Instant t = SAMPLE_TIME.minusSeconds(600);
        String identify = "{\"eventId\":\"anna-2\",\"type\":\"identify\",\"anonymousId\":\"anon-anna\",\"timestamp\":\""
                + t.plusSeconds(20) + "\",\"traits\":{\"email\":\"ada@analytical-engines.example\"}}";
        // a server's batch: two visitors in one request, so one message
        post(List.of(page("ben-1", "anon-ben", t.plusSeconds(1)), page("ben-2", "anon-ben", t.plusSeconds(2)),
                identify, page("anna-3", "anon-anna", t.plusSeconds(30))));

        // looks: the batch, Ben's write; Ada's write would start too late
        Delivery first = deliver(RemainingTimeContext.runningOutAfter(2));

        assertThat(first.messages()).hasSize(1);
        assertThat(first.failed()).as("the message, whole").hasSize(1);
        assertThat(anonymous("anon-ben").contributions().get("page-view").count()).as("Ben's half was applied")
                .isEqualTo(2);
        assertThat(stack.store.get(LeadKey.lead(LEAD_IDS.forEmail("ada@analytical-engines.example")))).isNull();

        Delivery again = deliver(RemainingTimeContext.plenty());

        assertThat(again.messages()).extracting(Message::messageId).containsExactlyElementsOf(first.failed());
        assertThat(again.failed()).isEmpty();
        assertThat(anonymous("anon-ben").version()).as("Ben's lead not written again").isEqualTo(1);
        assertThat(anonymous("anon-ben").contributions().get("page-view").count()).isEqualTo(2);
        LeadState ada = stack.store.get(LeadKey.lead(LEAD_IDS.forEmail("ada@analytical-engines.example")));
        assertThat(ada.contributions().get("page-view").count()).isEqualTo(1);
        assertThat(applied).as("each event applied by exactly one write")
                .isEqualTo(Map.of("ben-1", 1, "ben-2", 1, "anna-2", 1, "anna-3", 1));
        assertThat(stack.depth("EventsQueue")).isZero();
    }

    @Test
    void score_shouldApplyEachEventOnce_whenOneRequestCarriesAHundredEventsOfOneVisitor() {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            events.add(page("burst-" + i, "anon-burst", SAMPLE_TIME.minusSeconds(300 - i)));
        }
        post(events);
        assertThat(stack.depth("EventsQueue")).as("one message for the request").isEqualTo(1);

        Delivery d = deliver(RemainingTimeContext.plenty());

        assertThat(d.failed()).isEmpty();
        assertThat(stack.depth("EventsQueue")).isZero();
        assertThat(applied).hasSize(100);
        assertThat(applied.values()).as("no event applied twice").containsOnly(1);
    }

    @Test
    void score_shouldFailAPackedMessageWithOneBrokenEventAlone_andDeadLetterItWhole() {
        String good = page("poisoned-good", "anon-poisoned", SAMPLE_TIME.minusSeconds(60));
        stack.backend.sqs().sendMessage(b -> b.queueUrl(url).messageBody("{\"v\":2,\"receivedAt\":\"" + SAMPLE_TIME
                + "\",\"events\":[" + good + ",{\"eventId\":\"broken\",\"type\":\"page\"}]}"));
        post(List.of(page("fine-1", "anon-fine", SAMPLE_TIME.minusSeconds(50))));

        Stack.Drained d = stack.drainEvents();

        int maxReceive = TemplateResources.properties("EventsQueue").path("RedrivePolicy").path("maxReceiveCount").asInt();
        assertThat(d.failed()).as("the poison message failed once per receive").isEqualTo(maxReceive);
        List<String> dead = stack.readAll("EventsDeadLetterQueue");
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0)).contains("\"eventId\":\"broken\"").contains("\"eventId\":\"poisoned-good\"");
        assertThat(anonymous("anon-poisoned")).as("all or nothing: its good event is not applied either").isNull();
        assertThat(anonymous("anon-fine").contributions().get("page-view").count()).isEqualTo(1);
    }

    @Test
    void score_shouldScoreVersion1AndVersion2MessagesInOneBatch_asDuringADeployment() {
        SQSEvent batch = EventLoader.loadSQSEvent(LambdaEvents.sample("score/sqs-batch.json").toString());
        List<SQSEvent.SQSMessage> records = new ArrayList<>(batch.getRecords());
        // the identify and the demo request as the new ingest function sends them: one message
        ObjectNode packed = Json.object().put("v", 2).put("receivedAt", "2026-11-23T10:00:00.120Z");
        ArrayNode events = packed.putArray("events");
        events.add(Json.read(records.get(2).getBody()).get("event"));
        events.add(Json.read(records.get(3).getBody()).get("event"));
        SQSEvent.SQSMessage v2 = records.get(3);
        v2.setBody(packed.toString());
        batch.setRecords(List.of(records.get(0), records.get(1), v2));
        for (SQSEvent.SQSMessage m : batch.getRecords()) {
            assertThat(Schemas.problems("event-envelope.schema.json", Json.read(m.getBody()))).as(m.getBody()).isEmpty();
        }

        SQSBatchResponse r = handler.handleRequest(batch, null);

        assertThat(r.getBatchItemFailures()).isEmpty();
        LeadState ada = stack.store.get(LeadKey.lead(LEAD_IDS.forEmail(PipelineContract.ADA)));
        assertThat(ada.stage()).isEqualTo(Stage.MQL);
        assertThat(ada.qualifiedBy()).isEqualTo("hand-raiser");
        assertThat(ada.contributions()).containsKeys("pricing-page", "gated-content", "demo-request");
        assertThat(applied).hasSize(4);
    }
}
