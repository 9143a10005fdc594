package io.mqlengine.local.emulators;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.pattern.Patterns;
import org.elasticmq.DeliveryReceipt;
import org.elasticmq.MessageId;
import org.elasticmq.MillisNextDelivery;
import org.elasticmq.actor.queue.InternalMessage;
import org.elasticmq.msg.DeleteMessage;
import org.elasticmq.msg.LookupMessage;
import org.elasticmq.msg.LookupQueue;
import org.elasticmq.msg.RestoreMessages;
import org.elasticmq.util.NowProvider;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Puts the deduplication ids of FIFO messages sent in the last five minutes but deleted since back into
 * ElasticMQ's history after a restart. ElasticMQ registers an id only when a message enters a queue, so each
 * such message is restored, invisible, and deleted again with its receipt; the id stays registered.
 */
final class DeduplicationRestore {
    private static final Duration ASK = Duration.ofSeconds(60);

    private DeduplicationRestore() {}

    /** Runs after ElasticMQ restored queues and messages, before any client is told the endpoint; returns the ids restored. */
    static int run(ActorRef queueManager, SentFifoMessages sent) throws Exception {
        Instant now = Instant.now();
        NowProvider clock = new NowProvider();
        int restored = 0;
        for (String queue : sent.fifoQueues()) {
            List<InternalMessage> deleted = new ArrayList<>();
            scala.Option<?> actor = (scala.Option<?>) ask(queueManager, new LookupQueue(queue));
            if (actor.isEmpty()) {
                continue;
            }
            ActorRef queueActor = (ActorRef) actor.get();
            for (InternalMessage m : sent.within(queue, now)) {
                if (((scala.Option<?>) ask(queueActor, new LookupMessage(new MessageId(m.id())))).isEmpty()) {
                    // far in the future: no receiver can take it between its restore and its deletion
                    m.trackDelivery(new MillisNextDelivery(now.plus(Duration.ofHours(1)).toEpochMilli()), clock);
                    deleted.add(m);
                }
            }
            if (deleted.isEmpty()) {
                continue;
            }
            ask(queueActor, new RestoreMessages(CollectionConverters.asScala(deleted).toList()));
            for (InternalMessage m : deleted) {
                Object outcome = ask(queueActor, new DeleteMessage(new DeliveryReceipt(m.deliveryReceipts().last())));
                if (!(outcome instanceof scala.util.Right)) {
                    throw new IllegalStateException("ElasticMQ did not delete the restored message " + m.id() + " of " + queue
                            + ": " + outcome);
                }
            }
            restored += deleted.size();
        }
        return restored;
    }

    private static Object ask(ActorRef actor, Object message) throws Exception {
        return Patterns.ask(actor, message, ASK).toCompletableFuture().get();
    }
}
