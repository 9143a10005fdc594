package io.mqlengine.queue;

import static io.mqlengine.queue.QueueTesting.RECEIVED;
import static io.mqlengine.queue.QueueTesting.drain;
import static io.mqlengine.queue.QueueTesting.eventIds;
import static io.mqlengine.queue.QueueTesting.page;
import static io.mqlengine.queue.QueueTesting.pages;
import static org.assertj.core.api.Assertions.assertThat;

import io.mqlengine.model.TrackingEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The events queue on ElasticMQ through the unmodified SDK, with faults from a proxy in front of it: packing,
 * retries of what SQS failed on its side, no retries of what it refused, and the time budget.
 */
class SqsEventQueueTest {
    private static QueueTesting sqs;
    private String url;
    private SqsEventQueue queue;

    @BeforeAll
    static void start() {
        sqs = new QueueTesting();
    }

    @AfterAll
    static void stop() {
        sqs.close();
    }

    @BeforeEach
    void freshQueue() {
        sqs.proxy.clear();
        url = sqs.queue();
        queue = new SqsEventQueue(sqs.sqs, url);
    }

    private static List<String> ids(List<TrackingEvent> events) {
        return events.stream().map(TrackingEvent::eventId).toList();
    }

    // ---- packing ---------------------------------------------------------------------------------------

    @Test
    void send_shouldPackARequestsEventsIntoOneMessage_inOneCall() {
        List<TrackingEvent> events = pages("ten", 10);

        EventQueue.SendResult r = queue.send(new EventEnvelope(events, RECEIVED));

        assertThat(r.allSent()).isTrue();
        assertThat(sqs.proxy.requests("SendMessageBatch")).isEqualTo(1);
        List<Message> messages = drain(url);
        assertThat(messages).hasSize(1);
        assertThat(messages.get(0).body()).startsWith("{\"v\":2,\"receivedAt\":\"2026-11-23T10:00:00.120Z\",\"events\":[");
        EventEnvelope got = EventEnvelope.fromJson(messages.get(0).body());
        assertThat(got.receivedAt()).isEqualTo(RECEIVED);
        assertThat(got.events()).isEqualTo(events);
    }

