package io.mqlengine.local.plan;

import io.mqlengine.emulator.lambda.FilterPattern;
import io.mqlengine.local.schedule.expression.ScheduleExpression;
import io.mqlengine.local.template.Intrinsics;
import io.mqlengine.local.template.PhysicalNames;
import io.mqlengine.local.template.TemplateRefusal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Turns a function's Events into triggers: HttpApi routes, SQS and DynamoDB mappings, schedules. */
final class TriggerPlanner {
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY");
    private static final Set<String> RESPONSE_TYPES = Set.of("ReportBatchItemFailures");
    private final PhysicalNames names;
    private final Map<String, QueuePlan> queues;
    private final String apiId;

    TriggerPlanner(PhysicalNames names, Map<String, QueuePlan> queues, String apiId) {
        this.names = names;
        this.queues = queues;
        this.apiId = apiId;
    }

    Trigger plan(String functionId, String eventName, String type, Props p, int functionTimeout) {
        return switch (type) {
            case "HttpApi" -> http(functionId, eventName, p);
            case "SQS" -> sqs(functionId, eventName, p, functionTimeout);
            case "DynamoDB" -> stream(functionId, eventName, p);
            case "Schedule" -> schedule(functionId, eventName, p);
            default -> throw new TemplateRefusal(p.path(), "event type " + type + " is not supported");
        };
    }

    private Trigger http(String functionId, String eventName, Props p) {
        String api = p.optString("ApiId").orElse(apiId);
        if (!api.equals(apiId)) {
            throw new TemplateRefusal(p.path("ApiId"), "must Ref the template's one AWS::Serverless::HttpApi");
        }
        String version = p.optString("PayloadFormatVersion").orElse("2.0");
        if (!version.equals("2.0")) {
            throw new TemplateRefusal(p.path("PayloadFormatVersion"), "only payload format 2.0 is emulated");
        }
        String path = p.optString("Path").orElse("$default");
        String method = p.optString("Method").orElse("ANY").toUpperCase();
        if (!path.equals("$default") && !path.startsWith("/")) {
            throw new TemplateRefusal(p.path("Path"), "must start with / (or be $default)");
        }
        if (!METHODS.contains(method)) {
            throw new TemplateRefusal(p.path("Method"), "'" + method + "' is not one of " + METHODS);
        }
        boolean iam = p.has("Auth") && iamAuthorizer(p.object("Auth"), method + " " + path);
        p.accept("TimeoutInMillis");
        p.refuseUnread();
        return new Trigger.Http(functionId, eventName, new HttpApiPlan.Route(method, path, functionId, eventName, iam));
    }

    /**
     * Only AWS_IAM is enforced; any other authorizer is refused rather than the route served open, since a
     * twin that ignored it would answer requests the deployed API refuses.
     */
    private static boolean iamAuthorizer(Props auth, String route) {
        String authorizer = auth.string("Authorizer");
        auth.refuseUnread();
        if (authorizer.equals("AWS_IAM")) {
            return true;
        }
        if (authorizer.equals("NONE")) {
            throw new TemplateRefusal(auth.path("Authorizer"), "route " + route + ": NONE only lifts an HttpApi "
                    + "DefaultAuthorizer, which the local twin does not run; leave Auth out for a public route");
        }
        throw new TemplateRefusal(auth.path("Authorizer"), "route " + route + " uses authorizer '" + authorizer
                + "'; the local twin enforces only AWS_IAM (SigV4) and refuses a route it cannot protect rather than "
                + "serving it open (JWT and Lambda authorizers are not emulated)");
    }

    private Trigger sqs(String functionId, String eventName, Props p, int functionTimeout) {
        String arn = p.string("Queue");
        String queueId = names.queueByArn(arn).orElseThrow(() -> new TemplateRefusal(p.path("Queue"),
                arn + " is not a queue of this template"));
        QueuePlan queue = queues.get(queueId);
        int batch = p.integer("BatchSize", 10, 1, 10000);
        int window = p.integer("MaximumBatchingWindowInSeconds", 0, 0, 300);
        if (batch > 10 && window < 1) {
            throw new TemplateRefusal(p.path("BatchSize"), "above 10 needs MaximumBatchingWindowInSeconds of at least 1");
        }
        if (queue.fifo() && (batch > 10 || window > 0)) {
            throw new TemplateRefusal(p.path("BatchSize"), "a FIFO queue takes BatchSize up to 10 and no batching window");
        }
        int visibility = StoragePlanner.visibilityTimeout(queue);
        if (visibility < functionTimeout) {
            throw new TemplateRefusal(p.path("Queue"), "queue " + queueId + " has VisibilityTimeout " + visibility
                    + " s, less than the function Timeout " + functionTimeout + " s (CloudFormation rejects this)");
        }
        p.requireOneOf("FunctionResponseTypes", RESPONSE_TYPES);
        boolean report = !p.strings("FunctionResponseTypes").isEmpty();
        boolean enabled = p.bool("Enabled", true);
        p.accept("ScalingConfig");
        p.refuseUnread();
        return new Trigger.Sqs(functionId, eventName, queueId, batch, window, report, enabled);
    }

