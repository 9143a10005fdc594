package io.mqlengine.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.mqlengine.scoring.LeadScorer;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.score.ScoreHandler;
import io.mqlengine.service.ScoreService;
import io.mqlengine.store.DynamoLeadStore;
import io.mqlengine.store.LeadKey;
import io.mqlengine.store.LeadStore;
import io.mqlengine.testing.Emulators;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Two score functions racing on one event id: both have read the lead before either writes (held at a barrier),
 * as when SQS delivers a message to two pollers, or a client's retry of a request is polled beside the first
 * request. One write wins; the other meets the changed lead, re-reads it, finds the event id applied, and
 * writes nothing. The event counts once.
 */
class SameEventRaceTest {
    private static final String VISITOR = "anon-race-same-event";
    /** page-view (1) and pricing-page (15) of the default model. */
    private static final double PRICING_PAGE_POINTS = 16;

    private Stack stack;
    /** Writes that met the lead changed by the other racer: proof the two raced. */
    private final AtomicInteger conflicts = new AtomicInteger();

    @BeforeEach
    void createStack() {
        stack = new Stack(Emulators.get(), PipelineContract.SAMPLE_TIME, "");
    }

    private String pricingPage(String eventId) {
        return "{\"writeKey\":\"" + Stack.WRITE_KEY + "\",\"events\":[{\"eventId\":\"" + eventId + "\",\"type\":\"page\","
                + "\"anonymousId\":\"" + VISITOR + "\",\"timestamp\":\"" + stack.clock.instant()
                + "\",\"context\":{\"page\":{\"path\":\"/pricing\"}}}]}";
    }

    @Test
    void score_shouldApplyTheEventOnce_whenOneMessageIsDeliveredToTwoConsumersAtOnce() throws Exception {
        assertThat(stack.post(pricingPage("race-same-1")).getStatusCode()).isEqualTo(202);
        String url = stack.queues.get("EventsQueue");
        List<Message> batch = stack.receive(url, 10);
        assertThat(batch).hasSize(1);
        SQSEvent event = stack.sqsEvent(batch, url);

        race(event, event);

        assertAppliedOnce();
    }

    @Test
    void score_shouldApplyTheEventOnce_whenAClientsRetryOfTheRequestIsScoredBesideTheFirst() throws Exception {
        assertThat(stack.post(pricingPage("race-same-2")).getStatusCode()).isEqualTo(202);
        assertThat(stack.post(pricingPage("race-same-2")).getStatusCode()).isEqualTo(202);
        String url = stack.queues.get("EventsQueue");
        List<Message> both = new java.util.ArrayList<>();
        for (List<Message> got = stack.receive(url, 10); !got.isEmpty(); got = stack.receive(url, 10)) {
            both.addAll(got);
        }
        assertThat(both).as("two messages, one event id").hasSize(2);
        assertThat(both.get(0).messageId()).isNotEqualTo(both.get(1).messageId());

        race(stack.sqsEvent(List.of(both.get(0)), url), stack.sqsEvent(List.of(both.get(1)), url));

        assertAppliedOnce();
    }

    private void race(SQSEvent left, SQSEvent right) throws Exception {
        CyclicBarrier bothRead = new CyclicBarrier(2);
        ScoreHandler a = racer(bothRead);
        ScoreHandler b = racer(bothRead);
        CompletableFuture<SQSBatchResponse> first = CompletableFuture.supplyAsync(() -> a.handleRequest(left, null));
        CompletableFuture<SQSBatchResponse> second = CompletableFuture.supplyAsync(() -> b.handleRequest(right, null));
        assertThat(first.get(60, TimeUnit.SECONDS).getBatchItemFailures()).as("first consumer's failures").isEmpty();
        assertThat(second.get(60, TimeUnit.SECONDS).getBatchItemFailures()).as("second consumer's failures").isEmpty();
        assertThat(conflicts.get()).as("writes that lost the race").isEqualTo(1);
    }

    private void assertAppliedOnce() {
        LeadState lead = stack.store.get(LeadKey.anonymous(VISITOR));
        assertThat(lead).isNotNull();
        assertThat(lead.version()).as("one write: the loser of the race wrote nothing").isEqualTo(1);
        assertThat(lead.contributions().get("page-view").count()).isEqualTo(1);
        assertThat(lead.contributions().get("pricing-page").count()).isEqualTo(1);
        assertThat(lead.scoreAt(stack.clock.instant())).isCloseTo(PRICING_PAGE_POINTS, within(1e-9));
    }

    /** A score function whose first read waits until the other racer has read too. */
    private ScoreHandler racer(CyclicBarrier bothRead) {
        LeadStore dynamo = new DynamoLeadStore(stack.backend.dynamo(), stack.table, Duration.ofDays(120));
        LeadStore paused = new RacingStore(dynamo, bothRead, conflicts);
        return new ScoreHandler(new ScoreService(paused, new LeadScorer(PipelineContract.MODEL), PipelineContract.LEAD_IDS,
                stack.clock), null, stack.clock);
    }
}
