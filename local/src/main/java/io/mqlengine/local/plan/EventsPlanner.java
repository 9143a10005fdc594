package io.mqlengine.local.plan;

import com.fasterxml.jackson.databind.JsonNode;
import io.mqlengine.emulator.lambda.FilterPattern;
import io.mqlengine.local.template.PhysicalNames;
import io.mqlengine.local.template.TemplateRefusal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns AWS::Events::EventBus and AWS::Events::Rule into what the EventBridge emulator serves, and checks the
 * AWS::SQS::QueuePolicy and AWS::Lambda::Permission resources that let EventBridge deliver on AWS.
 */
final class EventsPlanner {
    private static final Set<String> STATES = Set.of("ENABLED", "DISABLED", "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS");
    private static final String NAME = "[.\\-_A-Za-z0-9]+";
    /** Target properties the twin understands as AWS does: none changes what is delivered locally. */
    private static final Set<String> TARGET_ACCEPTED = Set.of("Id", "Arn", "RoleArn");
    private static final Map<String, String> TARGET_REFUSED = Map.of(
            "Input", "a constant Input replaces the event; the local twin delivers the event as is",
            "InputPath", "InputPath delivers part of the event; the local twin delivers the event as is",
            "InputTransformer", "InputTransformer reshapes the event; the local twin delivers the event as is",
            "RetryPolicy", "delivery retries are not emulated by the local twin",
            "DeadLetterConfig", "target dead-letter queues are not emulated by the local twin",
            "SqsParameters", "FIFO queue targets (SqsParameters.MessageGroupId) are not emulated by the local twin");
    private static final Map<String, String> SERVICES = Map.of(
            "sns", "an SNS topic", "kinesis", "a Kinesis stream", "firehose", "a Firehose delivery stream",
            "states", "a Step Functions state machine", "logs", "a CloudWatch Logs log group", "ecs", "an ECS task",
            "batch", "a Batch job queue", "ssm", "a Systems Manager target", "codebuild", "a CodeBuild project",
            "codepipeline", "a CodePipeline pipeline");

    private final PhysicalNames names;

    EventsPlanner(PhysicalNames names) {
        this.names = names;
    }

    BusPlan bus(String id, Props p) {
        String name = names.busName(id);
        if (!p.has("Name")) {
            throw new TemplateRefusal(p.path("Name"), "required (CloudFormation needs a name for a custom event bus)");
        }
        if (!name.matches(NAME) || name.length() > 256 || name.equals(PhysicalNames.DEFAULT_BUS)) {
            throw new TemplateRefusal(p.path("Name"), "'" + name + "' is not a valid custom bus name (letters, digits, . - _, "
                    + "up to 256, not 'default')");
        }
        p.accept("Description", "Tags", "Policy", "KmsKeyIdentifier", "DeadLetterConfig", "LogConfig");
        p.refuseUnread();
        return new BusPlan(id, name, PhysicalNames.busArn(name));
    }