    private Trigger stream(String functionId, String eventName, Props p) {
        String arn = p.string("Stream");
        String tableId = names.tableByStreamArn(arn).orElseThrow(() -> new TemplateRefusal(p.path("Stream"),
                arn + " is not the stream of a table of this template (use !GetAtt Table.StreamArn)"));
        String start = p.string("StartingPosition");
        if (!Set.of("TRIM_HORIZON", "LATEST").contains(start)) {
            throw new TemplateRefusal(p.path("StartingPosition"), "'" + start + "' is not TRIM_HORIZON or LATEST");
        }
        int batch = p.integer("BatchSize", 100, 1, 10000);
        int window = p.integer("MaximumBatchingWindowInSeconds", 0, 0, 300);
        boolean bisect = p.bool("BisectBatchOnFunctionError", false);
        int retries = p.integer("MaximumRetryAttempts", -1, -1, 10000);
        int age = p.integer("MaximumRecordAgeInSeconds", -1, -1, 604800);
        if (age != -1 && age < 60) {
            throw new TemplateRefusal(p.path("MaximumRecordAgeInSeconds"), "must be -1 or 60..604800");
        }
        if (p.integer("ParallelizationFactor", 1, 1, 10) != 1) {
            throw new TemplateRefusal(p.path("ParallelizationFactor"), "only 1 is emulated (one batch per shard at a time)");
        }
        p.requireOneOf("FunctionResponseTypes", RESPONSE_TYPES);
        boolean report = !p.strings("FunctionResponseTypes").isEmpty();
        Optional<String> onFailure = Optional.empty();
        if (p.has("DestinationConfig")) {
            Props d = p.object("DestinationConfig");
            Props f = d.object("OnFailure");
            d.refuseUnread();
            String destination = f.string("Destination");
            String kind = f.optString("Type").orElse(destination.startsWith("arn:aws:sqs:") ? "SQS" : "?");
            if (!kind.equals("SQS")) {
                throw new TemplateRefusal(f.path("Type"), "only SQS on-failure destinations are emulated");
            }
            onFailure = Optional.of(names.queueByArn(destination).orElseThrow(() -> new TemplateRefusal(f.path("Destination"),
                    destination + " is not a queue of this template")));
            f.refuseUnread();
        }
        List<FilterPattern> filters = new ArrayList<>();
        if (p.has("FilterCriteria")) {
            Props c = p.object("FilterCriteria");
            List<Props> list = c.objects("Filters");
            c.refuseUnread();
            if (list.size() > 10) {
                throw new TemplateRefusal(c.path("Filters"), "at most 10 filters per event source");
            }
            for (Props f : list) {
                try {
                    filters.add(FilterPattern.parse(f.string("Pattern")));
                } catch (IllegalArgumentException e) {
                    throw new TemplateRefusal(f.path("Pattern"), e.getMessage());
                }
                f.refuseUnread();
            }
        }
        boolean enabled = p.bool("Enabled", true);
        p.refuseUnread();
        return new Trigger.Stream(functionId, eventName, tableId, start.equals("TRIM_HORIZON"), batch, window, bisect,
                retries, age, report, onFailure, List.copyOf(filters), enabled);
    }

    private Trigger schedule(String functionId, String eventName, Props p) {
        String text = p.string("Schedule");
        ScheduleExpression expression;
        try {
            expression = ScheduleExpression.parse(text);
        } catch (IllegalArgumentException e) {
            throw new TemplateRefusal(p.path("Schedule"), e.getMessage());
        }
        boolean enabled = p.bool("Enabled", true);
        String state = p.optString("State").orElse("ENABLED");
        if (!Set.of("ENABLED", "DISABLED").contains(state)) {
            throw new TemplateRefusal(p.path("State"), "'" + state + "' is not ENABLED or DISABLED");
        }
        String rule = p.optString("Name").orElse(Intrinsics.STACK + "-" + functionId + eventName);
        p.accept("Description");
        p.refuseUnread();
        return new Trigger.Schedule(functionId, eventName, text, expression, enabled && state.equals("ENABLED"),
                "arn:aws:events:" + Intrinsics.REGION + ":" + Intrinsics.ACCOUNT + ":rule/" + rule);
    }
}
