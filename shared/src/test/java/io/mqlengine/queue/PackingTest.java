package io.mqlengine.queue;

import static io.mqlengine.queue.QueueTesting.RECEIVED;
import static io.mqlengine.queue.QueueTesting.padded;
import static org.assertj.core.api.Assertions.assertThat;

import io.mqlengine.model.TrackingEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cutting an envelope into messages: the limits hold to the byte, counted in UTF-8 as SQS counts. */
class PackingTest {

    @Test
    void pack_shouldCountEveryMessageInUtf8_andKeepItWithinTheLimit_toTheByte() {
        List<TrackingEvent> events = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            // two-, three- and four-byte characters: a count in chars would be far below SQS's
            events.add(new TrackingEvent("utf8-" + i, padded("x", i, 0).type(), null, "anon-utf8", null, null,
                    padded("x", i, 0).timestamp(), Map.of(), Map.of("pad", "é€😀".repeat(300))));
        }
        int limit = 20_000;

        Packing.Packed packed = Packing.pack(new EventEnvelope(events, RECEIVED), 32, limit);

        assertThat(packed.oversize()).isEmpty();
        assertThat(packed.messages()).hasSizeGreaterThan(1).allSatisfy(m -> {
            int utf8 = m.body().getBytes(StandardCharsets.UTF_8).length;
            assertThat(m.bytes()).isEqualTo(utf8);
            assertThat(utf8).isLessThanOrEqualTo(limit);
        });
        EventEnvelope envelope = new EventEnvelope(events, RECEIVED);
        Packing.Message first = packed.messages().get(0);
        int overhead = Packing.message(envelope, List.of()).bytes();
        int next = Packing.message(envelope, List.of(first.indexes().size())).bytes() - overhead;
        assertThat(first.bytes() + 1 + next).as("the first message is full: the next event and its comma would pass")
                .isGreaterThan(limit);
        assertThat(packed.messages().stream().flatMap(m -> m.indexes().stream()).toList())
                .as("every event once, in scoring order").isEqualTo(java.util.stream.IntStream.range(0, 40).boxed().toList());
    }

    @Test
    void pack_shouldSetAsideAnEventNoMessageCanHold_withTheReason_andPackTheOthers() {
        List<TrackingEvent> events = List.of(padded("small-0", 0, 10), padded("huge", 1, 5_000), padded("small-2", 2, 10));

        Packing.Packed packed = Packing.pack(new EventEnvelope(events, RECEIVED), 32, 4_000);

        assertThat(packed.oversize()).containsOnlyKeys(1);
        assertThat(packed.oversize().get(1)).startsWith("MessageTooLong: ").contains("at most 4000");
        assertThat(packed.messages()).hasSize(1);
        assertThat(packed.messages().get(0).indexes()).containsExactly(0, 2);
    }
}
