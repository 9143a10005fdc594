package io.mqlengine.emulator.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/** A record's filter JSON cut down to what the patterns read matches each pattern as the whole record does. */
class FilterFieldsTest {
    private static final String ARN = "arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/2024-01-01T00:00:00.000";

    /** The template's stream filters, and patterns using $or, leaves on whole images and exists: false. */
    private static final List<String> PATTERNS = List.of(
            "{\"dynamodb\": {\"NewImage\": {\"st\": {\"S\": [\"MQL\"]}, \"hp\": {\"N\": [{\"exists\": true}]}}}}",
            "{\"eventName\": [\"INSERT\"], \"dynamodb\": {\"Keys\": {\"pk\": {\"S\": [{\"prefix\": \"LEAD#\"}]}}}}",
            "{\"dynamodb\": {\"Keys\": {\"pk\": {\"S\": [{\"prefix\": \"LEAD#\"}]}}, \"NewImage\": {\"lc\": {\"N\": [{\"exists\": true}]}}}}",
            "{\"dynamodb\": {\"NewImage\": {\"erasedAt\": {\"N\": [{\"exists\": false}]}}}}",
            "{\"$or\": [{\"dynamodb\": {\"OldImage\": {\"st\": {\"S\": [\"LEAD\"]}}}}, {\"eventName\": [\"REMOVE\"]}]}",
            "{\"dynamodb\": {\"NewImage\": [{\"exists\": true}]}}",
            "{\"dynamodb\": {\"NewImage\": {\"tags\": {\"L\": {\"S\": [\"vip\"]}}}}}",
            "{\"dynamodb\": {\"NewImage\": {\"score\": {\"N\": [{\"anything-but\": \"0\"}]}}, \"OldImage\": {\"score\": {\"N\": [\"0\"]}}}}");

    @Test
    void prunedJson_shouldMatchEveryPatternSetAsTheWholeRecordDoes() {
        List<Record> records = records();
        int agreements = 0;
        int matched = 0;
        for (int mask = 1; mask < (1 << PATTERNS.size()); mask++) {
            List<FilterPattern> set = new ArrayList<>();
            for (int i = 0; i < PATTERNS.size(); i++) {
                if ((mask & (1 << i)) != 0) {
                    set.add(FilterPattern.parse(PATTERNS.get(i)));
                }
            }
            FilterFields fields = FilterFields.of(set);
            for (Record r : records) {
                ObjectNode whole = StreamEvents.filterJson(r, ARN, "us-east-1", false);
                ObjectNode pruned = StreamEvents.filterJson(r, ARN, "us-east-1", false, fields);
                for (FilterPattern p : set) {
                    assertThat(p.matches(pruned)).as(p + " on " + whole).isEqualTo(p.matches(whole));
                    agreements++;
                    matched += p.matches(whole) ? 1 : 0;
                }
            }
        }
        // both verdicts occur, so the agreement is not all "no"
        assertThat(matched).isPositive().isLessThan(agreements);
    }

    @Test
    void prunedJson_shouldLeaveOutTheAttributesNoPatternReads() {
        FilterFields fields = FilterFields.of(List.of(FilterPattern.parse(PATTERNS.get(0)), FilterPattern.parse(PATTERNS.get(1))));
        ObjectNode pruned = StreamEvents.filterJson(records().get(0), ARN, "us-east-1", false, fields);
        assertThat(pruned.at("/dynamodb/NewImage").properties()).extracting(Map.Entry::getKey).containsOnly("st", "hp");
        assertThat(pruned.at("/dynamodb/Keys/pk/S").asText()).isEqualTo("LEAD#1");
        assertThat(pruned.at("/dynamodb").has("OldImage")).as("no pattern reads OldImage").isFalse();
        assertThat(pruned.path("eventName").asText()).isEqualTo("MODIFY");
    }

    @Test
    void noPatterns_shouldLeaveTheWholeRecord() {
        Record r = records().get(0);
        assertThat(StreamEvents.filterJson(r, ARN, "us-east-1", false, FilterFields.of(List.of())))
                .isEqualTo(StreamEvents.filterJson(r, ARN, "us-east-1", false));
    }

    private static List<Record> records() {
        List<Record> out = new ArrayList<>();
        String[][] shapes = {
                {"MODIFY", "LEAD#1", "MQL", "LEAD", "5"},
                {"INSERT", "LEAD#2", "LEAD", null, "0"},
                {"REMOVE", "EMAIL#3", null, "MQL", null},
                {"MODIFY", "LEAD#4", "LEAD", "LEAD", "0"},
                {"INSERT", "X#5", "MQL", null, "3"}};
        int n = 0;
        for (String[] s : shapes) {
            n++;
            Map<String, AttributeValue> newImage = s[2] == null ? null : image(s[1], s[2], s[4], n);
            Map<String, AttributeValue> oldImage = s[3] == null ? null : image(s[1], s[3], "0", n + 1);
            StreamRecord.Builder d = StreamRecord.builder().approximateCreationDateTime(Instant.parse("2024-05-01T10:00:00Z"))
                    .keys(Map.of("pk", AttributeValue.fromS(s[1]))).sequenceNumber(String.valueOf(n)).sizeBytes(100L)
                    .streamViewType(StreamViewType.NEW_AND_OLD_IMAGES);
            if (newImage != null) {
                d.newImage(newImage);
            }
            if (oldImage != null) {
                d.oldImage(oldImage);
            }
            out.add(Record.builder().eventID("id-" + n).eventName(OperationType.fromValue(s[0])).eventVersion("1.1")
                    .eventSource("aws:dynamodb").dynamodb(d.build()).build());
        }
        return out;
    }

    /** A lead-like item; every other one has hp, lc, erasedAt and a vip tag. */
    private static Map<String, AttributeValue> image(String pk, String stage, String score, int n) {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        m.put("pk", AttributeValue.fromS(pk));
        m.put("st", AttributeValue.fromS(stage));
        m.put("score", AttributeValue.fromN(score));
        m.put("sc", AttributeValue.fromM(Map.of("web", AttributeValue.fromN("3"), "email", AttributeValue.fromN("2"))));
        if (n % 2 == 1) {
            m.put("hp", AttributeValue.fromN("1"));
            m.put("lc", AttributeValue.fromN("2"));
            m.put("erasedAt", AttributeValue.fromN("1700000000"));
            m.put("tags", AttributeValue.fromL(List.of(AttributeValue.fromS("vip"))));
        }
        return m;
    }
}
