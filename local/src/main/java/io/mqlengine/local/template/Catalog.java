package io.mqlengine.local.template;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The explicit table of what the twin does with each resource type, event type and property:
 * HONOURED (emulated), CHECKED (validated, but not emulated — with the reason), or REFUSED
 * (known, and the twin cannot honour it). Anything absent from this table is refused as unknown.
 *
 * <p>A row named {@code Property.Key} covers a key of a mapping-valued property: when a property has such rows, its
 * keys are checked against them as the type's properties are.
 *
 * <p>Longer than our other classes on purpose: it is one table, a row per line, and a reader (and local/README.md)
 * looks for every type and property the twin supports in this one place; the code around the rows is 50 lines.
 */
public final class Catalog {
    /** What the twin does with a property. */
    public enum Support { HONOURED, CHECKED, REFUSED }

    /** One row of the table. */
    public record Entry(Support support, String note) {}

    /** The rows of one resource or event type, plus what the type as a whole gets. */
    public record TypeEntry(String type, Entry whole, Map<String, Entry> properties) {}

    private static final Map<String, TypeEntry> RESOURCES = new LinkedHashMap<>();
    private static final Map<String, TypeEntry> EVENTS = new LinkedHashMap<>();
    public static final Map<String, Entry> RESOURCE_ATTRIBUTES = Map.of(
            "Type", honoured("the resource type"),
            "Properties", honoured("see the per-type rows"),
            "DependsOn", checked("checked to name resources of the template; creation order is the twin's own"),
            "DeletionPolicy", checked("nothing is deleted by the twin except with its in-memory state"),
            "UpdateReplacePolicy", checked("the twin never updates a deployed stack"),
            "Metadata", checked("read by build tools, not by the running twin"),
            "Condition", honoured("decided from the parameter values before planning; a false one leaves the resource out"));

