package io.mqlengine.queue;

import static io.mqlengine.queue.QueueTesting.RECEIVED;
import static io.mqlengine.queue.QueueTesting.page;
import static io.mqlengine.queue.QueueTesting.pages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqlengine.json.EventCodec;
import io.mqlengine.model.TrackingEvent;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The events queue's message format: version 2 written and read, version 1 still read, anything else poison. */
class EventEnvelopeTest {

    @Test
    void toJson_shouldWriteVersion2WithEveryEvent_andFromJsonReadItBack() {
        List<TrackingEvent> events = pages("v2", 3);
        String body = new EventEnvelope(events, RECEIVED).toJson();

        assertThat(body).startsWith("{\"v\":2,\"receivedAt\":\"2026-11-23T10:00:00.120Z\",\"events\":[{\"eventId\":\"v2-0\"");
        EventEnvelope read = EventEnvelope.fromJson(body);
        assertThat(read.events()).isEqualTo(events);
        assertThat(read.receivedAt()).isEqualTo(RECEIVED);
    }

    @Test
    void fromJson_shouldReadAVersion1Body_asMessagesInFlightDuringADeploymentHoldThem() {
        TrackingEvent e = page("v1-event", "anon-v1", 5);
        String v1 = "{\"v\":1,\"receivedAt\":\"" + RECEIVED + "\",\"event\":" + EventCodec.toJson(e) + "}";

        EventEnvelope read = EventEnvelope.fromJson(v1);

        assertThat(read.events()).containsExactly(e);
        assertThat(read.receivedAt()).isEqualTo(RECEIVED);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not JSON | {\"v\":2, | not JSON",
            "not an object | [1,2] | not a JSON object",
            "no version | {\"receivedAt\":\"2026-11-23T10:00:00Z\",\"events\":[]} | version 1 or 2",
            "an unknown version | {\"v\":3,\"receivedAt\":\"2026-11-23T10:00:00Z\",\"events\":[]} | (v is 3)",
            "no events | {\"v\":2,\"receivedAt\":\"2026-11-23T10:00:00Z\",\"events\":[]} | no events array",
            "version 1 without an event | {\"v\":1,\"receivedAt\":\"2026-11-23T10:00:00Z\",\"event\":\"x\"} | no event object",
            "no receivedAt | {\"v\":2,\"events\":[{}]} | receivedAt"})
    void fromJson_shouldRefuseTheMessageAsPoison_whenItIsNotAnEnvelope(String what, String body, String reason) {
        assertThatThrownBy(() -> EventEnvelope.fromJson(body)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void fromJson_shouldRefuseTheWholeMessage_whenOneOfItsEventsIsBroken() {
        String good = EventCodec.toJson(page("good", "anon-x", 1)).toString();
        String body = "{\"v\":2,\"receivedAt\":\"" + RECEIVED + "\",\"events\":[" + good + ",{\"eventId\":\"broken\"}]}";

        assertThatThrownBy(() -> EventEnvelope.fromJson(body)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("events[1]");
    }
}