    @Test
    void send_shouldCutMessagesOfAtMostARequestsEvents_inScoringOrder_whenAnEnvelopeCarriesMore() {
        List<TrackingEvent> events = new ArrayList<>(pages("many", 250));
        java.util.Collections.reverse(events); // sent newest first: the messages still hold runs in scoring order

        EventQueue.SendResult r = queue.send(new EventEnvelope(events, RECEIVED));

        assertThat(r.allSent()).isTrue();
        assertThat(sqs.proxy.requests("SendMessageBatch")).as("three messages fit one call").isEqualTo(1);
        List<List<String>> messages = drain(url).stream().map(m -> ids(EventEnvelope.fromJson(m.body()).events())).toList();
        assertThat(messages).extracting(List::size).containsExactlyInAnyOrder(100, 100, 50);
        List<String> inOrder = messages.stream().sorted(java.util.Comparator.comparing(l -> Integer.parseInt(
                l.get(0).substring(5)))).flatMap(List::stream).toList();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            expected.add("many-" + i);
        }
        assertThat(inOrder).as("every event once, each message a run of the scoring order").isEqualTo(expected);
    }

    @Test
    void send_shouldSplitBeyond256KiB_andKeepEveryMessageAndEveryCallWithinIt() {
        List<TrackingEvent> events = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            events.add(QueueTesting.padded("big-" + i, i, 30_000));
        }

        EventQueue.SendResult r = queue.send(new EventEnvelope(events, RECEIVED));

        assertThat(r.allSent()).as("ElasticMQ refuses anything beyond 256 KiB: %s", r).isTrue();
        List<Message> messages = drain(url);
        assertThat(messages).hasSizeGreaterThan(1)
                .allSatisfy(m -> assertThat(m.body().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(256 * 1024));
        assertThat(eventIds(messages)).containsExactlyInAnyOrderElementsOf(ids(events));
        int totalBytes = messages.stream().mapToInt(m -> m.body().getBytes(StandardCharsets.UTF_8).length).sum();
        assertThat(sqs.proxy.requests("SendMessageBatch")).as("calls of at most 256 KiB")
                .isGreaterThanOrEqualTo((totalBytes + 256 * 1024 - 1) / (256 * 1024));
    }

    // ---- what SQS failed on its side ---------------------------------------------------------------------

    @Test
    void send_shouldRetryEntriesSqsFailedOnItsSide_andEnqueueThemOnce() {
        sqs.proxy.failEntries(2, body -> true, false, "InternalError");

        EventQueue.SendResult r = queue.send(new EventEnvelope(pages("retried", 3), RECEIVED));

        assertThat(r.allSent()).isTrue();
        assertThat(sqs.proxy.requests("SendMessageBatch")).as("two failed attempts, then the third").isEqualTo(3);
        assertThat(eventIds(drain(url))).containsExactly("retried-0", "retried-1", "retried-2");
    }

    @ParameterizedTest(name = "{1} {2}")
    @CsvSource({"2, 500, InternalError", "2, 503, ServiceUnavailable", "2, 400, ThrottlingException",
            "2, 403, RequestThrottled", "2, 429, TooManyRequestsException"})
    void send_shouldRetryAWholeCallThatFailedTransiently_andEnqueueOnce(int times, int status, String code) {
        sqs.proxy.answer(times, status, code);

        EventQueue.SendResult r = queue.send(new EventEnvelope(pages("whole", 2), RECEIVED));

        assertThat(r.allSent()).as("%s", r).isTrue();
        assertThat(sqs.proxy.faultsMet()).isEqualTo(times);
        assertThat(eventIds(drain(url))).containsExactly("whole-0", "whole-1");
    }

    @Test
    void send_shouldRetry_whenTheConnectionClosesWithoutAnAnswer() {
        sqs.proxy.hangUp(2);

        EventQueue.SendResult r = queue.send(new EventEnvelope(pages("hangup", 2), RECEIVED));

        assertThat(r.allSent()).as("%s", r).isTrue();
        assertThat(sqs.proxy.faultsMet()).isEqualTo(2);
        assertThat(eventIds(drain(url))).containsExactly("hangup-0", "hangup-1");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"503", "hang up", "entries"})
    void send_shouldReportEveryEventUnavailable_onlyOnceTheBudgetIsSpent_whenSqsKeepsFailing(String how) {
        switch (how) {
            case "503" -> sqs.proxy.answer(Integer.MAX_VALUE, 503, "ServiceUnavailable");
            case "hang up" -> sqs.proxy.hangUp(Integer.MAX_VALUE);
            default -> sqs.proxy.failEntries(Integer.MAX_VALUE, body -> true, false, "InternalError");
        }
        long started = System.nanoTime();

        EventQueue.SendResult r = queue.send(new EventEnvelope(pages("down", 3), RECEIVED));

        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(r.unavailable()).containsExactly(0, 1, 2);
        assertThat(r.refused()).isEmpty();
        assertThat(sqs.proxy.requests("SendMessageBatch")).as("attempts").isGreaterThanOrEqualTo(3);
        assertThat(took).as("tried for most of the budget")
                .isGreaterThanOrEqualTo(SqsEventQueue.BUDGET.minus(SqsEventQueue.MAX_BACKOFF))
                .as("and gave up well within the ingest function's 10 s").isLessThan(Duration.ofMillis(2_500));
        assertThat(drain(url)).isEmpty();
    }

    @Test
    void send_shouldGiveUpAtOnce_andReportEveryEventUnavailable_whenTheQueueDoesNotExist() {
        SqsEventQueue missing = new SqsEventQueue(sqs.sqs, url + "-missing");

        EventQueue.SendResult r = missing.send(new EventEnvelope(pages("lost", 2), RECEIVED));

        assertThat(r.unavailable()).containsExactly(0, 1);
        assertThat(r.refused()).as("nothing the client sent is wrong").isEmpty();
        assertThat(sqs.proxy.requests("SendMessageBatch")).as("no retry").isEqualTo(1);
    }

    // ---- what SQS refused --------------------------------------------------------------------------------

    @Test
    void send_shouldNotRetryAnEntryRefusedForTheSendersFault_andReportItRefusedWithSqsCode() {
        sqs.proxy.failEntries(Integer.MAX_VALUE, body -> true, true, "InvalidMessageContents");

        EventQueue.SendResult r = queue.send(new EventEnvelope(page("alone", "anon-x", 0), RECEIVED));

        assertThat(r.unavailable()).isEmpty();
        assertThat(r.refused()).containsOnlyKeys(0);
        assertThat(r.refused().get(0)).startsWith("InvalidMessageContents: ");
        assertThat(sqs.proxy.requests("SendMessageBatch")).as("no retry").isEqualTo(1);
    }

    @Test
    void send_shouldRefuseOnlyTheRefusedEvent_andEnqueueTheOthersOnce_whenItIsPackedWithThem() {
        sqs.proxy.failEntries(Integer.MAX_VALUE, body -> body.contains("\"poisoned\""), true, "InvalidMessageContents");
        List<TrackingEvent> events = new ArrayList<>(pages("packed", 4));
        events.add(2, page("poisoned", "anon-packed", 99));

        EventQueue.SendResult r = queue.send(new EventEnvelope(events, RECEIVED));

        assertThat(r.unavailable()).isEmpty();
        assertThat(r.refused()).containsOnlyKeys(2);
        assertThat(sqs.proxy.requests("SendMessageBatch")).as("the packed message, then one message per event")
                .isEqualTo(2);
        assertThat(eventIds(drain(url))).containsExactlyInAnyOrder("packed-0", "packed-1", "packed-2", "packed-3");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"a lone surrogate", "a noncharacter"})
    void send_shouldRefuseOnlyTheEventElasticMqRefuses_whenItHoldsACharacterSqsDoesNotTake(String what) {
        // control characters are escaped in the body's JSON; these two are written as they are, and SQS refuses
        // them (ElasticMQ refuses the first as an entry, the second as a whole call)
        String bad = what.equals("a lone surrogate") ? "\uD800" : "\uFFFF";
        List<TrackingEvent> events = new ArrayList<>(pages("chars", 5));
        events.set(3, new TrackingEvent("chars-bad", events.get(3).type(), null, "anon-chars", null, null,
                events.get(3).timestamp(), Map.of("page", Map.of("path", "/a" + bad + "b")), Map.of()));

        EventQueue.SendResult r = queue.send(new EventEnvelope(events, RECEIVED));

        assertThat(r.unavailable()).as("never unavailable: sending it again cannot succeed").isEmpty();
        assertThat(r.refused()).containsOnlyKeys(3);
        assertThat(r.refused().get(3)).as("no echo of the request").doesNotContain("QueueUrl").doesNotContain("/a");
        assertThat(eventIds(drain(url))).containsExactlyInAnyOrder("chars-0", "chars-1", "chars-2", "chars-4");
    }
}