    static {
        resource("AWS::Serverless::Function", honoured("loaded in its own class loader and invoked in-process"))
                .put("Handler", honoured("class::method; the class implements RequestHandler with the trigger's input type"))
                .put("CodeUri", honoured("a jar or a directory, relative to the template's directory"))
                .put("Timeout", honoured("an invocation past it fails as 'Task timed out' and its instance is discarded"))
                .put("Environment", honoured("Variables, merged key-wise over Globals; /opt/ values point into layers"))
                .put("Events", honoured("HttpApi, SQS, DynamoDB and Schedule event sources"))
                .put("Layers", honoured("local LayerVersions 'mounted at /opt': /opt/ environment values are rewritten"))
                .put("FunctionName", honoured("the physical function name"))
                .put("Description", honoured("documentation only"))
                .put("ReservedConcurrentExecutions", honoured("caps the function's instance pool"))
                .put("Runtime", checked("functions run on the twin's JVM; checked to be a java runtime"))
                .put("Architectures", checked("the twin runs on the host's architecture; checked to be x86_64 or arm64"))
                .put("MemorySize", checked("reported by Context.getMemoryLimitInMB; heap and CPU are not limited"))
                .put("Tracing", checked("no X-Ray locally; checked to be Active, PassThrough or Disabled"))
                .put("SnapStart", checked("no snapshots: every instance runs its constructor (each cold start is logged)"))
                .put("AutoPublishAlias", checked("the twin always invokes $LATEST"))
                .put("Policies", checked("IAM is not enforced; SAM policy templates are checked to name resources of the template"))
                .put("Role", checked("IAM is not enforced"))
                .put("Tags", checked("tags have no local effect"))
                .put("LoggingConfig", checked("function logs go to the twin's stderr"))
                .put("EphemeralStorage", checked("/tmp is the host's temporary directory"))
                .put("ProvisionedConcurrencyConfig", checked("every function gets one instance at start-up anyway"))
                .put("RuntimeManagementConfig", checked("the twin's JVM is the runtime"))
                .put("VpcConfig", refused("VPC networking is not emulated by the local twin"))
                .put("DeadLetterQueue", refused("asynchronous-invocation dead-letter queues are not emulated by the local twin"))
                .put("EventInvokeConfig", refused("asynchronous-invocation destinations are not emulated by the local twin"))
                .put("InlineCode", refused("the twin loads Java classes from CodeUri only"))
                .put("ImageUri", refused("container images are not supported by the local twin"))
                .put("PackageType", refused("only Zip packages (CodeUri) are supported by the local twin"))
                .put("FunctionUrlConfig", refused("function URLs are not served by the local twin"));
        resource("AWS::Serverless::LayerVersion", honoured("a local ContentUri directory, 'mounted at /opt'"))
                .put("ContentUri", honoured("a directory relative to the template; java/lib/*.jar join the class path"))
                .put("LayerName", honoured("the physical layer name"))
                .put("Description", honoured("documentation only"))
                .put("CompatibleRuntimes", checked("functions run on the twin's JVM"))
                .put("CompatibleArchitectures", checked("the twin runs on the host's architecture"))
                .put("RetentionPolicy", checked("layer versions are not published locally"))
                .put("LicenseInfo", checked("documentation only"));
        resource("AWS::Serverless::HttpApi", honoured("served with the JDK HTTP server on --port"))
                .put("CorsConfiguration", honoured("preflights answered by the twin; Access-Control-Allow-Origin added for allowed "
                        + "origins; an intrinsic AllowOrigins is refused, since the SAM transform then drops the other settings"))
                .put("DefaultRouteSettings", honoured("ThrottlingBurstLimit/ThrottlingRateLimit as a token bucket per route"))
                .put("StageName", honoured("only $default (routes at the root) is supported"))
                .put("Description", honoured("documentation only"))
                .put("FailOnWarnings", checked("the twin refuses instead of warning"))
                .put("Tags", checked("tags have no local effect"))
                .put("AccessLogSettings", checked("each invocation is logged on stdout instead"))
                .put("DisableExecuteApiEndpoint", checked("the twin serves the API on localhost"))
                .put("Auth", honoured("only the IAM authorizer: see the Auth.* rows"))
                .put("Auth.EnableIamAuthorizer", honoured("true lets routes set Authorizer: AWS_IAM, as the SAM transform requires"))
                .put("Auth.Authorizers", refused("JWT and Lambda authorizers are not emulated by the local twin, which enforces "
                        + "only AWS_IAM (SigV4); it refuses a route it cannot protect rather than serving it open"))
                .put("Auth.DefaultAuthorizer", refused("a default authorizer protects every route, the public tracking routes "
                        + "included; the local twin enforces Authorizer: AWS_IAM set on each protected route's event"))
                .put("DefinitionBody", honoured("its x-amazon-apigateway-cors is the API's CORS; paths must be empty (routes come "
                        + "from HttpApi events)"))
                .put("DefinitionUri", refused("OpenAPI definitions are not read by the local twin"))
                .put("Domain", refused("custom domains are not emulated by the local twin"))
                .put("RouteSettings", refused("per-route settings are not emulated by the local twin"))
                .put("StageVariables", refused("stage variables are not emulated by the local twin"));
        resource("AWS::DynamoDB::Table", honoured("created in the DynamoDB emulator"))
                .put("TableName", honoured("the physical table name"))
                .put("AttributeDefinitions", honoured("passed to CreateTable"))
                .put("KeySchema", honoured("passed to CreateTable"))
                .put("GlobalSecondaryIndexes", honoured("keys and projection passed to CreateTable"))
                .put("LocalSecondaryIndexes", honoured("keys and projection passed to CreateTable"))
                .put("StreamSpecification", honoured("StreamViewType; read by DynamoDB event sources"))
                .put("TimeToLiveSpecification", honoured("the DynamoDB emulator deletes expired items by the twin clock, with TTL stream records"))
                .put("BillingMode", honoured("PAY_PER_REQUEST or PROVISIONED"))
                .put("ProvisionedThroughput", honoured("passed to CreateTable; the emulator throttles only when a test injects the fault"))
                .put("PointInTimeRecoverySpecification", checked("no backups locally"))
                .put("SSESpecification", checked("no encryption at rest locally"))
                .put("Tags", checked("tags have no local effect"))
                .put("DeletionProtectionEnabled", checked("the twin never deletes tables"))
                .put("TableClass", checked("storage classes do not exist locally"))
                .put("ContributorInsightsSpecification", checked("no CloudWatch locally"))
                .put("KinesisStreamSpecification", refused("Kinesis streams are not emulated by the local twin"))
                .put("ImportSourceSpecification", refused("S3 imports are not emulated by the local twin"));
        resource("AWS::S3::Bucket", honoured("served by the twin's S3 endpoint (PutObject, GetObject, HeadObject, "
                + "ListObjectsV2; path-style), objects under --data-dir/archive/<bucket>, or a temporary directory"))
                .put("BucketName", honoured("the physical bucket name"))
                .put("BucketEncryption", checked("no encryption at rest locally"))
                .put("PublicAccessBlockConfiguration", checked("nothing is public locally: the endpoint listens on 127.0.0.1"))
                .put("OwnershipControls", checked("ACLs do not exist locally"))
                .put("LifecycleConfiguration", checked("objects are not expired or transitioned by the twin"))
                .put("Tags", checked("tags have no local effect"))
                .put("VersioningConfiguration", refused("object versions are not emulated by the local twin"))
                .put("ObjectLockEnabled", refused("object lock is not emulated by the local twin"))
                .put("ObjectLockConfiguration", refused("object lock is not emulated by the local twin"))
                .put("NotificationConfiguration", refused("bucket notifications are not emulated by the local twin"))
                .put("ReplicationConfiguration", refused("replication is not emulated by the local twin"))
                .put("WebsiteConfiguration", refused("website hosting is not emulated by the local twin"))
                .put("CorsConfiguration", refused("CORS on buckets is not emulated by the local twin"))
                .put("AccelerateConfiguration", refused("transfer acceleration is not emulated by the local twin"))
                .put("LoggingConfiguration", refused("server access logs are not emulated by the local twin"))
                .put("InventoryConfigurations", refused("inventories are not emulated by the local twin"))
                .put("IntelligentTieringConfigurations", refused("storage classes do not exist locally"))
                .put("AccessControl", refused("ACLs are not emulated by the local twin"));
        resource("Custom::ModelRescore", checked("not invoked by the twin: POST /_twin/model/reload re-scores when the "
                + "model version changes, as this resource does on a deployment"))
                .put("ServiceToken", checked("checked to name the re-scoring function of the template"))
                .put("ModelLayer", checked("a new layer version is what makes CloudFormation update the resource"));
        resource("AWS::SQS::Queue", honoured("created in ElasticMQ"))
                .put("QueueName", honoured("the physical queue name"))
                .put("FifoQueue", honoured("FIFO queue (name ends in .fifo)"))
                .put("ContentBasedDeduplication", honoured("passed to ElasticMQ"))
                .put("VisibilityTimeout", honoured("passed to ElasticMQ"))
                .put("MessageRetentionPeriod", honoured("passed to ElasticMQ"))
                .put("DelaySeconds", honoured("passed to ElasticMQ"))
                .put("ReceiveMessageWaitTimeSeconds", honoured("passed to ElasticMQ"))
                .put("MaximumMessageSize", honoured("passed to ElasticMQ"))
                .put("RedrivePolicy", honoured("dead-letter queue by ARN after maxReceiveCount (ElasticMQ counts receives)"))
                .put("DeduplicationScope", checked("ElasticMQ deduplicates per queue"))
                .put("FifoThroughputLimit", checked("no throughput limits locally"))
                .put("KmsMasterKeyId", checked("no encryption locally"))
                .put("KmsDataKeyReusePeriodSeconds", checked("no encryption locally"))
                .put("SqsManagedSseEnabled", checked("no encryption locally"))
                .put("RedriveAllowPolicy", checked("any queue may use any queue as dead-letter queue locally"))
                .put("Tags", checked("tags have no local effect"));
        resource("AWS::Events::EventBus", honoured("served by the twin's EventBridge emulator (PutEvents, AWS JSON 1.1)"))
                .put("Name", honoured("the bus name; PutEvents takes it or the bus ARN as EventBusName"))
                .put("Description", honoured("documentation only"))
                .put("Tags", checked("tags have no local effect"))
                .put("Policy", checked("IAM is not enforced"))
                .put("KmsKeyIdentifier", checked("no encryption locally"))
                .put("DeadLetterConfig", checked("the bus's dead-letter queue catches encryption failures, which do not occur locally"))
                .put("LogConfig", checked("no CloudWatch Logs locally; deliveries are logged on stdout"))
                .put("EventSourceName", refused("partner event buses are not emulated by the local twin"));
        resource("AWS::Events::Rule", honoured("matched against every event put on its bus; matching events go to its targets"))
                .put("Name", honoured("the rule name, part of its ARN"))
                .put("Description", honoured("documentation only"))
                .put("EventBusName", honoured("a bus of the template by name or ARN (e.g. !Ref Bus); without it, the default bus"))
                .put("EventPattern", honoured("an object or a JSON string; EventBridge's pattern grammar, including wildcard"))
                .put("State", honoured("DISABLED rules match nothing; ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS counts as ENABLED"))
                .put("Targets", honoured("up to 5, each Id and Arn of a standard SQS queue (the envelope is the message body) or a "
                        + "Lambda function (invoked asynchronously) of the template; other targets and target properties "
                        + "(Input, InputPath, InputTransformer, RetryPolicy, DeadLetterConfig, SqsParameters, ...) are refused "
                        + "naming the rule and the target"))
                .put("RoleArn", checked("IAM is not enforced"))
                .put("Tags", checked("tags have no local effect"))
                .put("ScheduleExpression", refused("scheduled rules are not emulated by the local twin; give the function a Schedule event"));
        resource("AWS::SQS::QueuePolicy", checked("IAM is not enforced; checked to name queues of the template"))
                .put("Queues", checked("each must be the URL of a queue of the template (!Ref Queue)"))
                .put("PolicyDocument", checked("required; not enforced"));
        resource("AWS::Lambda::Permission", checked("IAM is not enforced; checked to name a function of the template"))
                .put("FunctionName", checked("a function of the template, by name or ARN"))
                .put("Action", checked("required; not enforced"))
                .put("Principal", checked("required; not enforced"))
                .put("SourceArn", checked("not enforced"))
                .put("SourceAccount", checked("not enforced"))
                .put("PrincipalOrgID", checked("not enforced"))
                .put("EventSourceToken", checked("not enforced"));
        resource("AWS::SNS::Topic", checked("nothing is published; alarm lines name the topics they would notify"))
                .put("TopicName", checked("the topic is not created"))
                .put("DisplayName", checked("the topic is not created"))
                .put("Subscription", checked("nothing is delivered"))
                .put("FifoTopic", checked("the topic is not created"))
                .put("KmsMasterKeyId", checked("no encryption locally"))
                .put("Tags", checked("tags have no local effect"));
        resource("AWS::Logs::LogGroup", checked("function logs go to the twin's stderr; names are checked against functions"))
                .put("LogGroupName", checked("checked to name a function of the template when it is /aws/lambda/..."))
                .put("RetentionInDays", checked("checked against CloudWatch's allowed values; nothing is retained"))
                .put("KmsKeyId", checked("no encryption locally"))
                .put("LogGroupClass", checked("no CloudWatch locally"))
                .put("Tags", checked("tags have no local effect"));
        resource("AWS::CloudWatch::Alarm", honoured("AWS/SQS queue-depth alarms are evaluated every second; others are checked only"))
                .put("AlarmName", honoured("the name in alarm lines"))
                .put("AlarmDescription", honoured("shown in alarm lines"))
                .put("Namespace", honoured("AWS/SQS is evaluated"))
                .put("MetricName", honoured("ApproximateNumberOfMessagesVisible/NotVisible/Delayed are evaluated"))
                .put("Dimensions", honoured("QueueName must name a queue of the template"))
                .put("Threshold", honoured("compared with each one-second sample"))
                .put("ComparisonOperator", honoured("the four threshold comparisons"))
                .put("AlarmActions", honoured("listed in ALARM lines"))
                .put("OKActions", honoured("listed in OK lines"))
                .put("Statistic", checked("each one-second sample is compared; no statistics over Period"))
                .put("Period", checked("each one-second sample is compared"))
                .put("EvaluationPeriods", checked("a single breaching sample changes the state"))
                .put("DatapointsToAlarm", checked("a single breaching sample changes the state"))
                .put("TreatMissingData", checked("queue depth is never missing locally"))
                .put("ActionsEnabled", checked("actions are only logged"))
                .put("InsufficientDataActions", checked("the INSUFFICIENT_DATA state does not occur locally"))
                .put("Unit", checked("queue depth is a count"))
                .put("Metrics", refused("metric math is not evaluated by the local twin"));

        event("HttpApi", honoured("a route of the HttpApi, payload format 2.0"))
                .put("ApiId", honoured("Ref of the template's HttpApi"))
                .put("Path", honoured("exact, {param} and {proxy+} paths"))
                .put("Method", honoured("GET, POST, ... or ANY"))
                .put("PayloadFormatVersion", honoured("only 2.0"))
                .put("TimeoutInMillis", checked("the function's own Timeout applies"))
                .put("Auth", honoured("only the IAM authorizer: see the Auth.* rows"))
                .put("Auth.Authorizer", honoured("AWS_IAM: a SigV4 signature for execute-api in us-east-1 with the twin's "
                        + "credentials (TwinCredentials), else 403; any other authorizer is refused naming the route"))
                .put("Auth.AuthorizationScopes", refused("scopes belong to JWT authorizers, which the local twin does not emulate"))
                .put("RouteSettings", refused("per-route settings are not emulated by the local twin"));
        event("SQS", honoured("long-polled by a background poller, like Lambda's event source mapping"))
                .put("Queue", honoured("GetAtt Queue.Arn of a template queue"))
                .put("BatchSize", honoured("up to 10000"))
                .put("MaximumBatchingWindowInSeconds", honoured("batches gather until full or the window ends"))
                .put("FunctionResponseTypes", honoured("ReportBatchItemFailures"))
                .put("Enabled", honoured("a disabled mapping does not poll"))
                .put("ScalingConfig", checked("one poller per mapping locally"))
                .put("FilterCriteria", refused("SQS event filtering is not emulated by the local twin"))
                .put("KmsKeyArn", refused("filter encryption is not emulated by the local twin"));
        event("DynamoDB", honoured("the table stream is polled shard by shard, following lineage"))
                .put("Stream", honoured("GetAtt Table.StreamArn of a template table"))
                .put("StartingPosition", honoured("TRIM_HORIZON or LATEST"))
                .put("BatchSize", honoured("up to 10000"))
                .put("MaximumBatchingWindowInSeconds", honoured("batches gather until full or the window ends"))
                .put("BisectBatchOnFunctionError", honoured("a failed batch is split in two before retrying"))
                .put("MaximumRetryAttempts", honoured("-1 (until expiry) or 0..10000"))
                .put("MaximumRecordAgeInSeconds", honoured("-1 or 60..604800, by the host clock (records carry real time)"))
                .put("ParallelizationFactor", honoured("only 1"))
                .put("FunctionResponseTypes", honoured("ReportBatchItemFailures"))
                .put("DestinationConfig", honoured("OnFailure to an SQS queue of the template"))
                .put("FilterCriteria", honoured("Lambda event filtering on the record's JSON form"))
                .put("Enabled", honoured("a disabled mapping does not poll"))
                .put("TumblingWindowInSeconds", refused("tumbling windows are not emulated by the local twin"))
                .put("StartingPositionTimestamp", refused("AT_TIMESTAMP is not emulated by the local twin"));
        event("Schedule", honoured("fired when the twin clock passes the next fire time"))
                .put("Schedule", honoured("rate(...) or cron(...) in UTC"))
                .put("Enabled", honoured("a disabled schedule never fires (POST /_twin/schedules still can)"))
                .put("State", honoured("ENABLED or DISABLED"))
                .put("Name", honoured("part of the rule ARN in the event"))
                .put("Description", honoured("documentation only"))
                .put("Input", refused("a constant Input replaces the ScheduledEvent; not emulated by the local twin"))
                .put("RetryPolicy", refused("asynchronous retries are not emulated by the local twin"))
                .put("DeadLetterConfig", refused("asynchronous dead-letter queues are not emulated by the local twin"));
    }

