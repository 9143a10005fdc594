package io.mqlengine.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import io.mqlengine.emulator.dynamodb.Fault;
import io.mqlengine.emulator.dynamodb.Faults;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.store.LeadKey;
import io.mqlengine.testing.Emulators;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The score function when the whole batch fails (its reads outlast every retry, injected by our DynamoDB
 * emulator): every message is reported by its own id, none with a null, empty or foreign id (Lambda would then
 * fail the batch by its own rules), nothing is written, and the redelivered batch is applied once.
 */
class ScoreBatchFailureTest {
    private static final String ANNA = "anon-whole-anna";
    private static final String BEN = "anon-whole-ben";
    private static final String CARL = "anon-whole-carl";

    private final Faults faults = Emulators.get().dynamoFaults();
    private Stack stack;
    private EventsLane lane;

    @BeforeEach
    void createStack() {
        stack = new Stack(Emulators.get(), PipelineContract.SAMPLE_TIME, "");
        lane = new EventsLane(stack);
    }

    @AfterEach
    void clearFaults() {
        faults.clear();
    }

    @Test
    void score_shouldReportEveryMessageByItsOwnId_andWriteNothing_whenTheBatchsReadsOutlastEveryRetry() {
        lane.pages(ANNA, 2);
        lane.pages(BEN, 3);
        lane.pages(CARL, 1);
        long before = faults.injected();
        faults.failNext("BatchGetItem", stack.table, 1_000, Fault.PROVISIONED_THROUGHPUT_EXCEEDED);

        EventsLane.Delivery d = lane.deliver(null);

        assertThat(faults.injected() - before).as("reads throttled").isPositive();
        Set<String> delivered = d.messages().stream().map(Message::messageId).collect(Collectors.toSet());
        assertThat(delivered).hasSize(3);
        assertThat(d.failed()).as("every message of the batch reported, each by its id").isEqualTo(delivered);
        faults.clear();
        for (String anonymousId : List.of(ANNA, BEN, CARL)) {
            assertThat(stack.store.get(LeadKey.anonymous(anonymousId))).as("%s written", anonymousId).isNull();
        }
        assertThat(lane.queued()).as("the batch is still queued").isEqualTo(3);

        EventsLane.Delivery redelivery = lane.deliver(null);

        assertThat(redelivery.messages()).extracting(Message::messageId).containsExactlyInAnyOrderElementsOf(delivered);
        assertThat(redelivery.failed()).isEmpty();
        assertPageViews(ANNA, 2);
        assertPageViews(BEN, 3);
        assertPageViews(CARL, 1);
        assertThat(lane.queued()).isZero();
    }

    @Test
    void score_shouldNeverAnswerANullEmptyOrForeignItemIdentifier_whenEveryMessageFails() {
        lane.pages(ANNA, 1);
        lane.pages(BEN, 1);
        String url = stack.queues.get("EventsQueue");
        List<Message> batch = stack.receive(url, 10);
        assertThat(batch).hasSize(2);
        Set<String> ids = batch.stream().map(Message::messageId).collect(Collectors.toSet());
        faults.failNext("BatchGetItem", stack.table, 1_000, Fault.PROVISIONED_THROUGHPUT_EXCEEDED);

        SQSBatchResponse r = stack.score.handleRequest(stack.sqsEvent(batch, url), null);

        assertThat(r.getBatchItemFailures()).isNotNull().hasSize(2);
        assertThat(r.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .allSatisfy(id -> assertThat(id).isNotBlank().isIn(ids))
                .doesNotHaveDuplicates();
    }

    private void assertPageViews(String anonymousId, int count) {
        LeadState lead = stack.store.get(LeadKey.anonymous(anonymousId));
        assertThat(lead).as("%s's lead", anonymousId).isNotNull();
        assertThat(lead.contributions().get("page-view").count()).as("%s's page views", anonymousId).isEqualTo(count);
        assertThat(lead.version()).as("one write of %s's lead", anonymousId).isEqualTo(1);
    }
}
