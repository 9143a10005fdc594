package io.mqlengine.emulator.dynamodb.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.RawValue;
import io.mqlengine.emulator.dynamodb.stream.Shard;
import io.mqlengine.emulator.dynamodb.stream.StreamRecord;
import io.mqlengine.emulator.dynamodb.stream.TableStream;
import io.mqlengine.emulator.dynamodb.table.Database;
import io.mqlengine.emulator.dynamodb.table.KeyAttr;
import io.mqlengine.emulator.dynamodb.table.KeySchema;
import io.mqlengine.emulator.dynamodb.value.Value;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** GetRecords renders a record's JSON once and hands the same text to every later reader of that record. */
class RenderedRecordsTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private final StreamOperations ops = new StreamOperations(new Database(Clock.fixed(NOW, ZoneOffset.UTC),
            Clock.fixed(NOW, ZoneOffset.UTC), "us-east-1", 86_400_000L));
    private final TableStream stream = new TableStream("arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/x", "x",
            "t", new KeySchema(new KeyAttr("pk", Value.Type.S), null), "NEW_AND_OLD_IMAGES", NOW, new Shard("shardId-1", 1));

    private static StreamRecord record(long sequence, String eventId, String name) {
        return new StreamRecord(sequence, eventId, "INSERT", NOW, NOW.toEpochMilli(), Map.of("pk", new Value.S("a")),
                Map.of("pk", new Value.S("a"), "name", new Value.S(name)), null, false);
    }

    @Test
    void aRecordReadAgain_shouldGetTheJsonRenderedForItsFirstRead() throws Exception {
        StreamRecord r = record(7, "e-7", "Zoë 🚀");
        RawValue first = ops.rendered(r, stream);
        assertThat(ops.rendered(r, stream)).isSameAs(first);
        JsonNode json = new ObjectMapper().readTree(first.rawValue().toString());
        assertThat(json.path("eventID").asText()).isEqualTo("e-7");
        assertThat(json.at("/dynamodb/NewImage/name/S").asText()).isEqualTo("Zoë 🚀");
        assertThat(json.at("/dynamodb/SequenceNumber").asText()).isEqualTo(StreamOperations.format(7));
        assertThat(json.at("/dynamodb/StreamViewType").asText()).isEqualTo("NEW_AND_OLD_IMAGES");
    }

    @Test
    void anotherRecordWithTheSameSequenceNumber_shouldBeRenderedFromItsOwnContent() {
        RawValue first = ops.rendered(record(9, "e-first", "a"), stream);
        RawValue second = ops.rendered(record(9, "e-second", "b"), stream);
        assertThat(first.rawValue().toString()).contains("e-first").doesNotContain("e-second");
        assertThat(second.rawValue().toString()).contains("e-second").doesNotContain("e-first");
    }

    @Test
    void recordsPastTheKeptNumber_shouldBeRenderedAgainWithTheSameText() {
        StreamRecord oldest = record(1, "e-1", "first");
        RawValue first = ops.rendered(oldest, stream);
        for (int i = 2; i <= StreamOperations.RENDERED_RECORDS + 1; i++) {
            ops.rendered(record(i, "e-" + i, "n"), stream);
        }
        RawValue again = ops.rendered(oldest, stream);
        assertThat(again).isNotSameAs(first);
        assertThat(again.rawValue()).isEqualTo(first.rawValue());
    }
}