    private Catalog() {}

    public static Optional<TypeEntry> resource(String type) {
        return Optional.ofNullable(RESOURCES.get(type));
    }

    public static Optional<TypeEntry> event(String type) {
        return Optional.ofNullable(EVENTS.get(type));
    }

    public static Map<String, TypeEntry> resources() {
        return Collections.unmodifiableMap(RESOURCES);
    }

    public static Map<String, TypeEntry> events() {
        return Collections.unmodifiableMap(EVENTS);
    }

    private static Entry honoured(String note) {
        return new Entry(Support.HONOURED, note);
    }

    private static Entry checked(String note) {
        return new Entry(Support.CHECKED, note);
    }

    private static Entry refused(String note) {
        return new Entry(Support.REFUSED, note);
    }

    private static Rows resource(String type, Entry whole) {
        Rows rows = new Rows();
        RESOURCES.put(type, new TypeEntry(type, whole, Collections.unmodifiableMap(rows.map)));
        return rows;
    }

    private static Rows event(String type, Entry whole) {
        Rows rows = new Rows();
        EVENTS.put(type, new TypeEntry(type, whole, Collections.unmodifiableMap(rows.map)));
        return rows;
    }

    private static final class Rows {
        private final Map<String, Entry> map = new LinkedHashMap<>();

        Rows put(String property, Entry entry) {
            map.put(property, entry);
            return this;
        }
    }
}
