package io.mqlengine.emulator.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Identity;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/** Stream records as Lambda delivers them and as its filters see them. */
class StreamEventsTest {
    private static final String ARN = "arn:aws:dynamodb:eu-west-1:000000000000:table/t/stream/2024-01-01T00:00:00.000";
    private static final Instant CREATED = Instant.parse("2024-05-01T10:00:00Z");

    @Test
    void event_shouldCarryEveryFieldLambdaDelivers_whenARecordIsConverted() {
        Record r = record("1", OperationType.MODIFY, null).toBuilder().eventVersion(null).build();

        DynamodbEvent.DynamodbStreamRecord e = StreamEvents.event(List.of(r), ARN, "eu-west-1").getRecords().get(0);

        assertThat(e.getEventID()).isEqualTo("id-1");
        assertThat(e.getEventName()).isEqualTo("MODIFY");
        assertThat(e.getEventVersion()).as("the version Lambda reports when the stream gives none").isEqualTo("1.1");
        assertThat(e.getEventSource()).isEqualTo("aws:dynamodb");
        assertThat(e.getEventSourceARN()).isEqualTo(ARN);
        assertThat(e.getAwsRegion()).isEqualTo("eu-west-1");
        assertThat(e.getDynamodb().getSequenceNumber()).isEqualTo("1");
        assertThat(e.getDynamodb().getSizeBytes()).isEqualTo(42L);
        assertThat(e.getDynamodb().getStreamViewType()).isEqualTo("NEW_AND_OLD_IMAGES");
        assertThat(e.getDynamodb().getApproximateCreationDateTime().toInstant()).isEqualTo(CREATED);
        assertThat(e.getDynamodb().getKeys().get("pk").getS()).isEqualTo("lead#1");
        assertThat(e.getDynamodb().getOldImage().get("st").getS()).isEqualTo("LEAD");
        assertThat(e.getUserIdentity()).isNull();
    }

    @Test
    void event_shouldConvertEveryAttributeType_whenImagesHoldThem() {
        Map<String, AttributeValue> image = Map.of(
                "s", AttributeValue.fromS("text"),
                "n", AttributeValue.fromN("12.50"),
                "b", AttributeValue.fromB(bytes("ab")),
                "bool", AttributeValue.fromBool(true),
                "nul", AttributeValue.fromNul(true),
                "ss", AttributeValue.fromSs(List.of("x", "y")),
                "ns", AttributeValue.fromNs(List.of("1", "2")),
                "bs", AttributeValue.fromBs(List.of(bytes("c"))),
                "m", AttributeValue.fromM(Map.of("inner", AttributeValue.fromS("v"))),
                "l", AttributeValue.fromL(List.of(AttributeValue.fromN("7"), AttributeValue.fromS("w"))));
        Record r = record("1", OperationType.INSERT, null);
        r = r.toBuilder().dynamodb(r.dynamodb().toBuilder().newImage(image).build()).build();

        var out = StreamEvents.record(r, ARN, "us-east-1", false).getDynamodb().getNewImage();

        assertThat(out.get("s").getS()).isEqualTo("text");
        assertThat(out.get("n").getN()).isEqualTo("12.50");
        assertThat(text(out.get("b").getB())).isEqualTo("ab");
        assertThat(out.get("bool").getBOOL()).isTrue();
        assertThat(out.get("nul").getNULL()).isTrue();
        assertThat(out.get("ss").getSS()).containsExactly("x", "y");
        assertThat(out.get("ns").getNS()).containsExactly("1", "2");
        assertThat(out.get("bs").getBS()).extracting(StreamEventsTest::text).containsExactly("c");
        assertThat(out.get("m").getM().get("inner").getS()).isEqualTo("v");
        assertThat(out.get("l").getL()).extracting(v -> v.getN() != null ? v.getN() : v.getS()).containsExactly("7", "w");
    }

