package io.mqlengine.local.plan;

import com.fasterxml.jackson.databind.JsonNode;
import io.mqlengine.local.template.PhysicalNames;
import io.mqlengine.local.template.TemplateRefusal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/** IAM is not enforced locally, but SAM policy templates must name resources the template declares. */
final class PolicyCheck {
    private record Rule(String parameter, String kind, BiFunction<PhysicalNames, String, Optional<String>> lookup) {}

    private static final Rule QUEUE = new Rule("QueueName", "queue", PhysicalNames::queueByName);
    private static final Rule TABLE = new Rule("TableName", "table", PhysicalNames::tableByName);
    private static final Map<String, List<Rule>> TEMPLATES = Map.ofEntries(
            Map.entry("SQSSendMessagePolicy", List.of(QUEUE)),
            Map.entry("SQSPollerPolicy", List.of(QUEUE)),
            Map.entry("DynamoDBCrudPolicy", List.of(TABLE)),
            Map.entry("DynamoDBReadPolicy", List.of(TABLE)),
            Map.entry("DynamoDBWritePolicy", List.of(TABLE)),
            Map.entry("DynamoDBReconfigurePolicy", List.of(TABLE)),
            Map.entry("DynamoDBStreamReadPolicy", List.of(TABLE, new Rule("StreamName", "stream", (n, v) -> Optional.of(v)))),
            Map.entry("SNSPublishMessagePolicy", List.of(new Rule("TopicName", "topic", PhysicalNames::topicByName))),
            Map.entry("LambdaInvokePolicy", List.of(new Rule("FunctionName", "function", PhysicalNames::functionByName))),
            Map.entry("EventBridgePutEventsPolicy", List.of(new Rule("EventBusName", "event bus",
                    PhysicalNames::busByNameOrArn))),
            Map.entry("CloudWatchPutMetricPolicy", List.of()));

    private PolicyCheck() {}

    static void check(JsonNode policies, String path, PhysicalNames names) {
        if (policies.isMissingNode() || policies.isTextual()) {
            return;
        }
        if (!policies.isArray()) {
            throw new TemplateRefusal(path, "expected a policy name, a policy document or a list");
        }
        for (int i = 0; i < policies.size(); i++) {
            JsonNode policy = policies.get(i);
            String at = path + "[" + i + "]";
            if (policy.isTextual() || policy.has("Statement")) {
                continue;
            }
            if (!policy.isObject() || policy.size() != 1) {
                throw new TemplateRefusal(at, "expected a managed policy, a policy document or one SAM policy template");
            }
            String name = policy.fieldNames().next();
            List<Rule> rules = TEMPLATES.get(name);
            if (rules == null) {
                throw new TemplateRefusal(at + "." + name, "SAM policy template not known to the local twin (it checks "
                        + TEMPLATES.keySet() + ")");
            }
            Props params = Props.of(policy.get(name), at + "." + name);
            for (Rule rule : rules) {
                String value = params.string(rule.parameter());
                if (rule.lookup().apply(names, value).isEmpty()) {
                    throw new TemplateRefusal(params.path(rule.parameter()), value + " is not a " + rule.kind() + " of this template");
                }
            }
            params.refuseUnread();
        }
    }
}
