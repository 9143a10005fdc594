package io.mqlengine.local.alarms;

import io.mqlengine.local.log.JsonLines;
import io.mqlengine.local.plan.AlarmPlan;
import io.mqlengine.local.plan.QueuePlan;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Evaluates the template's SQS queue-depth alarms once a second and logs each change of state:
 * {"event":"alarm","alarm":..,"state":"ALARM"} when the depth crosses the threshold, OK when it recovers.
 */
public final class QueueDepthAlarms implements AutoCloseable {
    private static final Map<String, QueueAttributeName> METRICS = Map.of(
            "ApproximateNumberOfMessagesVisible", QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
            "ApproximateNumberOfMessagesNotVisible", QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
            "ApproximateNumberOfMessagesDelayed", QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED);
    private final List<AlarmPlan> alarms;
    private final Map<String, QueuePlan> queues;
    private final SqsClient sqs;
    private final JsonLines log;
    private final Map<String, String> states = new HashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "twin-alarms");
        t.setDaemon(true);
        return t;
    });

    public QueueDepthAlarms(List<AlarmPlan> alarms, Map<String, QueuePlan> queues, SqsClient sqs, JsonLines log) {
        this.alarms = alarms;
        this.queues = queues;
        this.sqs = sqs;
        this.log = log;
    }

    public void start() {
        if (!alarms.isEmpty()) {
            timer.scheduleWithFixedDelay(this::evaluateQuietly, 1, 1, TimeUnit.SECONDS);
        }
    }

    private void evaluateQuietly() {
        try {
            alarms.forEach(this::evaluate);
        } catch (RuntimeException e) {
            System.err.println("[alarms] " + e.getMessage());
        }
    }

    private void evaluate(AlarmPlan alarm) {
        QueuePlan queue = queues.get(alarm.queueId());
        QueueAttributeName attribute = METRICS.get(alarm.metric());
        String raw = sqs.getQueueAttributes(b -> b.queueUrl(queue.url()).attributeNames(attribute)).attributes().get(attribute);
        double value = Double.parseDouble(raw == null ? "0" : raw);
        String state = alarm.breaching(value) ? "ALARM" : "OK";
        String previous = states.put(alarm.logicalId(), state);
        if (state.equals(previous) || (previous == null && state.equals("OK"))) {
            return;
        }
        log.emit("event", "alarm", "alarm", alarm.logicalId(), "name", alarm.name(), "state", state,
                "previous", previous == null ? "INSUFFICIENT_DATA" : previous, "metric", "AWS/SQS " + alarm.metric(),
                "queue", queue.name(), "value", value, "threshold", alarm.threshold(), "comparison", alarm.comparison(),
                "actions", state.equals("ALARM") ? alarm.alarmActions() : alarm.okActions(), "description", alarm.description());
    }

    /**
     * Lets an evaluation under way finish first: interrupting it half-way leaves ElasticMQ a connection to wait for,
     * and ElasticMQ's stop then takes its whole minute.
     */
    @Override
    public void close() {
        timer.shutdown();
        try {
            if (!timer.awaitTermination(5, TimeUnit.SECONDS)) {
                timer.shutdownNow();
            }
        } catch (InterruptedException e) {
            timer.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
