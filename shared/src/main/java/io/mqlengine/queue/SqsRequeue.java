package io.mqlengine.queue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Puts back on their queue, as new messages, messages a function could not process for load only (a lead whose
 * write kept conflicting, a batch out of time): a message SQS retries counts a receive, and after the queue's
 * {@code maxReceiveCount} goes to the dead-letter queue; a copy starts again at zero. The function then reports the
 * original done. Should the copy and the original both arrive (the send succeeded, the answer was lost), the lead's
 * dedupe on event id applies the events once.
 */
public final class SqsRequeue {
    private static final Duration CALL_TIMEOUT = Duration.ofMillis(1500);
    private static final int BATCH_MAX = 10;

    /** A received message: the queue's ARN (from the event), its id and its body. */
    public record Received(String queueArn, String messageId, String body) {
    }

    private final Supplier<SqsClient> client;
    private final List<String> queueUrls;
    private SqsClient sqs;

    /**
     * @param client builds the client on the first requeue: requeues are rare, and a client built at start-up
     *               would lengthen every cold start of the function
     * @param queueUrls the URLs of the queues whose messages it may be given; matched to ARNs by queue name
     */
    public SqsRequeue(Supplier<SqsClient> client, List<String> queueUrls) {
        this.client = client;
        this.queueUrls = List.copyOf(queueUrls);
    }

    private synchronized SqsClient sqs() {
        if (sqs == null) {
            sqs = client.get();
        }
        return sqs;
    }

    /** The URL among the known ones whose queue name is the ARN's last part, or null. */
    String urlOf(String queueArn) {
        String name = queueArn.substring(queueArn.lastIndexOf(':') + 1);
        for (String url : queueUrls) {
            if (url.endsWith("/" + name)) {
                return url;
            }
        }
        return null;
    }

    /**
     * Sends a copy of each message to its queue, delivered after {@code delaySeconds}; returns the ids it could not
     * send (unknown queue, or the call failed): the caller reports those failed, and SQS retries them as usual.
     */
    public List<String> requeue(List<Received> messages, int delaySeconds) {
        Map<String, List<Received>> byQueue = new LinkedHashMap<>();
        List<String> unsent = new ArrayList<>();
        for (Received m : messages) {
            String url = urlOf(m.queueArn());
            if (url == null) {
                unsent.add(m.messageId());
            } else {
                byQueue.computeIfAbsent(url, u -> new ArrayList<>()).add(m);
            }
        }
        for (Map.Entry<String, List<Received>> q : byQueue.entrySet()) {
            List<Received> all = q.getValue();
            for (int from = 0; from < all.size(); from += BATCH_MAX) {
                List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
                for (int i = from; i < Math.min(all.size(), from + BATCH_MAX); i++) {
                    entries.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody(all.get(i).body())
                            .delaySeconds(delaySeconds).build());
                }
                try {
                    // bounded: the score function's safety margin leaves about 2 s for this call and the log lines
                    SendMessageBatchResponse r = sqs().sendMessageBatch(b -> b.queueUrl(q.getKey()).entries(entries)
                            .overrideConfiguration(o -> o.apiCallTimeout(CALL_TIMEOUT)));
                    r.failed().forEach(f -> unsent.add(all.get(Integer.parseInt(f.id().substring(1))).messageId()));
                } catch (SdkException e) {
                    for (int i = from; i < Math.min(all.size(), from + BATCH_MAX); i++) {
                        unsent.add(all.get(i).messageId());
                    }
                }
            }
        }
        return unsent;
    }
}
