package io.mqlengine.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqlengine.local.emulators.Ports;
import io.mqlengine.local.emulators.SqsEmulator;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;

/**
 * ElasticMQ with a data directory keeps a FIFO queue's deduplication ids for SQS's 5-minute interval across a
 * restart, including those of messages consumed and deleted before it.
 */
class FifoDeduplicationRestartTest {
    @TempDir
    Path data;

    @Test
    void sendMessage_shouldBeDeduplicated_whenTheFirstCopyWasConsumedBeforeARestart() throws Exception {
        SendMessageResponse first;
        SendMessageResponse stillQueued;
        try (SqsEmulator sqs = SqsEmulator.start(Ports.free(), Optional.of(data)); SqsClient client = client(sqs)) {
            String url = client.createQueue(b -> b.queueName("handoff.fifo").attributes(Map.of(QueueAttributeName.FIFO_QUEUE,
                    "true"))).queueUrl();
            first = send(client, url, "lead-1#1", "consumed");
            List<Message> received = client.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(1)).messages();
            assertThat(received).extracting(Message::messageId).containsExactly(first.messageId());
            client.deleteMessage(b -> b.queueUrl(url).receiptHandle(received.get(0).receiptHandle()));
            stillQueued = send(client, url, "lead-2#1", "queued");
        }

        try (SqsEmulator sqs = SqsEmulator.start(Ports.free(), Optional.of(data)); SqsClient client = client(sqs)) {
            String url = client.getQueueUrl(b -> b.queueName("handoff.fifo")).queueUrl();
            assertThat(send(client, url, "lead-1#1", "consumed").messageId()).as("the consumed message's id")
                    .isEqualTo(first.messageId());
            assertThat(send(client, url, "lead-2#1", "queued").messageId()).isEqualTo(stillQueued.messageId());
            SendMessageResponse fresh = send(client, url, "lead-3#1", "new");
            List<String> bodies = client.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages().stream().map(Message::body).toList();
            assertThat(bodies).as("what a consumer receives after the restart").containsExactlyInAnyOrder("queued", "new");
            assertThat(fresh.messageId()).isNotIn(first.messageId(), stillQueued.messageId());
        }
    }

    private static SendMessageResponse send(SqsClient client, String url, String deduplicationId, String body) {
        return client.sendMessage(b -> b.queueUrl(url).messageBody(body).messageGroupId(deduplicationId.split("#")[0])
                .messageDeduplicationId(deduplicationId));
    }

    private static SqsClient client(SqsEmulator sqs) {
        return SqsClient.builder().endpointOverride(URI.create(sqs.endpoint())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }
}
