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
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A poison stream record (an MQL image with a pending handoff that cannot be read) in the middle of a handoff
 * batch, delivered as the template's stream mapping delivers it: every other qualification of the batch is
 * handed off by the first invocation, the poison is reported by its own sequence number, and the retries from
 * there find the records after it handed off already: each qualification handed off exactly once, nothing lost
 * or held back by the poison.
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
        List<String> handedOff = new ArrayList<>(emails(stack.readAll("HandoffQueue")));
        assertThat(handedOff).as("handed off by the first invocation, on both sides of the poison")
                .containsExactlyInAnyOrderElementsOf(Stream.concat(BEFORE.stream(), AFTER.stream())
                        .map(HandRaisers::email).toList());

        // Lambda retries from the reported record, MaximumRetryAttempts times, then sends the rest on failure
        int retries = TemplateResources.properties("HandoffFunction").path("Events").path("Qualified").path("Properties")
                .path("MaximumRetryAttempts").asInt();
        List<DynamodbEvent.DynamodbStreamRecord> rest = records.subList(2, records.size());
        for (int retry = 1; retry <= retries; retry++) {
            StreamsEventResponse r = stack.handoff.handleRequest(event(rest), null);
            assertThat(r.getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                    .as("retry %d", retry).containsExactly(poisonSequence);
        }
        assertThat(stack.readAll("HandoffQueue")).as("the retries find the records after the poison handed off")
                .isEmpty();

        stack.clock.advance(Duration.ofMinutes(16));
        assertThat(stack.runSweep()).as("nothing is left pending for the sweep to re-announce")
                .containsEntry("reemitted", 0);
        AFTER.forEach(name -> assertThat(lead(name).handedOff()).isEqualTo(1));
        BEFORE.forEach(name -> assertThat(lead(name).handedOff()).isEqualTo(1));
        stack.runSweep();
        stack.drainStream();
        assertThat(stack.readAll("HandoffQueue")).as("nothing more for sales").isEmpty();
    }

    @Test
    void handoff_shouldHoldBackALeadsLaterRecords_andHandOffTheOthers_whenTheLeadsEarlierRecordFails() {
        HandRaisers.post(stack, "order-amy");
        HandRaisers.post(stack, "order-bob");
        stack.drainEvents();
        List<DynamodbEvent.DynamodbStreamRecord> records = stack.pollStream();
        assertThat(records).hasSize(2);
        String amyPk = LeadKey.lead(PipelineContract.LEAD_IDS.forEmail(HandRaisers.email("order-amy"))).pk();
        DynamodbEvent.DynamodbStreamRecord amy = records.stream()
                .filter(r -> r.getDynamodb().getKeys().get(LeadAttributes.PK).getS().equals(amyPk)).findFirst().orElseThrow();
        DynamodbEvent.DynamodbStreamRecord bob = records.stream().filter(r -> r != amy).findFirst().orElseThrow();
        // an earlier image of amy's lead that cannot be read, delivered before her readable one
        Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> unreadable =
                new HashMap<>(amy.getDynamodb().getKeys());
        unreadable.put(LeadAttributes.STAGE,
                new com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue().withS(Stage.MQL.name()));
        unreadable.put(LeadAttributes.HANDOFF_PENDING,
                new com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue().withN("1"));
        DynamodbEvent.DynamodbStreamRecord broken = new DynamodbEvent.DynamodbStreamRecord();
        broken.setEventName("MODIFY");
        broken.setDynamodb(new com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord()
                .withKeys(amy.getDynamodb().getKeys()).withNewImage(unreadable).withSequenceNumber("1"));

        StreamsEventResponse r = stack.handoff.handleRequest(event(List.of(broken, amy, bob)), null);

        assertThat(r.getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("1");
        assertThat(emails(stack.readAll("HandoffQueue"))).as("only the other lead's qualification")
                .containsExactly(HandRaisers.email("order-bob"));
        assertThat(lead("order-amy").handoffPending()).as("amy's qualification waits for the retry, in order")
                .isTrue();
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
