package io.mqlengine.local.emulators;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.OneForOneStrategy;
import org.apache.pekko.actor.Props;
import org.apache.pekko.actor.SupervisorStrategy;
import org.apache.pekko.japi.pf.DeciderBuilder;
import org.apache.pekko.pattern.Patterns;
import org.elasticmq.actor.queue.QueueEvent;
import org.elasticmq.persistence.sql.SqlQueuePersistenceActor;
import org.elasticmq.persistence.sql.SqlQueuePersistenceConfig;

/**
 * ElasticMQ's queue-event listener in the twin. ElasticMQ asks it about every change to a queue and answers
 * the client (SendMessage, ReceiveMessage, DeleteMessage, ...) only once it has replied; it hands every event
 * to ElasticMQ's own SQL persistence, which replies after its write, and records each message sent to a FIFO
 * queue in {@link SentFifoMessages} as well, so that deduplication survives a restart.
 */
final class PersistentQueueEvents extends AbstractActor {
    /** ElasticMQ gives up on the listener after 5 s; a write that takes longer is not confirmed anyway. */
    private static final Duration WRITE = Duration.ofSeconds(10);
    private final SentFifoMessages sent;
    private final ActorRef sql;

    private PersistentQueueEvents(SqlQueuePersistenceConfig config, SentFifoMessages sent) {
        this.sent = sent;
        this.sql = getContext().actorOf(Props.create(SqlQueuePersistenceActor.class, config,
                scala.collection.immutable.List$.MODULE$.empty()), "sql");
    }

    static Props props(SqlQueuePersistenceConfig config, SentFifoMessages sent) {
        return Props.create(PersistentQueueEvents.class, () -> new PersistentQueueEvents(config, sent));
    }

    /**
     * A failed write leaves its event unanswered, so ElasticMQ does not answer the client either. Restarting the
     * SQL persistence would be worse: it would forget which queues it persists and then confirm later writes
     * without making them.
     */
    @Override
    public SupervisorStrategy supervisorStrategy() {
        return new OneForOneStrategy(DeciderBuilder.matchAny(e -> SupervisorStrategy.resume()).build());
    }

    @Override
    public Receive createReceive() {
        return receiveBuilder()
                .match(QueueEvent.MessageAdded.class, this::added)
                .match(QueueEvent.QueueDeleted.class, this::deleted)
                .matchAny(e -> sql.forward(e, getContext()))
                .build();
    }

    /**
     * Waits, on purpose, for the message's own write before recording it and answering, and so before this actor
     * takes the next event: a recorded message is always one that was written, and a consumer cannot receive
     * (and delete) a message whose record is not written yet.
     */
    private void added(QueueEvent.MessageAdded e) {
        ActorRef asker = getSender();
        Object written;
        try {
            written = Patterns.ask(sql, e, WRITE).toCompletableFuture().get();
            sent.record(e.queueName(), e.message(), Instant.now());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException | RuntimeException failure) {
            System.err.println("[sqs] cannot persist a message sent to " + e.queueName() + "; the send is not confirmed: "
                    + failure);
            return;
        }
        asker.tell(written, getSelf());
    }

    private void deleted(QueueEvent.QueueDeleted e) {
        try {
            sent.drop(e.queueName());
        } catch (RuntimeException failure) {
            System.err.println("[sqs] cannot forget the messages sent to the deleted queue " + e.queueName() + ": " + failure);
        }
        sql.forward(e, getContext());
    }
}
