package io.mqlengine.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.mqlengine.json.Json;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * A sales tool on the handoff queue: receives, records and deletes every message as it arrives, across
 * restarts of the twin. It keeps, per handoffId, the SQS message ids it got: the same message received again
 * (it was in flight when the twin died) is a redelivery; a second message id is a second handoff.
 */
final class HandoffReader {
    private final Supplier<ChildTwin> twin;
    private final Map<String, Set<String>> messagesByHandoff = new ConcurrentHashMap<>();
    private final Map<String, String> emailByHandoff = new ConcurrentHashMap<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final Thread thread = new Thread(this::run, "handoff-reader");
    private volatile boolean stopped;

    /** {@code twin} is the running twin, or null while it is down. */
    HandoffReader(Supplier<ChildTwin> twin) {
        this.twin = twin;
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        ChildTwin readingFrom = null;
        HttpTwin client = null;
        while (!stopped) {
            ChildTwin current = twin.get();
            if (current == null) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                continue;
            }
            if (current != readingFrom) {
                if (client != null) {
                    client.sqs.close();
                    client.dynamo.close();
                }
                readingFrom = current;
                client = new HttpTwin(current.readyLine());
            }
            try {
                readOnce(client, current.queueUrl("HandoffQueue"));
            } catch (SdkException e) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // the twin went down: read from the next one
            } catch (RuntimeException e) {
                failures.add(e);
                return;
            }
        }
        if (client != null) {
            client.sqs.close();
            client.dynamo.close();
        }
    }

    private void readOnce(HttpTwin client, String queueUrl) {
        List<Message> batch = client.sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
                .messages();
        for (Message m : batch) {
            JsonNode handoff = Json.read(m.body());
            String handoffId = handoff.path("handoffId").asText();
            messagesByHandoff.computeIfAbsent(handoffId, k -> ConcurrentHashMap.newKeySet()).add(m.messageId());
            emailByHandoff.put(handoffId, handoff.path("email").asText());
            client.sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
        }
    }

    int handoffs() {
        return messagesByHandoff.size();
    }

    /** handoffId to the distinct SQS message ids received for it. */
    Map<String, Set<String>> messagesByHandoff() {
        Map<String, Set<String>> copy = new TreeMap<>();
        messagesByHandoff.forEach((k, v) -> copy.put(k, new TreeSet<>(v)));
        return copy;
    }

    Set<String> emails() {
        return new TreeSet<>(emailByHandoff.values());
    }

    List<Throwable> failures() {
        return List.copyOf(failures);
    }

    void stop() throws InterruptedException {
        stopped = true;
        thread.join(20_000);
    }
}
