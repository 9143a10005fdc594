package io.mqlengine.queue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResponse;

/**
 * Brings back soon messages that a function reports failed on purpose (deferred, not broken): it shortens
 * their visibility timeout, so SQS delivers them again in seconds instead of after the queue's timeout.
 * Best effort: a message it cannot change comes back after the queue's timeout, as it would anyway.
 */
public final class SqsRedelivery {
    private static final Duration CALL_TIMEOUT = Duration.ofMillis(1500);
    /** A received message: the queue's ARN (from the event), its id and its receipt handle. */
    public record Receipt(String queueArn, String messageId, String receiptHandle) {
    }

    private final Supplier<SqsClient> client;
    private final List<String> queueUrls;
    private SqsClient sqs;

    /**
     * @param client builds the client on the first redelivery: deferrals are rare, and a client built at
     *               start-up would lengthen every cold start of the function
     * @param queueUrls the URLs of the queues whose messages it may be given; matched to ARNs by queue name
     */
    public SqsRedelivery(Supplier<SqsClient> client, List<String> queueUrls) {
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
     * Makes the messages visible again after {@code seconds}; returns the ids it could not change (unknown
     * queue, or the call failed), which then come back after the queue's visibility timeout.
     */
    public List<String> after(List<Receipt> receipts, int seconds) {
        Map<String, List<Receipt>> byQueue = new LinkedHashMap<>();
        List<String> unchanged = new ArrayList<>();
        for (Receipt r : receipts) {
            String url = urlOf(r.queueArn());
            if (url == null) {
                unchanged.add(r.messageId());
            } else {
                byQueue.computeIfAbsent(url, u -> new ArrayList<>()).add(r);
            }
        }
        for (Map.Entry<String, List<Receipt>> q : byQueue.entrySet()) {
            List<Receipt> all = q.getValue();
            for (int from = 0; from < all.size(); from += 10) {
                List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
                for (int i = from; i < Math.min(all.size(), from + 10); i++) {
                    entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id("m" + i)
                            .receiptHandle(all.get(i).receiptHandle()).visibilityTimeout(seconds).build());
                }
                try {
                    // bounded: the score function's safety margin leaves about 2 s for this call and the log lines
                    ChangeMessageVisibilityBatchResponse r = sqs().changeMessageVisibilityBatch(b -> b.queueUrl(q.getKey())
                            .entries(entries).overrideConfiguration(o -> o.apiCallTimeout(CALL_TIMEOUT)));
                    r.failed().forEach(f -> unchanged.add(all.get(Integer.parseInt(f.id().substring(1))).messageId()));
                } catch (SdkException e) {
                    for (int i = from; i < Math.min(all.size(), from + 10); i++) {
                        unchanged.add(all.get(i).messageId());
                    }
                }
            }
        }
        return unchanged;
    }
}
