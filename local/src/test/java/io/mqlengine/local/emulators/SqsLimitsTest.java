package io.mqlengine.local.emulators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.elasticmq.LimitedValue;
import org.elasticmq.RangeLimit;
import org.elasticmq.StrictSQSLimits$;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;

/** The twin's ElasticMQ allows exactly the body characters SQS allows, and keeps ElasticMQ's other strict limits. */
class SqsLimitsTest {

    @Test
    @SuppressWarnings("unchecked")
    void allowedCharacters_shouldAgreeWithElasticMqsStrictRanges_onEveryCodePoint() {
        scala.collection.immutable.List<RangeLimit<Object>> strict =
                ((LimitedValue<scala.collection.immutable.List<RangeLimit<Object>>>) StrictSQSLimits$.MODULE$
                        .bodyValidCharactersLimit()).value();
        List<RangeLimit<Object>> ranges = new ArrayList<>();
        strict.foreach(r -> ranges.add(r));
        assertThat(ranges).hasSize(6);
        SqsLimits.AllowedCharacters ours = new SqsLimits.AllowedCharacters();
        List<Integer> disagreeing = new ArrayList<>();
        for (int c = 0; c <= 0x110000; c++) {
            Integer boxed = c;
            boolean theirs = ranges.stream().anyMatch(r -> r.isBetween(boxed));
            if (ours.isBetween(boxed) != theirs) {
                disagreeing.add(c);
            }
        }
        assertThat(disagreeing).isEmpty();
        assertThat(IntStream.of(0x9, 0xA, 0xD, 0x20, 0xD7FF, 0xE000, 0xFFFD, 0x10000, 0x10FFFF)
                .allMatch(SqsLimits.AllowedCharacters::allowed)).isTrue();
        assertThat(IntStream.of(0x0, 0x8, 0xB, 0x1F, 0xD800, 0xDFFF, 0xFFFE, 0xFFFF, 0x110000)
                .noneMatch(SqsLimits.AllowedCharacters::allowed)).isTrue();
    }

    @Test
    void elasticMq_shouldRefuseOnlyTheEntriesWithCharactersSqsRefuses_andKeepTheOtherStrictLimits() throws Exception {
        try (SqsEmulator sqs = SqsEmulator.start(Ports.free(), Optional.empty());
             SqsClient client = SqsClient.builder().region(Region.US_EAST_1).endpointOverride(URI.create(sqs.endpoint()))
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "y")))
                     .httpClient(UrlConnectionHttpClient.create()).build()) {
            String queue = client.createQueue(b -> b.queueName("limits")).queueUrl();
            Map<String, String> bodies = Map.of(
                    "ascii", "{\"event\":\"page\",\"tab\":\"a\\tb\"}\r\n",
                    "wide", "caf\u00e9 \u4e2d\u6587 \ud83d\ude00 \ud800\udc00 \udbff\udfff \ufffd",
                    "control", "before\u0001after",
                    "reserved", "before\ufffeafter");
            SendMessageBatchResponse sent = client.sendMessageBatch(b -> b.queueUrl(queue).entries(bodies.entrySet().stream()
                    .map(e -> SendMessageBatchRequestEntry.builder().id(e.getKey()).messageBody(e.getValue()).build())
                    .toList()));

            assertThat(sent.failed().stream().collect(Collectors.toMap(BatchResultErrorEntry::id, BatchResultErrorEntry::code)))
                    .isEqualTo(Map.of("control", "InvalidAttributeValue", "reserved", "InvalidAttributeValue"));
            List<Message> received = client.receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages();
            assertThat(received).extracting(Message::body)
                    .containsExactlyInAnyOrder(bodies.get("ascii"), bodies.get("wide"));

            assertThatThrownBy(() -> client.sendMessage(b -> b.queueUrl(queue).messageBody("x\u0000")))
                    .isInstanceOf(SqsException.class).hasMessageContaining("InvalidMessageContents");
            // U+FFFF never reaches the limits: ElasticMQ's JSON parser (spray-json) reads it as the end of its input and
            // refuses the whole request as malformed. Still a refusal, as on SQS, with another error code.
            assertThatThrownBy(() -> client.sendMessage(b -> b.queueUrl(queue).messageBody("x\uffff")))
                    .isInstanceOf(SqsException.class).hasMessageContaining("MalformedRequestContent");
            assertThatThrownBy(() -> client.sendMessageBatch(b -> b.queueUrl(queue).entries(IntStream.range(0, 11)
                    .mapToObj(i -> SendMessageBatchRequestEntry.builder().id("e" + i).messageBody("m").build()).toList())))
                    .as("ElasticMQ's batch limit is kept").isInstanceOf(SqsException.class)
                    .hasMessageContaining("TooManyEntriesInBatchRequest");
            assertThatThrownBy(() -> client.sendMessage(b -> b.queueUrl(queue).messageBody("m".repeat(262_145))))
                    .as("ElasticMQ's length limit is kept").isInstanceOf(SqsException.class);
        }
    }
}
