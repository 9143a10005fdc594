package io.mqlengine.queue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/** The events queue on SQS: SendMessageBatch in chunks of ten, failed entries retried a few times. */
public final class SqsEventQueue implements EventQueue {
    static final int BATCH = 10;
    static final int ATTEMPTS = 3;

    private final SqsClient sqs;
    private final String queueUrl;

    public SqsEventQueue(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public List<Integer> sendAll(List<EventEnvelope> envelopes) {
        List<Integer> failed = new ArrayList<>();
        for (int from = 0; from < envelopes.size(); from += BATCH) {
            Map<String, Integer> pending = new HashMap<>();
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = from; i < Math.min(envelopes.size(), from + BATCH); i++) {
                String id = "e" + i;
                pending.put(id, i);
                entries.add(SendMessageBatchRequestEntry.builder().id(id).messageBody(envelopes.get(i).toJson()).build());
            }
            for (int attempt = 1; attempt <= ATTEMPTS && !entries.isEmpty(); attempt++) {
                List<SendMessageBatchRequestEntry> batch = entries;
                try {
                    SendMessageBatchResponse r = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(batch));
                    r.successful().forEach(ok -> pending.remove(ok.id()));
                } catch (SdkException e) {
                    // the whole call failed: every entry of it is retried, then reported as not enqueued
                }
                entries = batch.stream().filter(e -> pending.containsKey(e.id())).toList();
            }
            failed.addAll(pending.values());
        }
        failed.sort(Integer::compare);
        return failed;
    }
}
