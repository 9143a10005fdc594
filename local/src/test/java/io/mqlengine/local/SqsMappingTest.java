package io.mqlengine.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SqsMappingTest {
    private final TwinLines lines = new TwinLines();
    private RunningTwin twin;
    private SqsClient sqs;

    @BeforeAll
    void start() throws Exception {
        twin = LocalTwin.start(TwinOptions.of(TwinLines.template("sqs.yaml")).withPort(0).withFastRetries(true)
                .withOutput(lines));
        sqs = twin.clients().sqs();
    }

    @AfterAll
    void stop() {
        twin.close();
    }

    @Test
    void sqsMapping_shouldRetryOnlyFailedMessagesThenDeadLetterThem_whenHandlerReportsBatchItemFailures() {
        String queue = twin.queueUrl("WorkQueue");
        sqs.sendMessageBatch(b -> b.queueUrl(queue).entries(
                SendMessageBatchRequestEntry.builder().id("1").messageBody("ok-1").build(),
                SendMessageBatchRequestEntry.builder().id("2").messageBody("fail-2").build(),
                SendMessageBatchRequestEntry.builder().id("3").messageBody("ok-3").build()));

        // the alarm samples the DLQ's depth each second, so it is awaited before the test empties the DLQ
        JsonNode alarm = lines.awaitLine(l -> l.path("event").asText().equals("alarm"), Duration.ofSeconds(30));
        List<Message> deadLettered = receiveAll(twin.queueUrl("WorkDeadLetterQueue"), 1);
        assertThat(twin.awaitIdle(Duration.ofSeconds(20))).isTrue();

        assertThat(deadLettered).extracting(Message::body).containsExactly("fail-2");
        List<JsonNode> invokes = lines.events(0, "invoke", "BatchFunction");
        int records = invokes.stream().mapToInt(l -> l.path("records").asInt()).sum();
        int failed = invokes.stream().mapToInt(l -> l.path("failed").asInt()).sum();
        assertThat(records).as("ok-1 and ok-3 once, fail-2 maxReceiveCount (2) times").isEqualTo(4);
        assertThat(failed).isEqualTo(2);
        assertThat(invokes).allMatch(l -> l.path("trigger").asText().equals("sqs"));
        assertThat(invokes).anyMatch(l -> l.path("outcome").asText().equals("partial"));
        assertThat(alarm.path("alarm").asText()).isEqualTo("WorkDeadLetterAlarm");
        assertThat(alarm.path("state").asText()).isEqualTo("ALARM");
    }

    @Test
    void sqsMapping_shouldDeleteNothing_whenHandlerThrows() {
        sqs.sendMessage(b -> b.queueUrl(twin.queueUrl("StrictQueue")).messageBody("throw-1"));

        List<Message> deadLettered = receiveAll(twin.queueUrl("StrictDeadLetterQueue"), 1);

        assertThat(deadLettered).extracting(Message::body).containsExactly("throw-1");
        List<JsonNode> invokes = lines.events(0, "invoke", "StrictFunction");
        assertThat(invokes).hasSize(2).allMatch(l -> l.path("outcome").asText().equals("error"));
    }

    @Test
    void testHooks_shouldNotBeServed_whenTestHooksAreOff() throws Exception {
        HttpResponse<String> idle = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(twin.apiUrl() + "/_twin/idle")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(idle.statusCode()).isEqualTo(404);
    }

    private List<Message> receiveAll(String queueUrl, int expected) {
        List<Message> received = new ArrayList<>();
        TwinLines.await(() -> {
            received.addAll(sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages());
            return received.size() >= expected;
        }, Duration.ofSeconds(20), expected + " message(s) on " + queueUrl);
        return received;
    }
}
