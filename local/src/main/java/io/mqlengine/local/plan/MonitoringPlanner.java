package io.mqlengine.local.plan;

import io.mqlengine.local.template.PhysicalNames;
import io.mqlengine.local.template.TemplateRefusal;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** Checks alarms, log groups and topics; returns the alarms the twin can evaluate. */
final class MonitoringPlanner {
    private static final Set<String> QUEUE_METRICS = Set.of("ApproximateNumberOfMessagesVisible",
            "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed");
    private static final Set<String> COMPARISONS = Set.of("GreaterThanOrEqualToThreshold", "GreaterThanThreshold",
            "LessThanThreshold", "LessThanOrEqualToThreshold");
    private static final Set<String> RETENTION = Set.of("1", "3", "5", "7", "14", "30", "60", "90", "120", "150", "180",
            "365", "400", "545", "731", "1096", "1827", "2192", "2557", "2922", "3288", "3653");
    private final PhysicalNames names;
    private final NotEmulatedReport report;

    MonitoringPlanner(PhysicalNames names, NotEmulatedReport report) {
        this.names = names;
        this.report = report;
    }

    Optional<AlarmPlan> alarm(String id, Props p) {
        String namespace = p.string("Namespace");
        String metric = p.string("MetricName");
        String comparison = p.string("ComparisonOperator");
        if (!COMPARISONS.contains(comparison)) {
            throw new TemplateRefusal(p.path("ComparisonOperator"), "'" + comparison + "' is not one of " + COMPARISONS);
        }
        double threshold = p.number("Threshold", Double.NaN);
        if (Double.isNaN(threshold)) {
            throw new TemplateRefusal(p.path("Threshold"), "required");
        }
        List<String> alarmActions = p.strings("AlarmActions");
        List<String> okActions = p.strings("OKActions");
        for (String action : concat(alarmActions, okActions, p.strings("InsufficientDataActions"))) {
            String prefix = "arn:aws:sns:us-east-1:000000000000:";
            if (action.startsWith(prefix) && names.topicByName(action.substring(prefix.length())).isEmpty()) {
                throw new TemplateRefusal(p.path("AlarmActions"), action + " is not a topic of this template");
            }
        }
        String queueName = null;
        for (Props d : p.objects("Dimensions")) {
            if (d.string("Name").equals("QueueName")) {
                queueName = d.string("Value");
            }
            d.refuseUnread();
        }
        p.accept("AlarmName", "AlarmDescription", "Statistic", "Period", "EvaluationPeriods", "DatapointsToAlarm",
                "TreatMissingData", "ActionsEnabled", "Unit");
        String description = p.optString("AlarmDescription").orElse("");
        p.refuseUnread();
        if (namespace.equals("AWS/SQS") && queueName != null) {
            String name = queueName;
            String queueId = names.queueByName(queueName).orElseThrow(() -> new TemplateRefusal(p.path("Dimensions"),
                    "QueueName " + name + " is not a queue of this template"));
            if (QUEUE_METRICS.contains(metric)) {
                return Optional.of(new AlarmPlan(id, names.alarmName(id), description, queueId, metric, threshold, comparison,
                        alarmActions, okActions));
            }
        }
        report.add("AWS::CloudWatch::Alarm on " + namespace + " " + metric, "only AWS/SQS queue-depth metrics are evaluated locally", id);
        return Optional.empty();
    }

    void logGroup(String id, Props p) {
        p.optString("LogGroupName").filter(n -> n.startsWith("/aws/lambda/")).ifPresent(n -> {
            if (names.functionByName(n.substring("/aws/lambda/".length())).isEmpty()) {
                throw new TemplateRefusal(p.path("LogGroupName"), n + " names no function of this template");
            }
        });
        p.optString("RetentionInDays").filter(d -> !RETENTION.contains(d)).ifPresent(d -> {
            throw new TemplateRefusal(p.path("RetentionInDays"), d + " is not a retention CloudWatch Logs allows");
        });
        p.accept("KmsKeyId", "LogGroupClass", "Tags");
        p.refuseUnread();
    }

    void topic(Props p) {
        p.accept("TopicName", "DisplayName", "Subscription", "FifoTopic", "KmsMasterKeyId", "Tags");
        p.refuseUnread();
    }

    private static List<String> concat(List<String> a, List<String> b, List<String> c) {
        return Stream.of(a, b, c).flatMap(List::stream).toList();
    }
}
