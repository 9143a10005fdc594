package io.mqlengine.queue;

import io.mqlengine.config.AwsClients;
import io.mqlengine.model.EventType;
import io.mqlengine.model.TrackingEvent;
import io.mqlengine.testing.Emulators;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * ElasticMQ behind a {@link FaultySqsProxy}, an SQS client built as the ingest function builds it (pointed at
 * the proxy), fresh queues, and tracking events to send.
 */
final class QueueTesting implements AutoCloseable {
    static final Instant RECEIVED = Instant.parse("2026-11-23T10:00:00.120Z");

    final FaultySqsProxy proxy;
    final SqsClient sqs;

    QueueTesting() {
        try {
            proxy = new FaultySqsProxy(Emulators.get().sqsEndpoint());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> env = new java.util.HashMap<>(Emulators.get().awsEnvironment());
        env.put("AWS_ENDPOINT_URL_SQS", proxy.endpoint());
        sqs = new AwsClients(env).sqs();
    }

    /** A new queue on ElasticMQ, reached through the proxy. */
    String queue() {
        String name = "events-" + UUID.randomUUID();
        return Emulators.get().sqs().createQueue(b -> b.queueName(name)).queueUrl();
    }

    /** Every message on the queue, read straight from ElasticMQ and deleted. */
    static List<Message> drain(String url) {
        SqsClient direct = Emulators.get().sqs();
        List<Message> all = new ArrayList<>();
        for (List<Message> got = receive(direct, url); !got.isEmpty(); got = receive(direct, url)) {
            all.addAll(got);
            got.forEach(m -> direct.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle())));
        }
        return all;
    }

    private static List<Message> receive(SqsClient sqs, String url) {
        return sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(0)).messages();
    }

    /** The event ids in the messages, in message order. */
    static List<String> eventIds(List<Message> messages) {
        List<String> ids = new ArrayList<>();
        messages.forEach(m -> EventEnvelope.fromJson(m.body()).events().forEach(e -> ids.add(e.eventId())));
        return ids;
    }

    /** A page view of {@code anonymousId}, {@code second} seconds into the sample's hour. */
    static TrackingEvent page(String eventId, String anonymousId, int second) {
        return new TrackingEvent(eventId, EventType.PAGE, null, anonymousId, null, null,
                Instant.parse("2026-11-23T09:00:00Z").plusSeconds(second), Map.of("page", Map.of("path", "/pricing")),
                Map.of());
    }

    /** A page view carrying {@code padding} characters in a property: to fill messages. */
    static TrackingEvent padded(String eventId, int second, int padding) {
        return new TrackingEvent(eventId, EventType.PAGE, null, "anon-padded", null, null,
                Instant.parse("2026-11-23T09:00:00Z").plusSeconds(second), Map.of(), Map.of("pad", "x".repeat(padding)));
    }

    /** {@code n} page views of one visitor: ids {@code prefix-0} and on, in time order. */
    static List<TrackingEvent> pages(String prefix, int n) {
        List<TrackingEvent> events = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            events.add(page(prefix + "-" + i, "anon-" + prefix, i));
        }
        return events;
    }

    @Override
    public void close() {
        proxy.close();
        sqs.close();
    }
}
