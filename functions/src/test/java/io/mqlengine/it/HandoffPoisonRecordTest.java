package io.mqlengine.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.mqlengine.json.Json;
import io.mqlengine.model.Stage;
import io.mqlengine.store.LeadAttributes;
import io.mqlengine.store.LeadItems;
import io.mqlengine.store.LeadKey;
import io.mqlengine.testing.Emulators;
import io.mqlengine.testing.TemplateResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A poison stream record (an MQL image with a pending handoff that cannot be read) in the middle of a handoff
 * batch, delivered as the template's stream mapping delivers it: the qualifications before it are handed off
 * once, the poison is reported by its own sequence number, and the records after it are retried from there.
 * When the mapping gives up on them, the qualifications after the poison are still pending on the table,
 * and the sweep re-announces them: each is handed off exactly once, nothing lost.
 */
class HandoffPoisonRecordTest {
    private static final List<String> BEFORE = List.of("poison-amy", "poison-bob");
    private static final List<String> AFTER = List.of("poison-cal", "poison-dee");
    private static final LeadKey POISON = LeadKey.lead("p0150np0150np0150np0150np0");

    private Stack stack;

    @BeforeEach
    void createStack() {
        stack = new Stack(Emulators.get(), PipelineContract.SAMPLE_TIME, "");
    }

    @Test
    void handoff_shouldHandOffEveryQualificationOnce_whenAPoisonRecordSitsInTheMiddleOfTheBatch() {
        BEFORE.forEach(name -> HandRaisers.post(stack, name));
        stack.drainEvents();
        Map<String, AttributeValue> poison = new HashMap<>(LeadItems.key(POISON));
        poison.put(LeadAttributes.STAGE, AttributeValue.fromS(Stage.MQL.name()));
        poison.put(LeadAttributes.HANDOFF_PENDING, AttributeValue.fromN("1"));
        stack.backend.dynamo().putItem(b -> b.tableName(stack.table).item(poison));
        AFTER.forEach(name -> HandRaisers.post(stack, name));
        stack.drainEvents();
        List<DynamodbEvent.DynamodbStreamRecord> records = stack.pollStream();
        assertThat(records).as("the records the template's filter passes").hasSize(5);
        String poisonSequence = records.get(2).getDynamodb().getSequenceNumber();
        assertThat(records.get(2).getDynamodb().getKeys().get(LeadAttributes.PK).getS()).isEqualTo(POISON.pk());

        StreamsEventResponse first = stack.handoff.handleRequest(event(records), null);

        assertThat(first.getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                .as("the poison, by its sequence number").containsExactly(poisonSequence);
        assertThat(emails(stack.readAll("HandoffQueue"))).as("handed off by the first invocation")
                .containsExactlyInAnyOrderElementsOf(BEFORE.stream().map(HandRaisers::email).toList());

        // Lambda retries from the reported record, MaximumRetryAttempts times, then sends the rest on failure
        int retries = TemplateResources.properties("HandoffFunction").path("Events").path("Qualified").path("Properties")
                .path("MaximumRetryAttempts").asInt();
        List<DynamodbEvent.DynamodbStreamRecord> rest = records.subList(2, records.size());
        for (int retry = 1; retry <= retries; retry++) {
            StreamsEventResponse r = stack.handoff.handleRequest(event(rest), null);
            assertThat(r.getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                    .as("retry %d", retry).containsExactly(poisonSequence);
        }
        List<String> whileRetried = emails(stack.readAll("HandoffQueue"));
        AFTER.forEach(name -> assertThat(lead(name).handoffPending()).as("%s still pending", name).isTrue());

        stack.clock.advance(Duration.ofMinutes(16));
        assertThat(stack.runSweep()).as("the sweep re-announces what the stream gave up on")
                .containsEntry("reemitted", AFTER.size());
        stack.drainStream();
        List<String> handedOff = new ArrayList<>(whileRetried);
        handedOff.addAll(emails(stack.readAll("HandoffQueue")));

        assertThat(handedOff).as("the qualifications after the poison, each handed off once")
                .containsExactlyInAnyOrderElementsOf(AFTER.stream().map(HandRaisers::email).toList());
        AFTER.forEach(name -> assertThat(lead(name).handedOff()).isEqualTo(1));
        BEFORE.forEach(name -> assertThat(lead(name).handedOff()).isEqualTo(1));
        stack.runSweep();
        stack.drainStream();
        assertThat(stack.readAll("HandoffQueue")).as("nothing more for sales").isEmpty();
    }

    private static DynamodbEvent event(List<DynamodbEvent.DynamodbStreamRecord> records) {
        DynamodbEvent e = new DynamodbEvent();
        e.setRecords(new ArrayList<>(records));
        return e;
    }

    private io.mqlengine.scoring.LeadState lead(String name) {
        return stack.store.get(LeadKey.lead(PipelineContract.LEAD_IDS.forEmail(HandRaisers.email(name))));
    }

    private static List<String> emails(List<String> handoffs) {
        return handoffs.stream().map(m -> Json.read(m).path("email").asText()).toList();
    }
}
