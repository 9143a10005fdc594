package io.mqlengine.local.bench;

import io.mqlengine.local.RunningTwin;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * What waits on the twin's queues, read through the SQS API: the dead-lettered messages (the events dead-letter
 * queue, the handoff dead-letter queue and the on-failure destination of the table's stream mapping), and the
 * events queue's backlog.
 */
final class SoakQueues {
    static final List<String> QUEUES = List.of("EventsDeadLetterQueue", "HandoffDeadLetterQueue", "HandoffFailureQueue");

    private SoakQueues() {
    }

    /** Messages in each of those queues the template has (visible, in flight and delayed), by logical id. */
    static Map<String, Long> deadLettered(RunningTwin twin) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String queue : QUEUES) {
            if (twin.plan().queues().containsKey(queue)) {
                Map<QueueAttributeName, String> a = twin.clients().sqs().getQueueAttributes(b -> b.queueUrl(twin.queueUrl(queue))
                        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
                out.put(queue, a.values().stream().mapToLong(Long::parseLong).sum());
            }
        }
        return out;
    }

    /** Messages waiting on the events queue, for the progress lines. */
    static long eventsWaiting(RunningTwin twin) {
        Map<QueueAttributeName, String> a = twin.clients().sqs().getQueueAttributes(b -> b.queueUrl(twin.queueUrl("EventsQueue"))
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return a.values().stream().mapToLong(Long::parseLong).sum();
    }
}
