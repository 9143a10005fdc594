package io.mqlengine.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mqlengine.local.sqs.LambdaPayload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;

class SqsPayloadLimitTest {
    /** Just under SQS's 256 KiB message limit: 25 of them fit in Lambda's 6 MB payload, 26 do not. */
    private static final int BODY_CHARS = 250_000;

    @Test
    void sqsMapping_shouldEndTheBatchBeforeSixMegabytes_whenTheBatchSizeWouldAllowMore(@TempDir Path dir)
            throws Exception {
        // one instance, so one poller gathers every message; a window long enough that only the payload limit ends the
        // first batch while the messages arrive
        Path codeDir = TwinLines.template("sqs.yaml").getParent().getParent();
        Path template = dir.resolve("template.yaml");
        Files.writeString(template, """
                AWSTemplateFormatVersion: '2010-09-09'
                Transform: AWS::Serverless-2016-10-31
                Resources:
                  BigQueue:
                    Type: AWS::SQS::Queue
                    Properties:
                      VisibilityTimeout: 60
                  BigFunction:
                    Type: AWS::Serverless::Function
                    Properties:
                      CodeUri: %s
                      Runtime: java21
                      Timeout: 30
                      ReservedConcurrentExecutions: 1
                      Handler: io.mqlengine.local.handlers.BatchHandler::handleRequest
                      Events:
                        Big:
                          Type: SQS
                          Properties:
                            Queue: !GetAtt BigQueue.Arn
                            BatchSize: 100
                            MaximumBatchingWindowInSeconds: 8
                """.formatted(codeDir.toAbsolutePath()));
        TwinLines lines = new TwinLines();
        try (RunningTwin twin = LocalTwin.start(TwinOptions.of(template).withPort(0).withOutput(lines))) {
            SqsClient sqs = twin.clients().sqs();
            String queue = twin.queueUrl("BigQueue");
            for (int i = 0; i < 30; i++) {
                String body = String.format("%04d", i) + "x".repeat(BODY_CHARS - 4);
                sqs.sendMessage(b -> b.queueUrl(queue).messageBody(body));
            }

            TwinLines.await(() -> lines.events(0, "invoke", "BigFunction").stream()
                    .mapToInt(l -> l.path("records").asInt()).sum() >= 30, Duration.ofSeconds(40), "30 records invoked");
            assertThat(twin.awaitIdle(Duration.ofSeconds(20))).isTrue();

            List<JsonNode> invokes = lines.events(0, "invoke", "BigFunction");
            assertThat(invokes).allMatch(l -> l.path("outcome").asText().equals("ok"));
            assertThat(invokes).allMatch(l -> l.path("bytes").asLong() <= LambdaPayload.MAX_BYTES);
            assertThat(invokes.stream().mapToInt(l -> l.path("records").asInt()).sum()).isEqualTo(30);
            assertThat(invokes.get(0).path("records").asInt()).as("the first batch, ended by the payload limit")
                    .isEqualTo(25);
            assertThat(invokes.get(0).path("windowMs").asLong()).as("ended before its window").isLessThan(8_000);
        }
    }
}
