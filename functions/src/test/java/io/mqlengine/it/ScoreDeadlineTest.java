package io.mqlengine.it;

import static io.mqlengine.it.ScoreFaultsTest.ADA;
import static io.mqlengine.it.ScoreFaultsTest.ANNA;
import static io.mqlengine.it.ScoreFaultsTest.BEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.mqlengine.emulator.dynamodb.Fault;
import io.mqlengine.emulator.dynamodb.Faults;
import io.mqlengine.score.ScoreHandler;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.service.ScoreService;
import io.mqlengine.store.LeadKey;
import io.mqlengine.testing.Emulators;
import io.mqlengine.testing.TemplateResources;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * The score function near its timeout: once Lambda's remaining time is below the safety margin it starts no
 * DynamoDB call, puts every message not applied back on the queue as a new message (so waiting never counts a
 * receive toward the dead-letter queue), and a later delivery applies those once. Each lead is written whole or
 * not at all.
 */
class ScoreDeadlineTest {
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

    private LeadState ada() {
        return stack.store.get(LeadKey.lead(PipelineContract.LEAD_IDS.forEmail(ADA)));
    }

    private static Set<String> ids(List<Message> messages) {
        return messages.stream().map(Message::messageId).collect(Collectors.toSet());
    }

    @Test
    void template_shouldLeaveTheScoreFunctionItsConflictRetryBudget_beforeTheSafetyMargin() {
        int timeout = TemplateResources.properties("ScoreFunction").path("Timeout").asInt() * 1000;
        assertThat(timeout - ScoreHandler.SAFETY_MARGIN_MILLIS).isGreaterThanOrEqualTo((int) ScoreService.RETRY_BUDGET_MILLIS);
    }

    @Test
    void score_shouldRequeueEveryMessage_andTouchNoLead_whenLessThanTheSafetyMarginIsLeft() {
        ScoreFaultsTest.annasHistoryThenABatch(stack, lane);

        EventsLane.Delivery d = lane.deliver(RemainingTimeContext.tooLittle());

        assertThat(d.messages()).as("Anna's request and Ben's").hasSize(2);
        assertThat(d.failed()).as("none reported failed: both requeued").isEmpty();
        assertThat(lane.queued()).as("the copies").isEqualTo(2);
        assertThat(ada()).as("Ada's lead").isNull();
        assertThat(stack.store.get(LeadKey.anonymous(BEN))).as("Ben's lead").isNull();
        LeadState anna = stack.store.get(LeadKey.anonymous(ANNA));
        assertThat(anna.version()).as("Anna's lead untouched").isEqualTo(1);
        assertThat(anna.contributions().get("page-view").count()).isEqualTo(2);

        EventsLane.Delivery later = lane.deliver(RemainingTimeContext.plenty());

        assertThat(later.bodies()).as("the same messages").isEqualTo(d.bodies());
        assertThat(ids(later.messages())).as("as new messages").doesNotContainAnyElementsOf(ids(d.messages()));
        assertThat(later.messages()).as("received once: waiting counted no receive")
                .allSatisfy(m -> assertThat(m.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
                        .isEqualTo("1"));
        assertThat(later.failed()).isEmpty();
        ScoreFaultsTest.assertAppliedOnce(stack, lane);
    }

    @Test
    void score_shouldRequeueTheLeadsItHadNoTimeToStart_andLeaveThemUntouched_whenTimeRunsOutMidBatch() {
        List<String> visitors = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            visitors.add("anon-visitor-" + i);
            lane.pages(visitors.get(i), 1);
        }

        // one look for the batch, then one before each lead's write: two leads start in time
        EventsLane.Delivery d = lane.deliver(RemainingTimeContext.runningOutAfter(3));

        assertThat(d.failed()).as("none reported failed").isEmpty();
        List<String> written = new ArrayList<>();
        Set<String> untouched = new java.util.HashSet<>();
        for (String v : visitors) {
            LeadState s = stack.store.get(LeadKey.anonymous(v));
            if (s == null) {
                untouched.addAll(d.bodiesOf(v));
            } else {
                assertThat(s.contributions().get("page-view").count()).isEqualTo(1);
                written.add(v);
            }
        }
        assertThat(written).as("leads written before time ran out").hasSize(2);
        assertThat(lane.queued()).as("the untouched leads' messages, requeued").isEqualTo(8);

        EventsLane.Delivery later = lane.deliver(RemainingTimeContext.plenty());

        assertThat(later.bodies()).as("exactly the untouched leads' messages").isEqualTo(untouched);
        assertThat(later.failed()).isEmpty();
        for (String v : visitors) {
            LeadState s = stack.store.get(LeadKey.anonymous(v));
            assertThat(s.version()).as("%s written once", v).isEqualTo(1);
            assertThat(s.contributions().get("page-view").count()).isEqualTo(1);
        }
        assertThat(lane.queued()).isZero();
    }

    @Test
    void score_shouldStartNoMoreRetryRounds_whenTimeRunsOutWhileAMergeKeepsConflicting() {
        lane.pages(ANNA, 2);
        assertThat(lane.deliver(null).failed()).isEmpty();
        lane.identifies(ANNA, ADA);
        faults.failNext("TransactWriteItems", stack.table, 1_000, Fault.TRANSACTION_CONFLICT);
        long before = faults.injected();

        // looks: the batch, the first write, the retry round, the second write; the next retry round is too late
        EventsLane.Delivery d = lane.deliver(RemainingTimeContext.runningOutAfter(4));

        assertThat(faults.injected() - before).as("attempts of Ada's transaction").isEqualTo(2);
        assertThat(d.failed()).as("requeued, not failed").isEmpty();
        assertThat(lane.queued()).as("the message of Anna's identify and page view, requeued").isEqualTo(1);
        assertThat(ada()).isNull();
        assertThat(stack.store.get(LeadKey.anonymous(ANNA)).version()).as("Anna's lead untouched").isEqualTo(1);

        faults.clear();
        EventsLane.Delivery later = lane.deliver(RemainingTimeContext.plenty());

        assertThat(later.failed()).isEmpty();
        assertThat(ada().contributions().get("page-view").count()).as("Anna's history merged once").isEqualTo(3);
        assertThat(ada().version()).isEqualTo(1);
        assertThat(lane.queued()).isZero();
    }
}
