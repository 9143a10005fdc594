package io.mqlengine.local.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

class LambdaPayloadTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ARN = "arn:aws:sqs:us-east-1:000000000000:events-queue";

    @Test
    void recordBytes_shouldCoverTheRecordAsLambdaSerialisesIt_whenTheBodyNeedsEscapes() throws Exception {
        Message m = Message.builder().messageId("0f6c1e8a-6a7e-4d4f-9d1e-3b6a1f0e2c11")
                .receiptHandle("AQEB" + "r".repeat(160)).md5OfBody("9e107d9d372bb6826bd81d3542a419d6")
                .body("{\"v\":2,\"events\":[{\"type\":\"track\",\"event\":\"Démo \\\"Requested\\\"\",\"note\":\"line\\nbreak €\"}]}\t")
                .attributesWithStrings(Map.of("ApproximateReceiveCount", "1", "SentTimestamp", "1764662400000",
                        "SenderId", "000000000000", "ApproximateFirstReceiveTimestamp", "1764662400123"))
                .build();

        long estimated = LambdaPayload.recordBytes(m, ARN, "us-east-1");

        long actual = lambdaRecord(m).length + 1; // and the comma before the next record
        assertThat(estimated).isGreaterThanOrEqualTo(actual).isLessThan(actual + 64);
    }

    @Test
    void recordBytes_shouldCountMessageAttributes_whenTheMessageHasThem() {
        Message plain = Message.builder().messageId("id").receiptHandle("rh").body("{}").md5OfBody("md5").build();
        Message attributed = plain.toBuilder().messageAttributes(Map.of("source", MessageAttributeValue.builder()
                .dataType("Binary").binaryValue(SdkBytes.fromUtf8String("x".repeat(300))).build())).build();

        long extra = LambdaPayload.recordBytes(attributed, ARN, "us-east-1") - LambdaPayload.recordBytes(plain, ARN, "us-east-1");

        assertThat(extra).as("300 bytes of binary value are 400 bytes of base64").isGreaterThan(400);
    }

    @Test
    void json_shouldCountUtf8BytesAndEscapes_whenTheTextHasThem() {
        String text = "a\"b\\c\n\u0001é€😀";

        long n = LambdaPayload.json(text);

        assertThat(n).isEqualTo(JSON.valueToTree(text).toString().getBytes(StandardCharsets.UTF_8).length);
    }

    /** The record as Lambda's event carries it (field for field what SqsEvents builds), serialised. */
    private static byte[] lambdaRecord(Message m) {
        ObjectNode r = JSON.createObjectNode();
        r.put("messageId", m.messageId());
        r.put("receiptHandle", m.receiptHandle());
        r.put("body", m.body());
        ObjectNode attributes = r.putObject("attributes");
        m.attributesAsStrings().forEach(attributes::put);
        r.putObject("messageAttributes");
        r.put("md5OfBody", m.md5OfBody());
        r.putNull("md5OfMessageAttributes");
        r.put("eventSource", "aws:sqs");
        r.put("eventSourceARN", ARN);
        r.put("awsRegion", "us-east-1");
        return r.toString().getBytes(StandardCharsets.UTF_8);
    }
}
