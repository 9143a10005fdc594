package io.mqlengine.local.plan;

import io.mqlengine.emulator.lambda.FilterPattern;
import java.util.List;

/** An EventBridge rule: the bus it listens on, the events it selects, and where it sends them. */
public record RulePlan(String logicalId, String name, String arn, String busName, FilterPattern pattern, boolean enabled,
        List<Target> targets) {

    /** Where a matching event goes; {@code path} is the target's place in the template, for messages. */
    public sealed interface Target {
        String id();

        String path();
    }

    /** A standard SQS queue of the template: the event envelope is the message body. */
    public record QueueTarget(String id, String path, String queueId) implements Target {}

    /** A Lambda function of the template, invoked asynchronously with the event envelope. */
    public record FunctionTarget(String id, String path, String functionId) implements Target {}
}
