package io.mqlengine.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqlengine.emulator.dynamodb.Fault;
import io.mqlengine.emulator.dynamodb.Faults;
import io.mqlengine.score.ScoreHandler;
import io.mqlengine.scoring.LeadScorer;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.service.ScoreService;
import io.mqlengine.store.DynamoLeadStore;
import io.mqlengine.store.LeadKey;
import io.mqlengine.testing.Emulators;
import io.mqlengine.testing.TemplateResources;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A message dead-lettered while one of its leads could not be written (the identify's transaction throttled on
 * every receive, injected by our DynamoDB emulator), then, after the fix, redriven from the events DLQ with
 * SQS's own message move task: every event is applied exactly once, the ones applied before the message died
 * included, and each lead ends exactly as it would have without the fault.
 */
class DeadLetterRedriveTest {
    private static final String ANNA = "anon-redrive-anna";
    private static final String BEN = "anon-redrive-ben";
    private static final String ADA = "ada.redrive@analytical-engines.example";

    private final Faults faults = Emulators.get().dynamoFaults();
    private Stack stack;

    @BeforeEach
    void createStack() {
        stack = new Stack(Emulators.get(), PipelineContract.SAMPLE_TIME, "");
    }

    @AfterEach
    void clearFaults() {
        faults.clear();
    }

    /** Anna's two page views, scored; then one request: Ben's page view, and Anna identifying as Ada on a page. */
    private static void requests(Stack stack) {
        String at = stack.clock.instant().minusSeconds(60).toString();
        post(stack, event("r-1", "page", ANNA, at, "\"context\":{\"page\":{\"path\":\"/pricing\"}}") + ","
                + event("r-2", "page", ANNA, at, "\"context\":{\"page\":{\"path\":\"/product/api\"}}"));
        stack.drainEvents();
        post(stack, event("r-3", "page", BEN, at, "\"context\":{\"page\":{\"path\":\"/compare/hubspot\"}}") + ","
                + event("r-4", "identify", ANNA, at, "\"traits\":{\"email\":\"" + ADA + "\",\"title\":\"VP Engineering\"}")
                + "," + event("r-5", "page", ANNA, at, "\"context\":{\"page\":{\"path\":\"/pricing\"}}"));
    }

    private static String event(String id, String type, String anonymousId, String at, String rest) {
        return "{\"eventId\":\"" + id + "\",\"type\":\"" + type + "\",\"anonymousId\":\"" + anonymousId
                + "\",\"timestamp\":\"" + at + "\"," + rest + "}";
    }

    private static void post(Stack stack, String events) {
        var r = stack.post("{\"writeKey\":\"" + Stack.WRITE_KEY + "\",\"events\":[" + events + "]}");
        assertThat(r.getStatusCode()).as(PipelineContract.body(r)).isEqualTo(202);
    }

    @Test
    void redrive_shouldApplyEveryEventExactlyOnce_whenADeadLetteredMessageIsMovedBackAfterTheFix() {
        requests(stack);
        String events = stack.queues.get("EventsQueue");
        faults.failNext("TransactWriteItems", stack.table, 1_000, Fault.PROVISIONED_THROUGHPUT_EXCEEDED);
        // short DynamoDB calls, so that five receives of a throttled transaction take seconds, not minutes
        ScoreHandler impatient = new ScoreHandler(new ScoreService(new DynamoLeadStore(stack.backend.dynamo(),
                stack.table, Duration.ofDays(120), Duration.ofSeconds(2)), new LeadScorer(PipelineContract.MODEL),
                PipelineContract.LEAD_IDS, stack.clock), null, stack.clock);

        Stack.Drained broken = stack.drainQueue(events, batch -> impatient.handleRequest(batch, null), true);

        int maxReceive = TemplateResources.properties("EventsQueue").path("RedrivePolicy").path("maxReceiveCount").asInt();
        assertThat(broken.failed()).as("the message failed once per receive").isEqualTo(maxReceive);
        faults.clear();
        assertThat(stack.depth("EventsDeadLetterQueue")).as("dead-lettered").isEqualTo(1);
        LeadState benBefore = lead(LeadKey.anonymous(BEN));
        assertThat(benBefore.contributions().get("page-view").count()).as("Ben's page view, applied before").isEqualTo(1);
        assertThat(lead(LeadKey.lead(PipelineContract.LEAD_IDS.forEmail(ADA)))).as("Ada's lead").isNull();

        String dlqArn = stack.queueArn(stack.queues.get("EventsDeadLetterQueue"));
        stack.backend.sqs().startMessageMoveTask(b -> b.sourceArn(dlqArn).destinationArn(stack.queueArn(events)));
        await(() -> stack.depth("EventsDeadLetterQueue") == 0 && stack.depth("EventsQueue") == 1,
                "the message moved back to the events queue");
        Stack.Drained redriven = stack.drainEvents();

        assertThat(redriven.delivered()).isEqualTo(1);
        assertThat(redriven.failed()).isZero();
        assertThat(stack.eventsQueued() + stack.depth("EventsDeadLetterQueue")).isZero();
        LeadState ben = lead(LeadKey.anonymous(BEN));
        assertThat(ben.version()).as("the redriven message changed nothing on Ben's lead").isEqualTo(benBefore.version());
        Stack reference = new Stack(Emulators.get(), PipelineContract.SAMPLE_TIME, "");
        requests(reference);
        reference.drainEvents();
        for (LeadKey key : List.of(LeadKey.anonymous(BEN), LeadKey.lead(PipelineContract.LEAD_IDS.forEmail(ADA)))) {
            LeadState got = lead(key);
            LeadState expected = reference.store.get(key);
            assertThat(got).as("%s", key).isNotNull();
            assertThat(got.contributions()).as("%s's contributions", key).isEqualTo(expected.contributions());
            assertThat(got.scoreAt(stack.clock.instant())).as("%s's score", key)
                    .isEqualTo(expected.scoreAt(stack.clock.instant()));
        }
        assertThat(lead(LeadKey.lead(PipelineContract.LEAD_IDS.forEmail(ADA))).contributions().get("page-view").count())
                .as("Anna's two page views merged once, and one more").isEqualTo(3);
    }

    private LeadState lead(LeadKey key) {
        return stack.store.get(key);
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 30 s for %s", what).isLessThan(deadline);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }
}
