package io.mqlengine.local.template;

import static io.mqlengine.local.template.Intrinsics.ACCOUNT;
import static io.mqlengine.local.template.Intrinsics.REGION;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Deterministic physical names and ARNs of the template's resources on the twin
 * ({@code mql-local-<LogicalId>} unless the template names them), and what Ref and GetAtt yield.
 */
public final class PhysicalNames implements References {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Where the emulators and the API listen; the stream ARNs once the tables exist; s3 null when the twin serves no S3. */
    public record Endpoints(String sqs, String dynamodb, String events, String api, Map<String, String> streamArns,
                            String s3) {
        public Endpoints(String sqs, String dynamodb, String events, String api, Map<String, String> streamArns) {
            this(sqs, dynamodb, events, api, streamArns, null);
        }
    }

    /** The bus every account has; rules without EventBusName are on it. */
    public static final String DEFAULT_BUS = "default";

    private final Template template;
    private final Endpoints endpoints;
    private final Set<String> resolving = new HashSet<>();
    private Intrinsics intrinsics;

    public PhysicalNames(Template template, Endpoints endpoints) {
        this.template = template;
        this.endpoints = endpoints;
    }

    /** Intrinsics and names depend on each other (a name may be a !Sub); bind after constructing both. */
    public void bind(Intrinsics intrinsics) {
        this.intrinsics = intrinsics;
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    public String tableName(String id) {
        return named(id, "TableName", "mql-local-" + id);
    }

    public String queueName(String id) {
        JsonNode fifoQueue = template.properties(id).get("FifoQueue");
        boolean fifo = fifoQueue != null
                && intrinsics.text(fifoQueue, "Resources." + id + ".Properties.FifoQueue").equals("true");
        return named(id, "QueueName", "mql-local-" + id + (fifo ? ".fifo" : ""));
    }

    /** A bucket's name: lower case, as S3 requires, unless the template names it. */
    public String bucketName(String id) {
        return named(id, "BucketName", "mql-local-" + id.toLowerCase(java.util.Locale.ROOT));
    }

    public String functionName(String id) {
        return named(id, "FunctionName", "mql-local-" + id);
    }

    public String queueUrl(String id) {
        return endpoints.sqs() + "/" + ACCOUNT + "/" + queueName(id);
    }

    public String queueArn(String id) {
        return "arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":" + queueName(id);
    }

    public String tableArn(String id) {
        return "arn:aws:dynamodb:" + REGION + ":" + ACCOUNT + ":table/" + tableName(id);
    }

    /** The real stream ARN once the DynamoDB emulator created the table; a stable placeholder before. */
    public String streamArn(String id) {
        return endpoints.streamArns().getOrDefault(id, tableArn(id) + "/stream/pending");
    }

    public String functionArn(String id) {
        return "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:" + functionName(id);
    }

    public String layerArn(String id) {
        return "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":layer:" + named(id, "LayerName", "mql-local-" + id) + ":1";
    }

    public String topicArn(String id) {
        return "arn:aws:sns:" + REGION + ":" + ACCOUNT + ":" + topicName(id);
    }

    public String topicName(String id) {
        return named(id, "TopicName", "mql-local-" + id);
    }

    public String busName(String id) {
        return named(id, "Name", "mql-local-" + id);
    }

    public static String busArn(String busName) {
        return "arn:aws:events:" + REGION + ":" + ACCOUNT + ":event-bus/" + busName;
    }

    public String ruleName(String id) {
        return named(id, "Name", "mql-local-" + id);
    }

    /** A rule's ARN: rule/NAME on the default bus, rule/BUS/NAME on a custom one. */
    public static String ruleArn(String busName, String ruleName) {
        return "arn:aws:events:" + REGION + ":" + ACCOUNT + ":rule/" + (busName.equals(DEFAULT_BUS) ? "" : busName + "/")
                + ruleName;
    }

    public String alarmName(String id) {
        return named(id, "AlarmName", "mql-local-" + id);
    }

    public String logGroupName(String id) {
        return named(id, "LogGroupName", "mql-local-" + id);
    }

    public String apiId(String id) {
        String lower = id.toLowerCase().replaceAll("[^a-z0-9]", "");
        return lower.length() > 10 ? lower.substring(0, 10) : lower;
    }

    /** Logical ids of the resources of one type, in template order. */
    public List<String> ofType(String type) {
        return template.resources().keySet().stream().filter(id -> type.equals(template.typeOf(id))).toList();
    }

    public Optional<String> queueByArn(String arn) {
        return ofType("AWS::SQS::Queue").stream().filter(id -> queueArn(id).equals(arn)).findFirst();
    }

    public Optional<String> queueByName(String name) {
        return ofType("AWS::SQS::Queue").stream().filter(id -> queueName(id).equals(name)).findFirst();
    }

    public Optional<String> queueByUrl(String url) {
        return ofType("AWS::SQS::Queue").stream().filter(id -> queueUrl(id).equals(url)).findFirst();
    }

    /** The bus a name or an ARN designates: "default", or the logical id of a bus of the template. */
    public Optional<String> busByNameOrArn(String value) {
        if (value.equals(DEFAULT_BUS) || value.equals(busArn(DEFAULT_BUS))) {
            return Optional.of(DEFAULT_BUS);
        }
        return ofType("AWS::Events::EventBus").stream()
                .filter(id -> busName(id).equals(value) || busArn(busName(id)).equals(value)).findFirst();
    }

    public Optional<String> functionByArn(String arn) {
        return ofType("AWS::Serverless::Function").stream().filter(id -> functionArn(id).equals(arn)).findFirst();
    }

    public Optional<String> tableByName(String name) {
        return ofType("AWS::DynamoDB::Table").stream().filter(id -> tableName(id).equals(name)).findFirst();
    }

    public Optional<String> tableByStreamArn(String arn) {
        return ofType("AWS::DynamoDB::Table").stream().filter(id -> streamArn(id).equals(arn)).findFirst();
    }

    public Optional<String> layerByArn(String arn) {
        return ofType("AWS::Serverless::LayerVersion").stream().filter(id -> layerArn(id).equals(arn)).findFirst();
    }

    public Optional<String> topicByName(String name) {
        return ofType("AWS::SNS::Topic").stream().filter(id -> topicName(id).equals(name)).findFirst();
    }

    public Optional<String> functionByName(String name) {
        return ofType("AWS::Serverless::Function").stream().filter(id -> functionName(id).equals(name)).findFirst();
    }

    @Override
    public boolean isResource(String logicalId) {
        return template.typeOf(logicalId) != null;
    }

    @Override
    public JsonNode ref(String id, String path) {
        String type = template.typeOf(id);
        return NODES.textNode(switch (type) {
            case "AWS::SQS::Queue" -> queueUrl(id);
            case "AWS::DynamoDB::Table" -> tableName(id);
            case "AWS::Serverless::Function" -> functionName(id);
            case "AWS::Serverless::LayerVersion" -> layerArn(id);
            case "AWS::Serverless::HttpApi" -> apiId(id);
            case "AWS::SNS::Topic" -> topicArn(id);
            case "AWS::CloudWatch::Alarm" -> alarmName(id);
            case "AWS::Logs::LogGroup" -> logGroupName(id);
            case "AWS::Events::EventBus" -> busName(id);
            case "AWS::Events::Rule" -> ruleName(id);
            case "AWS::S3::Bucket" -> bucketName(id);
            default -> throw new TemplateRefusal(path, "Ref of a " + type + " is not supported by the local twin");
        });
    }

    @Override
    public JsonNode getAtt(String id, String attribute, String path) {
        String type = template.typeOf(id);
        String value = switch (type + "." + attribute) {
            case "AWS::SQS::Queue.Arn" -> queueArn(id);
            case "AWS::SQS::Queue.QueueName" -> queueName(id);
            case "AWS::SQS::Queue.QueueUrl" -> queueUrl(id);
            case "AWS::DynamoDB::Table.Arn" -> tableArn(id);
            case "AWS::DynamoDB::Table.StreamArn" -> {
                if (!template.properties(id).has("StreamSpecification")) {
                    throw new TemplateRefusal(path, id + " has no StreamSpecification, so no StreamArn");
                }
                yield streamArn(id);
            }
            case "AWS::Serverless::Function.Arn" -> functionArn(id);
            case "AWS::Serverless::HttpApi.ApiEndpoint" -> endpoints.api();
            case "AWS::SNS::Topic.TopicArn" -> topicArn(id);
            case "AWS::SNS::Topic.TopicName" -> topicName(id);
            case "AWS::CloudWatch::Alarm.Arn" -> "arn:aws:cloudwatch:" + REGION + ":" + ACCOUNT + ":alarm:" + alarmName(id);
            case "AWS::Events::EventBus.Arn" -> busArn(busName(id));
            case "AWS::Events::EventBus.Name" -> busName(id);
            case "AWS::S3::Bucket.Arn" -> "arn:aws:s3:::" + bucketName(id);
            case "AWS::Events::Rule.Arn" -> ruleArn(ruleBus(id, path), ruleName(id));
            case "AWS::Logs::LogGroup.Arn" -> "arn:aws:logs:" + REGION + ":" + ACCOUNT + ":log-group:" + logGroupName(id) + ":*";
            default -> throw new TemplateRefusal(path, "GetAtt " + id + "." + attribute + " (" + type
                    + ") is not supported by the local twin");
        };
        return NODES.textNode(value);
    }

    private String ruleBus(String id, String path) {
        JsonNode bus = template.properties(id).get("EventBusName");
        if (bus == null) {
            return DEFAULT_BUS;
        }
        String value = intrinsics.text(bus, "Resources." + id + ".Properties.EventBusName");
        return busByNameOrArn(value).map(b -> b.equals(DEFAULT_BUS) ? b : busName(b)).orElseThrow(() ->
                new TemplateRefusal(path, value + " is not an event bus of this template"));
    }

    private String named(String id, String property, String fallback) {
        JsonNode explicit = template.properties(id).get(property);
        if (explicit == null) {
            return fallback;
        }
        String path = "Resources." + id + ".Properties." + property;
        if (!resolving.add(path)) {
            throw new TemplateRefusal(path, "refers to itself");
        }
        try {
            return intrinsics.text(explicit, path);
        } finally {
            resolving.remove(path);
        }
    }
}
