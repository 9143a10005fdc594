package io.mqlengine.local.plan;

import java.util.List;

/** A CloudWatch alarm the twin evaluates: a queue-depth metric against a threshold. */
public record AlarmPlan(String logicalId, String name, String description, String queueId, String metric,
        double threshold, String comparison, List<String> alarmActions, List<String> okActions) {

    public boolean breaching(double value) {
        return switch (comparison) {
            case "GreaterThanOrEqualToThreshold" -> value >= threshold;
            case "GreaterThanThreshold" -> value > threshold;
            case "LessThanThreshold" -> value < threshold;
            default -> value <= threshold;
        };
    }
}
