package io.mqlengine.local.provision;

import io.mqlengine.local.plan.QueuePlan;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;

/** Creates the template's queues in ElasticMQ, dead-letter queues first, or updates the ones a --data-dir kept. */
public final class QueueProvisioner {
    private final SqsClient sqs;

    public QueueProvisioner(SqsClient sqs) {
        this.sqs = sqs;
    }

    public void provision(Collection<QueuePlan> queues) {
        for (QueuePlan queue : deadLettersFirst(queues)) {
            String url;
            try {
                url = sqs.createQueue(b -> b.queueName(queue.name()).attributesWithStrings(queue.attributes())).queueUrl();
            } catch (QueueNameExistsException kept) {
                url = sqs.getQueueUrl(b -> b.queueName(queue.name())).queueUrl();
                Map<String, String> mutable = new HashMap<>(queue.attributes());
                mutable.remove("FifoQueue");
                String keptUrl = url;
                sqs.setQueueAttributes(b -> b.queueUrl(keptUrl).attributesWithStrings(mutable));
            }
            if (!url.equals(queue.url())) {
                throw new IllegalStateException("ElasticMQ created " + url + " but the template resolves " + queue.logicalId()
                        + " to " + queue.url());
            }
        }
    }

    static List<QueuePlan> deadLettersFirst(Collection<QueuePlan> queues) {
        Map<String, QueuePlan> byId = new HashMap<>();
        queues.forEach(q -> byId.put(q.logicalId(), q));
        Set<String> ordered = new LinkedHashSet<>();
        for (QueuePlan q : queues) {
            visit(q, byId, ordered, new LinkedHashSet<>());
        }
        List<QueuePlan> out = new ArrayList<>();
        ordered.forEach(id -> out.add(byId.get(id)));
        return out;
    }

    private static void visit(QueuePlan q, Map<String, QueuePlan> byId, Set<String> ordered, Set<String> path) {
        if (ordered.contains(q.logicalId()) || !path.add(q.logicalId())) {
            return;
        }
        q.deadLetterQueueId().map(byId::get).ifPresent(dlq -> visit(dlq, byId, ordered, path));
        ordered.add(q.logicalId());
    }
}
