package io.mqlengine.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** The twin's EventBridge endpoint through the unmodified SDK: PutEvents, rules, queue and function targets. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventBridgeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RECYCLED = "{\"leadId\":\"l-1\",\"from\":\"MQL\",\"to\":\"RECYCLED\",\"at\":\"2026-12-02T10:00:00Z\","
            + "\"cause\":{\"type\":\"outcome\",\"outcome\":\"rejected\",\"reason\":\"wrong person\"}}";
    private final TwinLines lines = new TwinLines();
    private RunningTwin twin;
    private EventBridgeClient events;
    private SqsClient sqs;
    private String bus;

    @BeforeAll
    void start() throws Exception {
        twin = LocalTwin.start(TwinOptions.of(TwinLines.template("events.yaml")).withPort(0).withOutput(lines));
        events = EventBridgeClients.of(twin);
        sqs = twin.clients().sqs();
        bus = twin.busName("LifecycleBus");
    }

    @AfterAll
    void stop() {
        events.close();
        twin.close();
    }

    @Test
    void putEvents_shouldDeliverTheEnvelopeToTheSubscribedQueue_whenTheEventMatchesTheRule() throws Exception {
        Instant at = Instant.parse("2026-12-02T10:00:00Z");

        PutEventsResponse response = events.putEvents(r -> r.entries(entry("Lead Stage Changed", RECYCLED).toBuilder()
                .time(at).resources("arn:aws:dynamodb:us-east-1:000000000000:table/leads").build()));

        assertThat(response.failedEntryCount()).isZero();
        String id = response.entries().get(0).eventId();
        JsonNode envelope = JSON.readTree(receive("NurtureQueue", m -> m.body().contains(id)).body());
        assertThat(envelope.path("version").asText()).isEqualTo("0");
        assertThat(envelope.path("id").asText()).isEqualTo(id);
        assertThat(envelope.path("detail-type").asText()).isEqualTo("Lead Stage Changed");
        assertThat(envelope.path("source").asText()).isEqualTo("mql-engine");
        assertThat(envelope.path("account").asText()).isEqualTo("000000000000");
        assertThat(envelope.path("region").asText()).isEqualTo("us-east-1");
        assertThat(envelope.path("time").asText()).isEqualTo("2026-12-02T10:00:00Z");
        assertThat(envelope.path("resources").get(0).asText()).isEqualTo("arn:aws:dynamodb:us-east-1:000000000000:table/leads");
        assertThat(envelope.path("detail")).isEqualTo(JSON.readTree(RECYCLED));
    }

    @Test
    void putEvents_shouldDeliverNothing_whenTheEventDoesNotMatchTheRule() {
        String accepted = RECYCLED.replace("RECYCLED", "SAL");
        PutEventsResponse skipped = events.putEvents(r -> r.entries(entry("Lead Stage Changed", accepted),
                entry("Lead SLA Missed", RECYCLED), entry("Lead Stage Changed", RECYCLED).toBuilder().source("crm").build()));
        // a matching event sent after them: once it has arrived, anything matched before it would have too
        String marker = events.putEvents(r -> r.entries(entry("Lead Stage Changed", RECYCLED))).entries().get(0).eventId();

        List<Message> received = receiveUntil("NurtureQueue", marker);

        assertThat(skipped.failedEntryCount()).isZero();
        assertThat(received).extracting(Message::body).noneMatch(b -> skipped.entries().stream()
                .anyMatch(e -> b.contains(e.eventId())));
        assertThat(received).hasSize(1);
    }

    @Test
    void putEvents_shouldRouteByBusAndState_whenRulesListenOnOtherBusesOrAreDisabled() {
        String onDefault = events.putEvents(r -> r.entries(entry("Lead Stage Changed", RECYCLED).toBuilder().eventBusName(null)
                .build())).entries().get(0).eventId();
        String onLifecycle = events.putEvents(r -> r.entries(entry("Lead Stage Changed", RECYCLED))).entries().get(0).eventId();

        List<Message> defaultBus = receiveUntil("DefaultBusQueue", onDefault);
        receiveUntil("NurtureQueue", onLifecycle);

        assertThat(defaultBus).as("the default bus's rule sees only the default bus").hasSize(1);
        assertThat(sqs.receiveMessage(m -> m.queueUrl(twin.queueUrl("DisabledQueue")).waitTimeSeconds(0)).messages())
                .as("a DISABLED rule delivers nothing").isEmpty();
    }

    @Test
    void putEvents_shouldInvokeFunctionTargetsAsyncAndFillTheQueue_whenAWildcardPatternMatchesTheBusArn() throws Exception {
        int from = lines.size();
        String arn = "arn:aws:events:us-east-1:000000000000:event-bus/" + bus;

        PutEventsResponse ok = events.putEvents(r -> r.entries(entry("Lead SLA Missed", "{\"leadId\":\"l-2\"}").toBuilder()
                .eventBusName(arn).build()));
        PutEventsResponse failing = events.putEvents(r -> r.entries(entry("Lead SLA Missed", "{\"fail\":true}")));

        assertThat(ok.failedEntryCount()).isZero();
        assertThat(failing.failedEntryCount()).isZero();
        receiveUntil("SlaQueue", failing.entries().get(0).eventId());
        TwinLines.await(() -> lines.events(from, "invoke", null).size() == 4, Duration.ofSeconds(10), "four invocations");
        assertThat(twin.awaitIdle(Duration.ofSeconds(10))).isTrue();
        List<JsonNode> invokes = lines.events(from, "invoke", null);
        assertThat(invokes).allSatisfy(l -> {
            assertThat(l.path("trigger").asText()).isEqualTo("eventbridge");
            assertThat(l.path("source").asText()).isEqualTo("SlaMissed");
        });
        assertThat(invokes).extracting(l -> l.path("function").asText() + " " + l.path("outcome").asText())
                .containsExactlyInAnyOrder("SlaFunction ok", "SlaFunction error", "SlaScheduledEventFunction ok",
                        "SlaScheduledEventFunction error");
    }

    @Test
    void putEvents_shouldFailEachBadEntryAlone_whenEntriesBreakEventBridgesRules() {
        PutEventsResponse response = events.putEvents(r -> r.entries(
                entry("Lead Stage Changed", RECYCLED).toBuilder().source(null).build(),
                entry(null, RECYCLED),
                entry("Lead Stage Changed", null),
                entry("Lead Stage Changed", "[1, 2]"),
                entry("Lead Stage Changed", "{not json"),
                entry("Lead Stage Changed", RECYCLED).toBuilder().eventBusName("no-such-bus").build(),
                entry("Lead Stage Changed", RECYCLED).toBuilder().source("aws.events").build(),
                entry("Lead Stage Changed", RECYCLED)));

        assertThat(response.failedEntryCount()).isEqualTo(7);
        List<PutEventsResultEntry> results = response.entries();
        assertThat(results).hasSize(8);
        assertThat(results.get(0).errorCode()).isEqualTo("InvalidArgument");
        assertThat(results.get(0).errorMessage()).contains("Parameter Source is not valid");
        assertThat(results.get(1).errorMessage()).contains("Parameter DetailType is not valid");
        assertThat(results.get(2).errorMessage()).contains("Parameter Detail is not valid");
        assertThat(results.get(3).errorCode()).isEqualTo("MalformedDetail");
        assertThat(results.get(3).errorMessage()).contains("must be a JSON object, got a JSON array");
        assertThat(results.get(4).errorCode()).isEqualTo("MalformedDetail");
        assertThat(results.get(5).errorCode()).isEqualTo("ResourceNotFoundException");
        assertThat(results.get(5).errorMessage()).isEqualTo("Event bus no-such-bus does not exist.");
        assertThat(results.get(6).errorCode()).isEqualTo("NotAuthorizedForSourceException");
        assertThat(results.get(7).eventId()).isNotBlank();
        assertThat(results.get(7).errorCode()).isNull();
        assertThat(results.subList(0, 7)).allSatisfy(e -> assertThat(e.eventId()).isNull());
    }

    @Test
    void putEvents_shouldAnswer400_whenTheRequestHasNoEntriesMoreThanTenOrTooManyBytes() {
        List<PutEventsRequestEntry> eleven = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            eleven.add(entry("Lead Stage Changed", RECYCLED));
        }
        String big = "{\"padding\":\"" + "x".repeat(256 * 1024) + "\"}";

        assertValidation(() -> events.putEvents(r -> r.entries(List.of())), "Member must have length greater than or equal to 1");
        assertValidation(() -> events.putEvents(r -> r.entries(eleven)), "Member must have length less than or equal to 10");
        assertValidation(() -> events.putEvents(r -> r.entries(entry("Lead Stage Changed", big))),
                "Total size of the entries in the request is over the limit");
    }

    @Test
    void otherOperations_shouldAnswerUnknownOperationNamingIt_whenTheSdkCallsThem() {
        assertThatThrownBy(() -> events.listRules(r -> r.eventBusName(bus))).isInstanceOfSatisfying(EventBridgeException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnknownOperationException");
            assertThat(e.awsErrorDetails().errorMessage()).contains("operation ListRules is not emulated");
        });
    }

    @Test
    void functions_shouldGetTheEventBridgeEndpoint_whenTheTwinStarts() {
        assertThat(twin.plan().functions().get("SlaFunction").environment()).containsEntry("AWS_ENDPOINT_URL_EVENTS",
                twin.eventsEndpoint()).containsEntry("AWS_ENDPOINT_URL_EVENTBRIDGE", twin.eventsEndpoint());
        assertThat(twin.readyFields()).containsEntry("events", twin.eventsEndpoint());
        assertThat(twin.outputs()).containsEntry("LifecycleBusName", "mql-local-lifecycle");
        assertThat(twin.plan().notEmulated()).extracting(n -> n.feature())
                .contains("AWS::SQS::QueuePolicy", "AWS::Lambda::Permission");
    }

    private void assertValidation(Runnable call, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(EventBridgeException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
            assertThat(e.awsErrorDetails().errorMessage()).contains(message);
        });
    }

    private PutEventsRequestEntry entry(String detailType, String detail) {
        return PutEventsRequestEntry.builder().eventBusName(bus).source("mql-engine").detailType(detailType).detail(detail).build();
    }

    /** Receives (and deletes) from a queue until a message satisfies the condition; fails after 10 seconds. */
    private Message receive(String queueId, Predicate<Message> wanted) {
        List<Message> seen = receiveUntil(queueId, wanted);
        return seen.get(seen.size() - 1);
    }

    private List<Message> receiveUntil(String queueId, String eventId) {
        return receiveUntil(queueId, m -> m.body().contains(eventId));
    }

    /** Every message received up to and including the first one that satisfies the condition. */
    private List<Message> receiveUntil(String queueId, Predicate<Message> wanted) {
        String url = twin.queueUrl(queueId);
        List<Message> seen = new ArrayList<>();
        TwinLines.await(() -> {
            for (Message m : sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)).messages()) {
                seen.add(m);
                sqs.deleteMessage(d -> d.queueUrl(url).receiptHandle(m.receiptHandle()));
            }
            return seen.stream().anyMatch(wanted);
        }, Duration.ofSeconds(10), "a message on " + queueId);
        return seen;
    }
}
