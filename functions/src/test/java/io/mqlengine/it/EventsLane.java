package io.mqlengine.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import io.mqlengine.queue.EventEnvelope;
import io.mqlengine.score.ScoreHandler;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * The events queue and the score function of a {@link Stack}: events sent through the ingest function, and
 * one delivery at a time as Lambda's poller makes it (failed messages stay on the queue, visible again at
 * once; the others are deleted).
 */
final class EventsLane {
    private final Stack stack;
    private final String url;
    private int sent;

    EventsLane(Stack stack) {
        this.stack = stack;
        this.url = stack.queues.get("EventsQueue");
    }

    /** One request, so one message: {@code pages} page views of the visitor. */
    void pages(String anonymousId, int pages) {
        StringBuilder events = new StringBuilder();
        for (int i = 0; i < pages; i++) {
            events.append(i == 0 ? "" : ",").append("{\"eventId\":\"").append(anonymousId).append("-").append(++sent)
                    .append("\",\"type\":\"page\",\"anonymousId\":\"").append(anonymousId).append("\",\"timestamp\":\"")
                    .append(at()).append("\",\"context\":{\"page\":{\"path\":\"/blog/").append(sent).append("\"}}}");
        }
        send(events.toString());
    }

    /** The visitor identifies as {@code email} and views one more page, in one request. */
    void identifies(String anonymousId, String email) {
        String identify = "{\"eventId\":\"" + anonymousId + "-" + (++sent) + "\",\"type\":\"identify\",\"anonymousId\":\""
                + anonymousId + "\",\"timestamp\":\"" + at() + "\",\"traits\":{\"email\":\"" + email + "\"}}";
        String page = "{\"eventId\":\"" + anonymousId + "-" + (++sent) + "\",\"type\":\"page\",\"anonymousId\":\""
                + anonymousId + "\",\"timestamp\":\"" + at() + "\",\"context\":{\"page\":{\"path\":\"/welcome\"}}}";
        send(identify + "," + page);
    }

    private Instant at() {
        return stack.clock.instant().minusSeconds(600).plusSeconds(sent);
    }

    private void send(String events) {
        var r = stack.post("{\"writeKey\":\"" + Stack.WRITE_KEY + "\",\"events\":[" + events + "]}");
        assertThat(r.getStatusCode()).as(PipelineContract.body(r)).isEqualTo(202);
    }

    /** What one invocation was given and which of its messages it reported failed. */
    record Delivery(List<Message> messages, Set<String> failed) {
        /** The bodies of the delivered messages. */
        Set<String> bodies() {
            return messages.stream().map(Message::body).collect(Collectors.toSet());
        }

        /** The bodies of the delivered messages with an event of the visitor. */
        Set<String> bodiesOf(String anonymousId) {
            Set<String> ids = of(anonymousId);
            return messages.stream().filter(m -> ids.contains(m.messageId())).map(Message::body)
                    .collect(Collectors.toSet());
        }

        /** The ids of the delivered messages with an event of the visitor. */
        Set<String> of(String anonymousId) {
            return messages.stream().filter(m -> EventEnvelope.fromJson(m.body()).events().stream()
                    .anyMatch(e -> anonymousId.equals(e.anonymousId()))).map(Message::messageId).collect(Collectors.toSet());
        }
    }

    /**
     * Receives every visible message (at most one batch of 10; waiting a few seconds for messages the score
     * function requeued with a delay) and invokes the score function once.
     */
    Delivery deliver(Context context) {
        List<Message> batch = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ScoreHandler.REQUEUE_SECONDS + 8L);
        while (batch.size() < 10) {
            boolean waitForDelayed = batch.isEmpty() && queued() > 0 && System.nanoTime() < deadline;
            int max = 10 - batch.size();
            List<Message> got = stack.backend.sqs().receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(max)
                    .waitTimeSeconds(waitForDelayed ? 1 : 0).messageSystemAttributeNames(MessageSystemAttributeName.ALL))
                    .messages();
            if (got.isEmpty() && !waitForDelayed) {
                break;
            }
            batch.addAll(got);
        }
        assertThat(batch).as("messages to deliver").isNotEmpty().hasSizeLessThanOrEqualTo(10);
        SQSBatchResponse r = stack.score.handleRequest(stack.sqsEvent(batch, url), context);
        Set<String> failed = r.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .collect(Collectors.toSet());
        for (Message m : batch) {
            if (failed.contains(m.messageId())) {
                stack.backend.sqs().changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(m.receiptHandle())
                        .visibilityTimeout(0));
            } else {
                stack.backend.sqs().deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
            }
        }
        return new Delivery(List.copyOf(batch), failed);
    }

    /** Messages on the events queue, visible or not. */
    int queued() {
        return stack.depth("EventsQueue");
    }
}
