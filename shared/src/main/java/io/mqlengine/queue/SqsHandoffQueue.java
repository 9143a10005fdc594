package io.mqlengine.queue;

import software.amazon.awssdk.services.sqs.SqsClient;

/** The handoff queue on SQS FIFO: one message group per lead, deduplicated by handoff id. */
public final class SqsHandoffQueue implements HandoffQueue {
    private final SqsClient sqs;
    private final String queueUrl;

    public SqsHandoffQueue(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public void send(String dedupeId, String groupId, String message) {
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(message)
                .messageGroupId(groupId).messageDeduplicationId(dedupeId));
    }
}
