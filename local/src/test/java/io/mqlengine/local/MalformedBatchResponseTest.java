package io.mqlengine.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mqlengine.local.handlers.MalformedFailuresHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * The twin's event source mappings given a batch response Lambda cannot use: a batch item failure whose
 * itemIdentifier is null, empty, or (SQS) the id of no message in the batch. AWS documents each as a failure
 * of the whole batch ("Lambda treats a batch as a complete failure if your function returns ... The returned
 * itemIdentifier is an empty string / is null", docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
 * and services-ddb-batchfailurereporting.html): every message of the batch comes back, none is deleted as if
 * it had succeeded; the stream retries the whole batch, then sends it to the on-failure destination.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedBatchResponseTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TEMPLATE = """
            AWSTemplateFormatVersion: '2010-09-09'
            Transform: AWS::Serverless-2016-10-31
            Globals:
              Function:
                CodeUri: %s
                Runtime: java21
                Timeout: 5
            Resources:
              NullIdQueue:
                Type: AWS::SQS::Queue
                Properties:
                  VisibilityTimeout: 30
                  RedrivePolicy: {deadLetterTargetArn: !GetAtt NullIdDeadLetterQueue.Arn, maxReceiveCount: 2}
              NullIdDeadLetterQueue:
                Type: AWS::SQS::Queue
              EmptyIdQueue:
                Type: AWS::SQS::Queue
                Properties:
                  VisibilityTimeout: 30
                  RedrivePolicy: {deadLetterTargetArn: !GetAtt EmptyIdDeadLetterQueue.Arn, maxReceiveCount: 2}
              EmptyIdDeadLetterQueue:
                Type: AWS::SQS::Queue
              ForeignIdQueue:
                Type: AWS::SQS::Queue
                Properties:
                  VisibilityTimeout: 30
                  RedrivePolicy: {deadLetterTargetArn: !GetAtt ForeignIdDeadLetterQueue.Arn, maxReceiveCount: 2}
              ForeignIdDeadLetterQueue:
                Type: AWS::SQS::Queue
            %s
              ItemsTable:
                Type: AWS::DynamoDB::Table
                Properties:
                  BillingMode: PAY_PER_REQUEST
                  AttributeDefinitions: [{AttributeName: pk, AttributeType: S}]
                  KeySchema: [{AttributeName: pk, KeyType: HASH}]
                  StreamSpecification: {StreamViewType: NEW_AND_OLD_IMAGES}
              StreamFailureQueue:
                Type: AWS::SQS::Queue
              StreamFunction:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: io.mqlengine.local.handlers.MalformedStreamFailuresHandler::handleRequest
                  Events:
                    Changes:
                      Type: DynamoDB
                      Properties:
                        Stream: !GetAtt ItemsTable.StreamArn
                        StartingPosition: TRIM_HORIZON
                        BatchSize: 10
                        BisectBatchOnFunctionError: true
                        MaximumRetryAttempts: 1
                        MaximumRecordAgeInSeconds: 3600
                        FunctionResponseTypes: [ReportBatchItemFailures]
                        DestinationConfig:
                          OnFailure: {Type: SQS, Destination: !GetAtt StreamFailureQueue.Arn}
            """;
    /**
     * One function per malformed kind, so that each test reads its own invocations; one instance, so that one
     * poller gathers the three messages into one batch within the window.
     */
    private static final String FUNCTION = """
              %sFunction:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: io.mqlengine.local.handlers.MalformedFailuresHandler::handleRequest
                  ReservedConcurrentExecutions: 1
                  Events:
                    Work:
                      Type: SQS
                      Properties:
                        Queue: !GetAtt %sQueue.Arn
                        BatchSize: 10
                        MaximumBatchingWindowInSeconds: 3
                        FunctionResponseTypes: [ReportBatchItemFailures]
            """;

    private final TwinLines lines = new TwinLines();
    private RunningTwin twin;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        Path classes = Path.of(MalformedFailuresHandler.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        StringBuilder functions = new StringBuilder();
        for (String kind : List.of("NullId", "EmptyId", "ForeignId")) {
            functions.append(FUNCTION.formatted(kind, kind));
        }
        Path template = Files.writeString(dir.resolve("template.yaml"),
                TEMPLATE.formatted(classes.toAbsolutePath(), functions.toString().stripTrailing()));
        twin = LocalTwin.start(TwinOptions.of(template).withPort(0).withFastRetries(true).withOutput(lines));
    }

    @AfterAll
    void stop() {
        twin.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"null-id", "empty-id", "foreign-id"})
    void sqsMapping_shouldFailTheWholeBatch_andDeleteNone_whenAFailureHasAMalformedItemIdentifier(String body) {
        String kind = kind(body);
        int from = lines.size();
        twin.clients().sqs().sendMessageBatch(b -> b.queueUrl(twin.queueUrl(kind + "Queue")).entries(
                SendMessageBatchRequestEntry.builder().id("1").messageBody("ok-1").build(),
                SendMessageBatchRequestEntry.builder().id("2").messageBody(body).build(),
                SendMessageBatchRequestEntry.builder().id("3").messageBody("ok-3").build()));

        List<Message> deadLettered;
        try {
            deadLettered = receive(twin.queueUrl(kind + "DeadLetterQueue"), 3);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the twin said " + lines.all().subList(from, lines.size()), e);
        }
        assertThat(twin.awaitIdle(Duration.ofSeconds(90))).as("idle; waiting on %s", twin.waitingOn()).isTrue();

        assertThat(deadLettered).as("the whole batch, after maxReceiveCount (2) receives")
                .extracting(Message::body).containsExactlyInAnyOrder("ok-1", body, "ok-3");
        List<JsonNode> invokes = lines.events(from, "invoke", kind + "Function");
        assertThat(invokes).as("invocations").isNotEmpty();
        assertThat(invokes).allSatisfy(l -> {
            assertThat(l.path("outcome").asText()).as("outcome of %s", l).isEqualTo("error");
            assertThat(l.path("failed").asInt()).as("failed of %s", l).isEqualTo(l.path("records").asInt());
        });
        assertThat(invokes.stream().mapToInt(l -> l.path("records").asInt()).sum())
                .as("each of the three messages delivered twice").isEqualTo(6);
        assertThat(twin.clients().sqs().receiveMessage(b -> b.queueUrl(twin.queueUrl(kind + "Queue"))).messages())
                .as("left on the queue").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"null-id", "empty-id"})
    void streamMapping_shouldFailTheWholeBatch_retryItAndSendItOnFailure_whenAFailureHasAMalformedItemIdentifier(String mode)
            throws Exception {
        int from = lines.size();
        String table = twin.tableName("ItemsTable");
        twin.clients().dynamo().putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS(mode),
                "mode", AttributeValue.fromS(mode))));

        List<Message> failures = receive(twin.queueUrl("StreamFailureQueue"), 1);
        assertThat(twin.awaitIdle(Duration.ofSeconds(90))).as("idle; waiting on %s", twin.waitingOn()).isTrue();

        JsonNode record = JSON.readTree(failures.get(0).body());
        assertThat(record.path("requestContext").path("condition").asText()).isEqualTo("RetryAttemptsExhausted");
        assertThat(record.path("DDBStreamBatchInfo").path("batchSize").asInt()).isEqualTo(1);
        List<JsonNode> invokes = lines.events(from, "invoke", "StreamFunction");
        assertThat(invokes).as("the first try and MaximumRetryAttempts (1)").hasSize(2)
                .allSatisfy(l -> assertThat(l.path("outcome").asText()).as("outcome of %s", l).isEqualTo("error"));
    }

    private static String kind(String body) {
        return switch (body) {
            case "null-id" -> "NullId";
            case "empty-id" -> "EmptyId";
            default -> "ForeignId";
        };
    }

    /** Receives and deletes messages from the queue until {@code expected} came. */
    private List<Message> receive(String queueUrl, int expected) {
        List<Message> received = new ArrayList<>();
        TwinLines.await(() -> {
            for (Message m : twin.clients().sqs().receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(1)).messages()) {
                received.add(m);
                twin.clients().sqs().deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
            return received.size() >= expected;
        }, Duration.ofSeconds(90), expected + " message(s) on " + queueUrl);
        return received;
    }
}
