package io.mqlengine.emulator.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/** SQS messages as Lambda's poller delivers them and as its filters see them. */
class SqsEventsTest {
    private static final String ARN = "arn:aws:sqs:eu-west-1:000000000000:events";

    @Test
    void event_shouldCarryEveryFieldLambdaDelivers_whenMessagesAreReceived() {
        Message m = message("{\"RequestCode\": \"BBBB\"}").toBuilder()
                .attributesWithStrings(Map.of("ApproximateReceiveCount", "2", "SentTimestamp", "1714557600000",
                        "NotASystemAttribute", "x"))
                .messageAttributes(Map.of(
                        "kind", MessageAttributeValue.builder().dataType("String").stringValue("page").build(),
                        "raw", MessageAttributeValue.builder().dataType("Binary").binaryValue(SdkBytes.fromUtf8String("b"))
                                .build()))
                .md5OfMessageAttributes("md5-attributes")
                .build();

        SQSEvent.SQSMessage r = SqsEvents.event(List.of(m), ARN, "eu-west-1").getRecords().get(0);

        assertThat(r.getMessageId()).isEqualTo("m-1");
        assertThat(r.getReceiptHandle()).isEqualTo("handle-1");
        assertThat(r.getBody()).isEqualTo("{\"RequestCode\": \"BBBB\"}");
        assertThat(r.getMd5OfBody()).isEqualTo("md5-body");
        assertThat(r.getMd5OfMessageAttributes()).isEqualTo("md5-attributes");
        assertThat(r.getEventSource()).isEqualTo("aws:sqs");
        assertThat(r.getEventSourceArn()).isEqualTo(ARN);
        assertThat(r.getAwsRegion()).isEqualTo("eu-west-1");
        assertThat(r.getAttributes()).as("only the system attributes Lambda passes on")
                .containsOnly(Map.entry("ApproximateReceiveCount", "2"), Map.entry("SentTimestamp", "1714557600000"));
        assertThat(r.getMessageAttributes().get("kind").getStringValue()).isEqualTo("page");
        assertThat(r.getMessageAttributes().get("kind").getDataType()).isEqualTo("String");
        assertThat(StandardCharsets.UTF_8.decode(r.getMessageAttributes().get("raw").getBinaryValue()).toString())
                .isEqualTo("b");
    }

    @Test
    void filterJson_shouldReachIntoTheBody_whenTheBodyIsAJsonObject() {
        ObjectNode json = SqsEvents.filterJson(message("{\"RecordNumber\": 12345, \"RequestCode\": \"BBBB\"}"), ARN,
                "eu-west-1");

        assertThat(matches("{\"body\": {\"RequestCode\": [\"BBBB\"]}}", json)).isTrue();
        assertThat(matches("{\"body\": {\"RecordNumber\": [{\"numeric\": [\">\", 9999]}]}}", json)).isTrue();
        assertThat(matches("{\"body\": {\"RequestCode\": [\"AAAA\"]}}", json)).isFalse();
        assertThat(matches("{\"body\": [{\"prefix\": \"{\"}]}", json))
                .as("a JSON body is not matched as a string").isFalse();
        assertThat(matches("{\"eventSourceARN\": [\"" + ARN + "\"], \"awsRegion\": [\"eu-west-1\"]}", json)).isTrue();
    }

    @Test
    void filterJson_shouldKeepTheBodyAString_whenTheBodyIsNotAJsonObject() {
        ObjectNode plain = SqsEvents.filterJson(message("Result: ok"), ARN, "eu-west-1");
        ObjectNode trailing = SqsEvents.filterJson(message("{\"a\": 1} and more"), ARN, "eu-west-1");

        assertThat(matches("{\"body\": [{\"prefix\": \"Result: \"}]}", plain)).isTrue();
        assertThat(matches("{\"body\": {\"Result\": [{\"exists\": true}]}}", plain)).isFalse();
        assertThat(trailing.path("body").isTextual()).as("JSON followed by text is not JSON").isTrue();
    }

    private static boolean matches(String pattern, ObjectNode json) {
        return FilterPattern.parse(pattern).matches(json);
    }

    private static Message message(String body) {
        return Message.builder().messageId("m-1").receiptHandle("handle-1").body(body).md5OfBody("md5-body").build();
    }
}