    RulePlan rule(String id, Props p) {
        String name = names.ruleName(id);
        if (!name.matches(NAME) || name.length() > 64) {
            throw new TemplateRefusal(p.path("Name"), "'" + name + "' is not a valid rule name (letters, digits, . - _, up to 64)");
        }
        String busValue = p.optString("EventBusName").orElse(PhysicalNames.DEFAULT_BUS);
        String busId = names.busByNameOrArn(busValue).orElseThrow(() -> new TemplateRefusal(p.path("EventBusName"),
                "rule " + id + ": " + busValue + " is not an event bus of this template (give its name or ARN, e.g. !Ref Bus)"));
        String busName = busId.equals(PhysicalNames.DEFAULT_BUS) ? busId : names.busName(busId);
        if (!p.has("EventPattern")) {
            throw new TemplateRefusal(p.path("EventPattern"), "rule " + id + ": required (the twin runs rules with event patterns)");
        }
        FilterPattern pattern = pattern(id, p.raw("EventPattern"), p.path("EventPattern"));
        String state = p.optString("State").orElse("ENABLED");
        if (!STATES.contains(state)) {
            throw new TemplateRefusal(p.path("State"), "rule " + id + ": '" + state + "' is not one of " + STATES);
        }
        List<Props> list = p.objects("Targets");
        if (list.size() > 5) {
            throw new TemplateRefusal(p.path("Targets"), "rule " + id + ": at most 5 targets per rule, got " + list.size());
        }
        List<RulePlan.Target> targets = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Props t : list) {
            RulePlan.Target target = target(id, t);
            if (!ids.add(target.id())) {
                throw new TemplateRefusal(t.path("Id"), "rule " + id + ": target Id '" + target.id() + "' is used twice");
            }
            targets.add(target);
        }
        p.accept("Name", "Description", "RoleArn", "Tags");
        p.refuseUnread();
        return new RulePlan(id, name, PhysicalNames.ruleArn(busName, name), busName, pattern, !state.equals("DISABLED"),
                List.copyOf(targets));
    }

    private static FilterPattern pattern(String rule, JsonNode raw, String path) {
        try {
            return FilterPattern.parseEventPattern(raw.isTextual() ? raw.asText() : raw.toString());
        } catch (IllegalArgumentException e) {
            throw new TemplateRefusal(path, "rule " + rule + ": " + e.getMessage());
        }
    }

    private RulePlan.Target target(String rule, Props t) {
        String id = t.string("Id");
        if (!id.matches(NAME) || id.length() > 64) {
            throw new TemplateRefusal(t.path("Id"), "rule " + rule + ": '" + id + "' is not a valid target Id (letters, digits, . - _, up to 64)");
        }
        String arn = t.string("Arn");
        String where = "rule " + rule + " target '" + id + "'";
        RulePlan.Target target;
        if (arn.startsWith("arn:aws:sqs:")) {
            String queueId = names.queueByArn(arn).orElseThrow(() -> new TemplateRefusal(t.path("Arn"),
                    where + ": " + arn + " is not a queue of this template"));
            if (names.queueName(queueId).endsWith(".fifo")) {
                throw new TemplateRefusal(t.path("Arn"), where + ": FIFO queue " + queueId
                        + " is refused: FIFO targets need SqsParameters.MessageGroupId, which the local twin does not emulate");
            }
            target = new RulePlan.QueueTarget(id, t.path(), queueId);
        } else if (arn.startsWith("arn:aws:lambda:")) {
            String functionId = names.functionByArn(arn).orElseThrow(() -> new TemplateRefusal(t.path("Arn"),
                    where + ": " + arn + " is not a function of this template (use !GetAtt Function.Arn)"));
            target = new RulePlan.FunctionTarget(id, t.path(), functionId);
        } else {
            throw new TemplateRefusal(t.path("Arn"), where + " is " + kind(arn) + " (" + arn + "); the local twin delivers "
                    + "rule targets only to SQS queues and Lambda functions of the template");
        }
        for (String property : t.keys()) {
            if (TARGET_ACCEPTED.contains(property)) {
                continue;
            }
            String reason = TARGET_REFUSED.getOrDefault(property, "the local twin emulates SQS and Lambda targets with Id and "
                    + "Arn only");
            throw new TemplateRefusal(t.path(property), where + ": " + property + " is refused: " + reason);
        }
        return target;
    }

    /** What kind of target an ARN names, for the refusal. */
    private static String kind(String arn) {
        String[] parts = arn.split(":", 7);
        if (parts.length < 6 || !parts[0].equals("arn")) {
            return "not an ARN";
        }
        String service = parts[2];
        String resource = parts[5];
        if (service.equals("events")) {
            return resource.startsWith("api-destination/") ? "an API destination"
                    : resource.startsWith("event-bus/") ? "another event bus" : "an EventBridge " + resource.split("/")[0];
        }
        return SERVICES.getOrDefault(service, "a " + service + " resource");
    }

    void queuePolicy(String id, Props p) {
        List<String> queues = p.strings("Queues");
        if (queues.isEmpty()) {
            throw new TemplateRefusal(p.path("Queues"), "required: the queue URLs the policy applies to (e.g. !Ref Queue)");
        }
        for (String url : queues) {
            if (names.queueByUrl(url).isEmpty()) {
                throw new TemplateRefusal(p.path("Queues"), "queue policy " + id + ": " + url + " is not a queue of this template");
            }
        }
        JsonNode document = p.raw("PolicyDocument");
        if (!document.isObject() && !document.isTextual()) {
            throw new TemplateRefusal(p.path("PolicyDocument"), "queue policy " + id + ": required, a policy document");
        }
        p.refuseUnread();
    }

    void permission(String id, Props p) {
        String function = p.string("FunctionName");
        boolean known = names.functionByName(function).isPresent() || names.functionByArn(function).isPresent();
        if (!known) {
            throw new TemplateRefusal(p.path("FunctionName"), "permission " + id + ": " + function + " is not a function of this template");
        }
        p.string("Action");
        p.string("Principal");
        p.accept("SourceArn", "SourceAccount", "PrincipalOrgID", "EventSourceToken");
        p.refuseUnread();
    }
}