    @Test
    void event_shouldTakeTheUserIdentityFromTheRecord_whenTheStreamCarriesOne() {
        Record ttl = record("1", OperationType.REMOVE,
                Identity.builder().type("Service").principalId("dynamodb.amazonaws.com").build());

        DynamodbEvent.DynamodbStreamRecord e = StreamEvents.event(List.of(ttl), ARN, "us-east-1").getRecords().get(0);
        ObjectNode json = StreamEvents.filterJson(ttl, ARN, "us-east-1");

        assertThat(e.getUserIdentity().getType()).isEqualTo("Service");
        assertThat(e.getUserIdentity().getPrincipalId()).isEqualTo("dynamodb.amazonaws.com");
        assertThat(json.path("userIdentity").path("type").asText()).isEqualTo("Service");
        assertThat(json.path("userIdentity").path("principalId").asText()).isEqualTo("dynamodb.amazonaws.com");
    }

    @Test
    void event_shouldAddTheTtlIdentity_whenTheCallerMarksARecordDeletedByTtl() {
        Record reaped = record("1", OperationType.REMOVE, null);
        Record deleted = record("2", OperationType.REMOVE, null);

        List<DynamodbEvent.DynamodbStreamRecord> out = StreamEvents.event(List.of(reaped, deleted), ARN, "us-east-1",
                r -> r.dynamodb().sequenceNumber().equals("1")).getRecords();

        assertThat(out.get(0).getUserIdentity().getType()).isEqualTo("Service");
        assertThat(out.get(0).getUserIdentity().getPrincipalId()).isEqualTo("dynamodb.amazonaws.com");
        assertThat(out.get(1).getUserIdentity()).as("a delete by a caller carries no identity").isNull();
        assertThat(StreamEvents.filterJson(reaped, ARN, "us-east-1", true).path("userIdentity").path("type").asText())
                .isEqualTo("Service");
        assertThat(StreamEvents.filterJson(deleted, ARN, "us-east-1", false).has("userIdentity")).isFalse();
    }

    @Test
    void filterJson_shouldRenderDynamoDbJson_whenARecordIsFiltered() {
        Record r = record("9", OperationType.MODIFY, null);
        r = r.toBuilder().dynamodb(r.dynamodb().toBuilder().newImage(Map.of(
                "st", AttributeValue.fromS("MQL"), "hp", AttributeValue.fromN("3"),
                "b", AttributeValue.fromB(bytes("ab")))).build()).build();

        ObjectNode json = StreamEvents.filterJson(r, ARN, "us-east-1");

        assertThat(json.path("eventName").asText()).isEqualTo("MODIFY");
        assertThat(json.path("eventSourceARN").asText()).isEqualTo(ARN);
        assertThat(json.path("dynamodb").path("ApproximateCreationDateTime").asLong()).isEqualTo(CREATED.getEpochSecond());
        assertThat(json.path("dynamodb").path("NewImage").path("hp").path("N").isTextual())
                .as("N values stay strings, as in DynamoDB JSON").isTrue();
        assertThat(json.path("dynamodb").path("NewImage").path("b").path("B").asText()).isEqualTo("YWI=");
        String qualified = "{\"dynamodb\": {\"NewImage\": {\"st\": {\"S\": [\"MQL\"]}, \"hp\": {\"N\": [{\"exists\": true}]}}}}";
        assertThat(FilterPattern.parse(qualified).matches(json)).isTrue();
        assertThat(FilterPattern.parse(qualified).matches(StreamEvents.filterJson(record("10", OperationType.MODIFY, null),
                ARN, "us-east-1"))).isFalse();
    }

    private static Record record(String sequenceNumber, OperationType name, Identity identity) {
        return Record.builder()
                .eventID("id-" + sequenceNumber)
                .eventName(name)
                .eventVersion("1.1")
                .eventSource("aws:dynamodb")
                .userIdentity(identity)
                .dynamodb(StreamRecord.builder()
                        .approximateCreationDateTime(CREATED)
                        .keys(Map.of("pk", AttributeValue.fromS("lead#" + sequenceNumber)))
                        .oldImage(Map.of("pk", AttributeValue.fromS("lead#" + sequenceNumber),
                                "st", AttributeValue.fromS("LEAD")))
                        .sequenceNumber(sequenceNumber)
                        .sizeBytes(42L)
                        .streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)
                        .build())
                .build();
    }

    private static SdkBytes bytes(String s) {
        return SdkBytes.fromUtf8String(s);
    }

    private static String text(ByteBuffer b) {
        return StandardCharsets.UTF_8.decode(b.duplicate()).toString();
    }
}
