package io.mqlengine.local.emulators;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.elasticmq.FifoDeduplicationIdsHistory;
import org.elasticmq.actor.queue.InternalMessage;
import org.elasticmq.persistence.CreateQueueMetadata;
import org.elasticmq.persistence.sql.DB;
import org.elasticmq.persistence.sql.MessageRepository;
import org.elasticmq.persistence.sql.QueueRepository;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Every message sent to a FIFO queue with a deduplication id, kept in ElasticMQ's H2 database for SQS's
 * deduplication interval (5 minutes) whether or not it has been deleted since. ElasticMQ keeps its
 * deduplication history in memory only and rebuilds it at start from the messages still queued, so without
 * this a message consumed before a restart could be sent again, and delivered again, after it.
 */
final class SentFifoMessages {
    static final Duration INTERVAL = Duration.ofMinutes(FifoDeduplicationIdsHistory.DeduplicationIntervalMinutes());
    /** Queue names cannot hold a dot except in ".fifo" at their end, so no queue's own table has this name. */
    private static final String TABLE_SUFFIX = ".sent";

    private record Sent(Instant created, String messageId) {
    }

    private final DB db;
    private final Map<String, MessageRepository> tables = new HashMap<>();
    private final Map<String, ArrayDeque<Sent>> oldestFirst = new HashMap<>();

    SentFifoMessages(DB db) {
        this.db = db;
    }

    /** Records a message ElasticMQ added, if it carries a deduplication id, and forgets those past the interval. */
    synchronized void record(String queueName, InternalMessage message, Instant now) {
        if (message.messageDeduplicationId().isEmpty()) {
            return;
        }
        forgetOlderThan(queueName, now.minus(INTERVAL));
        table(queueName).add(message);
        oldestFirst.computeIfAbsent(queueName, q -> new ArrayDeque<>()).addLast(sent(message));
    }

    /** The persisted FIFO queues. */
    synchronized List<String> fifoQueues() {
        List<String> out = new ArrayList<>();
        for (CreateQueueMetadata q : CollectionConverters.asJava(new QueueRepository(db).findAll())) {
            if (q.isFifo()) {
                out.add(q.name());
            }
        }
        return out;
    }

    /** The messages sent to the queue within the interval before {@code now}, oldest first; older ones are deleted. */
    synchronized List<InternalMessage> within(String queueName, Instant now) {
        Instant cutoff = now.minus(INTERVAL);
        MessageRepository table = table(queueName);
        List<InternalMessage> all = new ArrayList<>(CollectionConverters.asJava(table.findAll()));
        all.sort(Comparator.comparing(m -> m.created().toInstant()));
        ArrayDeque<Sent> kept = new ArrayDeque<>();
        List<InternalMessage> recent = new ArrayList<>();
        for (InternalMessage m : all) {
            if (m.created().toInstant().isBefore(cutoff)) {
                table.remove(m.id());
            } else {
                kept.addLast(sent(m));
                recent.add(m);
            }
        }
        oldestFirst.put(queueName, kept);
        return recent;
    }

    /** Forgets a deleted queue's messages. */
    synchronized void drop(String queueName) {
        table(queueName).drop();
        tables.remove(queueName);
        oldestFirst.remove(queueName);
    }

    private void forgetOlderThan(String queueName, Instant cutoff) {
        ArrayDeque<Sent> queue = oldestFirst.get(queueName);
        while (queue != null && !queue.isEmpty() && queue.peekFirst().created().isBefore(cutoff)) {
            table(queueName).remove(queue.removeFirst().messageId());
        }
    }

    private MessageRepository table(String queueName) {
        return tables.computeIfAbsent(queueName, q -> new MessageRepository(q + TABLE_SUFFIX, db));
    }

    private static Sent sent(InternalMessage m) {
        return new Sent(m.created().toInstant(), m.id());
    }
}
