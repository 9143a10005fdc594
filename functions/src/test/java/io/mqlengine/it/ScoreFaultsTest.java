package io.mqlengine.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqlengine.emulator.dynamodb.Fault;
import io.mqlengine.emulator.dynamodb.Faults;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.store.LeadKey;
import io.mqlengine.store.Stored;
import io.mqlengine.testing.Emulators;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The score function when DynamoDB throttles, conflicts or leaves keys unprocessed, injected by our emulator
 * (LocalStack cannot): a short fault is retried and every event applied once; a fault that outlasts the
 * retries fails only the messages of the lead it hit, which stay queued and are applied once later.
 */
class ScoreFaultsTest {
    static final String ANNA = "anon-anna";
    static final String BEN = "anon-ben";
    static final String ADA = "ada@analytical-engines.example";

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

    /**
     * Anna's two page views are scored on her anonymous lead; then one batch holds Anna identifying as
     * Ada and viewing a page (a transaction that merges her history into Ada's lead and leaves an alias) and
     * Ben's two page views (one conditional UpdateItem).
     */
    static void annasHistoryThenABatch(Stack stack, EventsLane lane) {
        lane.pages(ANNA, 2);
        assertThat(lane.deliver(null).failed()).isEmpty();
        lane.identifies(ANNA, ADA);
        lane.pages(BEN, 2);
    }

    /** Everything of {@link #annasHistoryThenABatch} applied, each event once, each lead written once. */
    static void assertAppliedOnce(Stack stack, EventsLane lane) {
        String adaId = PipelineContract.LEAD_IDS.forEmail(ADA);
        LeadState ada = stack.store.get(LeadKey.lead(adaId));
        assertThat(ada).as("Ada's lead").isNotNull();
        assertThat(ada.contributions().get("page-view").count()).as("Anna's two page views merged once, and one more")
                .isEqualTo(3);
        assertThat(ada.version()).as("one write of Ada's lead").isEqualTo(1);
        assertThat(ada.mergedAnonymousIds()).containsExactly(ANNA);
        assertThat(stack.store.load(List.of(LeadKey.anonymous(ANNA)), true).get(LeadKey.anonymous(ANNA)))
                .isEqualTo(new Stored.Alias(ANNA, adaId, 2));
        LeadState ben = stack.store.get(LeadKey.anonymous(BEN));
        assertThat(ben.contributions().get("page-view").count()).isEqualTo(2);
        assertThat(ben.version()).as("one write of Ben's lead").isEqualTo(1);
        assertThat(lane.queued()).as("messages left on the queue").isZero();
    }

    @ParameterizedTest(name = "{0} answered {1} {2} times")
    @CsvSource({"UpdateItem, THROTTLING, 2", "UpdateItem, PROVISIONED_THROUGHPUT_EXCEEDED, 2",
            "UpdateItem, TRANSACTION_CONFLICT, 2", "UpdateItem, INTERNAL_SERVER_ERROR, 2",
            "TransactWriteItems, THROTTLING, 2", "TransactWriteItems, PROVISIONED_THROUGHPUT_EXCEEDED, 2",
            "BatchGetItem, UNPROCESSED, 3", "BatchGetItem, PROVISIONED_THROUGHPUT_EXCEEDED, 2"})
    void score_shouldRetry_andApplyEveryEventOnce_whenAFewCallsFailTransiently(String operation, Fault fault, int times) {
        annasHistoryThenABatch(stack, lane);
        long before = faults.injected();
        faults.failNext(operation, stack.table, times, fault);

        EventsLane.Delivery d = lane.deliver(null);

        assertThat(faults.injected() - before).as("faults met").isEqualTo(times);
        assertThat(d.failed()).as("messages reported failed").isEmpty();
        assertAppliedOnce(stack, lane);
    }

    @Test
    void identifyMerge_shouldBeRetried_andMergeTheHistoryOnce_whenItsTransactionConflicts() {
        annasHistoryThenABatch(stack, lane);
        long before = faults.injected();
        faults.failNext("TransactWriteItems", stack.table, 2, Fault.TRANSACTION_CONFLICT);

        EventsLane.Delivery d = lane.deliver(null);

        assertThat(faults.injected() - before).as("transactions cancelled").isEqualTo(2);
        assertThat(d.failed()).as("messages reported failed").isEmpty();
        assertAppliedOnce(stack, lane);
    }

    @Test
    void score_shouldReportOnlyTheThrottledLeadsMessages_andKeepThemQueued_whenThrottlingOutlastsEveryRetry() {
        annasHistoryThenABatch(stack, lane);
        long before = faults.injected();
        faults.failNext("TransactWriteItems", stack.table, 1_000, Fault.PROVISIONED_THROUGHPUT_EXCEEDED);

        long started = System.nanoTime();
        EventsLane.Delivery d = lane.deliver(null);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        // the SDK's own limits would retry the transaction for 35 s or more, beyond the function's timeout
        assertThat(took).as("the invocation's time").isLessThan(Duration.ofSeconds(20));
        assertThat(faults.injected() - before).as("attempts of Ada's transaction").isGreaterThanOrEqualTo(3);
        assertThat(d.failed()).as("the message of Anna's identify and page view, and nothing else").hasSize(1)
                .isEqualTo(d.of(ANNA));
        assertThat(lane.queued()).as("the failed message is still queued").isEqualTo(1);
        assertThat(stack.store.get(LeadKey.lead(PipelineContract.LEAD_IDS.forEmail(ADA)))).isNull();
        LeadState anna = stack.store.get(LeadKey.anonymous(ANNA));
        assertThat(anna.version()).as("Anna's lead untouched").isEqualTo(1);
        assertThat(anna.contributions().get("page-view").count()).isEqualTo(2);
        assertThat(stack.store.get(LeadKey.anonymous(BEN)).contributions().get("page-view").count())
                .as("Ben's page views, in the same batch").isEqualTo(2);

        faults.clear();
        EventsLane.Delivery redelivery = lane.deliver(null);

        assertThat(redelivery.messages()).extracting(Message::messageId).containsExactlyInAnyOrderElementsOf(d.failed());
        assertThat(redelivery.failed()).isEmpty();
        assertAppliedOnce(stack, lane);
    }
}
