package io.mqlengine.local.plan;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Everything the twin will create and run, resolved from the template; {@code buckets}: S3 bucket names by logical id. */
public record TwinPlan(Map<String, TablePlan> tables, Map<String, QueuePlan> queues,
        Map<String, FunctionPlan> functions, Optional<HttpApiPlan> httpApi, List<AlarmPlan> alarms,
        List<NotEmulated> notEmulated, Map<String, String> outputs, Optional<String> writeKey, Map<String, BusPlan> buses,
        List<RulePlan> rules, Map<String, String> buckets) {

    /** A feature the template uses that the twin checked but does not emulate. */
    public record NotEmulated(String feature, String reason, List<String> resources) {}

    public List<Trigger> triggers() {
        return functions.values().stream().flatMap(f -> f.triggers().stream()).toList();
    }
}
