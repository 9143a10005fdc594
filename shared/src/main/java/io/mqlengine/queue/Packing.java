package io.mqlengine.queue;

import io.mqlengine.model.TrackingEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cuts an envelope into the bodies of as few messages as it can: its events in scoring order (timestamp, then
 * event id), at most {@link #MAX_EVENTS} events and {@link #MAX_BYTES} bytes per message.
 *
 * <p>A message comes back whole when one of its leads fails; its events applied before are skipped, as every
 * lead remembers the ids it applied within the dedupe horizon ({@code SeenIds}), so a message may hold a whole
 * request ({@link #MAX_EVENTS}, the API's limit per request).
 */
final class Packing {
    /**
     * SQS's limit for one message, and for the sum of the messages of one SendMessageBatch call: 256 KiB. SQS
     * bills every started 64 KiB of a call's payload as one request, so one 200 KiB message costs what four
     * 50 KiB messages sent in one call cost: packing saves the messages, not the bytes.
     */
    static final int MAX_BYTES = 256 * 1024;
    static final int MAX_EVENTS = 100;

    private static final Comparator<TrackingEvent> SCORING_ORDER =
            Comparator.comparing(TrackingEvent::timestamp).thenComparing(TrackingEvent::eventId);

    private Packing() {
    }

    /** One message: its body and the indexes (into the envelope's events) of the events it holds. */
    record Message(String body, List<Integer> indexes, int bytes) {
    }

    /** The messages, and the events too large for any message, with why. */
    record Packed(List<Message> messages, Map<Integer, String> oversize) {
    }

    static Packed pack(EventEnvelope envelope) {
        return pack(envelope, MAX_EVENTS, MAX_BYTES);
    }

    static Packed pack(EventEnvelope envelope, int maxEvents, int maxBytes) {
        List<TrackingEvent> events = envelope.events();
        List<Integer> order = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparing(events::get, SCORING_ORDER).thenComparing(i -> i));
        int overhead = utf8Length(EventEnvelope.prefix(envelope.receivedAt())) + EventEnvelope.SUFFIX.length();

        List<Message> messages = new ArrayList<>();
        Map<Integer, String> oversize = new LinkedHashMap<>();
        List<Integer> indexes = new ArrayList<>();
        List<String> jsons = new ArrayList<>();
        int bytes = overhead;
        for (int i : order) {
            String json = EventEnvelope.eventJson(events.get(i));
            int size = utf8Length(json);
            if (overhead + size > maxBytes) {
                oversize.put(i, "MessageTooLong: the event is " + (overhead + size) + " bytes as a queue message; "
                        + "the queue takes at most " + maxBytes);
                continue;
            }
            int comma = indexes.isEmpty() ? 0 : 1;
            if (indexes.size() == maxEvents || bytes + comma + size > maxBytes) {
                messages.add(new Message(EventEnvelope.body(envelope.receivedAt(), jsons), List.copyOf(indexes), bytes));
                indexes.clear();
                jsons.clear();
                bytes = overhead;
                comma = 0;
            }
            indexes.add(i);
            jsons.add(json);
            bytes += comma + size;
        }
        if (!indexes.isEmpty()) {
            messages.add(new Message(EventEnvelope.body(envelope.receivedAt(), jsons), List.copyOf(indexes), bytes));
        }
        return new Packed(List.copyOf(messages), oversize);
    }

    /** One message of the envelope's events at {@code indexes} (a part of a message, so it fits). */
    static Message message(EventEnvelope envelope, List<Integer> indexes) {
        List<String> jsons = new ArrayList<>(indexes.size());
        indexes.forEach(i -> jsons.add(EventEnvelope.eventJson(envelope.events().get(i))));
        String body = EventEnvelope.body(envelope.receivedAt(), jsons);
        return new Message(body, List.copyOf(indexes), utf8Length(body));
    }

    /** The length of {@code s} in UTF-8, which is what SQS measures. */
    static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3; // counts a lone surrogate as 3 bytes, more than any encoder writes for it
            }
        }
        return n;
    }
}
