package io.mqlengine;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.mqlengine.console.ConsoleApiConfig;
import io.mqlengine.handoff.HandoffConfig;
import io.mqlengine.ingest.IngestConfig;
import io.mqlengine.lead.LeadApiConfig;
import io.mqlengine.lifecycle.LifecycleConfig;
import io.mqlengine.outcome.OutcomeConfig;
import io.mqlengine.outcome.WebhookConfig;
import io.mqlengine.rescore.RescoreHandler;
import io.mqlengine.score.ScoreConfig;
import io.mqlengine.scoring.LeadScorer;
import io.mqlengine.sweep.SweepConfig;
import io.mqlengine.testing.TemplateResources;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** template.yaml against the code: handlers exist with the right types, and get every variable they read. */
class TemplateTest {
    /** Input and output type each trigger delivers and expects. */
    private static final Map<String, List<Class<?>>> TRIGGERS = Map.of(
            "HttpApi", List.of(APIGatewayV2HTTPEvent.class, APIGatewayV2HTTPResponse.class),
            "SQS", List.of(SQSEvent.class, SQSBatchResponse.class),
            "DynamoDB", List.of(DynamodbEvent.class, StreamsEventResponse.class),
            "Schedule", List.of(ScheduledEvent.class, Object.class),
            "CustomResource", List.of(Map.class, String.class));
    /** Variables each handler's configuration reads, by handler class. */
    private static final Map<String, List<String>> READS = Map.ofEntries(
            Map.entry("io.mqlengine.ingest.IngestHandler", IngestConfig.VARIABLES),
            Map.entry("io.mqlengine.score.ScoreHandler", ScoreConfig.VARIABLES),
            Map.entry("io.mqlengine.handoff.HandoffHandler", HandoffConfig.VARIABLES),
            Map.entry("io.mqlengine.sweep.SweepHandler", SweepConfig.VARIABLES),
            Map.entry("io.mqlengine.outcome.OutcomeHandler", OutcomeConfig.VARIABLES),
            Map.entry("io.mqlengine.outcome.WebhookHandler", WebhookConfig.VARIABLES),
            Map.entry("io.mqlengine.lifecycle.LifecycleHandler", LifecycleConfig.VARIABLES),
            Map.entry("io.mqlengine.lead.LeadApiHandler", LeadApiConfig.VARIABLES),
            Map.entry("io.mqlengine.console.ConsoleHandler", List.of("AWS_REGION")),
            Map.entry("io.mqlengine.console.ConsoleApiHandler", ConsoleApiConfig.VARIABLES),
            Map.entry("io.mqlengine.rescore.RescoreHandler", RescoreHandler.VARIABLES));
    /** Set by Lambda itself in every function. */
    private static final Set<String> LAMBDA_PROVIDES = Set.of("AWS_REGION");

    static Stream<String> functions() {
        JsonNode resources = TemplateResources.template().get("Resources");
        List<String> ids = new java.util.ArrayList<>();
        resources.fields().forEachRemaining(e -> {
            if (e.getValue().path("Type").asText().equals("AWS::Serverless::Function")) {
                ids.add(e.getKey());
            }
        });
        return ids.stream();
    }

    @Test
    void template_shouldDeclareTheElevenFunctions() {
        assertThat(functions()).containsExactlyInAnyOrder("IngestFunction", "ScoreFunction", "HandoffFunction",
                "SweepFunction", "OutcomeFunction", "WebhookFunction", "LifecycleFunction", "LeadApiFunction",
                "ConsoleFunction", "ConsoleApiFunction", "RescoreFunction");
    }

    @ParameterizedTest
    @MethodSource("functions")
    void handler_shouldExist_andImplementTheRequestHandlerItsTriggerNeeds(String function) throws Exception {
        JsonNode p = TemplateResources.properties(function);
        String[] handler = p.get("Handler").asText().split("::");
        Class<?> type = Class.forName(handler[0]);
        assertThat(type.getMethod(handler[1], Object.class, com.amazonaws.services.lambda.runtime.Context.class)).isNotNull();
        ParameterizedType requestHandler = null;
        for (Type t : type.getGenericInterfaces()) {
            if (t instanceof ParameterizedType pt && pt.getRawType() == RequestHandler.class) {
                requestHandler = pt;
            }
        }
        assertThat(requestHandler).as("%s implements RequestHandler", type.getName()).isNotNull();
        Type[] args = requestHandler.getActualTypeArguments();
        Set<String> triggers = new HashSet<>();
        p.path("Events").forEach(e -> triggers.add(e.path("Type").asText()));
        // a function without events is a custom resource's: CloudFormation invokes it through the ServiceToken
        TemplateResources.template().get("Resources").forEach(r -> {
            if (r.path("Type").asText().startsWith("Custom::")
                    && r.path("Properties").path("ServiceToken").asText().equals(function + ".Arn")) {
                triggers.add("CustomResource");
            }
        });
        assertThat(triggers).as("trigger types of %s", function).hasSize(1);
        List<Class<?>> expected = TRIGGERS.get(triggers.iterator().next());
        Type input = args[0] instanceof ParameterizedType pt ? pt.getRawType() : args[0];
        assertThat(input).as("input type of %s", function).isEqualTo(expected.get(0));
        if (expected.get(1) != Object.class) {
            assertThat(args[1]).as("output type of %s", function).isEqualTo(expected.get(1));
        }
        assertThat(type.getConstructor(Map.class, Clock.class)).as("the local twin's constructor").isNotNull();
        assertThat(type.getConstructor()).as("Lambda's constructor").isNotNull();
    }

    @ParameterizedTest
    @MethodSource("functions")
    void environment_shouldSetEveryVariableTheHandlerReads(String function) {
        Set<String> set = new HashSet<>();
        TemplateResources.template().path("Globals").path("Function").path("Environment").path("Variables")
                .fieldNames().forEachRemaining(set::add);
        TemplateResources.properties(function).path("Environment").path("Variables").fieldNames().forEachRemaining(set::add);
        set.addAll(LAMBDA_PROVIDES);
        String handler = TemplateResources.properties(function).get("Handler").asText().split("::")[0];
        assertThat(set).as("variables of %s", function).containsAll(READS.get(handler));
    }

    @ParameterizedTest
    @CsvSource({"EventsQueue, Events", "HandRaiserQueue, HandRaisers"})
    void eventQueues_shouldHideMessagesAtLeastSixTimesTheScorersTimeout_andRedriveToTheDeadLetterQueue(String queue,
                                                                                                       String mapping) {
        int timeout = TemplateResources.properties("ScoreFunction").path("Timeout").asInt();
        JsonNode q = TemplateResources.properties(queue);
        assertThat(q.path("VisibilityTimeout").asInt()).isGreaterThanOrEqualTo(6 * timeout);
        assertThat(q.path("RedrivePolicy").path("deadLetterTargetArn").asText())
                .isEqualTo("EventsDeadLetterQueue.Arn");
        JsonNode source = TemplateResources.properties("ScoreFunction").path("Events").path(mapping).path("Properties");
        assertThat(source.path("Queue").asText()).isEqualTo(queue + ".Arn");
        assertThat(source.path("FunctionResponseTypes").get(0).asText()).isEqualTo("ReportBatchItemFailures");
    }

    @Test
    void handoffStream_shouldReportBatchItemFailures() {
        assertThat(TemplateResources.properties("HandoffFunction").path("Events").path("Qualified").path("Properties")
                .path("FunctionResponseTypes").get(0).asText()).isEqualTo("ReportBatchItemFailures");
    }

    @Test
    void handoffStream_shouldBisectRetryABoundedNumberOfTimes_andSendWhatItGivesUpOnToAnAlarmedQueue() {
        JsonNode mapping = TemplateResources.properties("HandoffFunction").path("Events").path("Qualified")
                .path("Properties");
        assertThat(mapping.path("BisectBatchOnFunctionError").asBoolean(false)).as("BisectBatchOnFunctionError")
                .isTrue();
        // Lambda's default for both is -1, infinite: one poison record would then hold up its shard for 24 hours
        assertThat(mapping.path("MaximumRetryAttempts").isInt()).as("MaximumRetryAttempts is set").isTrue();
        assertThat(mapping.path("MaximumRetryAttempts").asInt()).isBetween(1, 10);
        assertThat(mapping.path("MaximumRecordAgeInSeconds").isInt()).as("MaximumRecordAgeInSeconds is set").isTrue();
        assertThat(mapping.path("MaximumRecordAgeInSeconds").asInt()).isBetween(60, 6 * 3600);
        JsonNode onFailure = mapping.path("DestinationConfig").path("OnFailure");
        assertThat(onFailure.path("Type").asText()).isEqualTo("SQS");
        String queue = onFailure.path("Destination").asText().replace(".Arn", "");
        assertThat(TemplateResources.template().path("Resources").path(queue).path("Type").asText())
                .as("the on-failure destination %s", queue).isEqualTo("AWS::SQS::Queue");
        assertThat(alarmedQueues()).as("queues with an alarm on their depth").contains(queue);
        assertThat(TemplateResources.properties(queue).path("MessageRetentionPeriod").asInt())
                .as("a failure record outlives a long weekend").isGreaterThanOrEqualTo(4 * 24 * 3600);
    }

    /** Queues whose visible messages an alarm watches, by logical id. */
    private static Set<String> alarmedQueues() {
        Set<String> queues = new HashSet<>();
        TemplateResources.template().path("Resources").forEach(r -> {
            if (r.path("Type").asText().equals("AWS::CloudWatch::Alarm")
                    && r.path("Properties").path("MetricName").asText().equals("ApproximateNumberOfMessagesVisible")
                    && r.path("Properties").path("AlarmActions").size() > 0) {
                r.path("Properties").path("Dimensions").forEach(d -> queues.add(d.path("Value").asText()
                        .replace(".QueueName", "")));
            }
        });
        return queues;
    }

    @Test
    void httpApi_shouldThrottleEveryRoute_withParametersWhoseDefaultsKeepTheBurstAtLeastTheRate() {
        JsonNode route = TemplateResources.properties("HttpApi").path("DefaultRouteSettings");
        JsonNode parameters = TemplateResources.template().path("Parameters");
        // the YAML reader keeps a !Ref's target name as the value
        JsonNode rate = parameters.path(route.path("ThrottlingRateLimit").asText());
        JsonNode burst = parameters.path(route.path("ThrottlingBurstLimit").asText());
        assertThat(rate.path("Type").asText()).as("ThrottlingRateLimit's parameter").isEqualTo("Number");
        assertThat(burst.path("Type").asText()).as("ThrottlingBurstLimit's parameter").isEqualTo("Number");
        assertThat(rate.path("Default").asDouble()).as("the rate's default").isPositive();
        assertThat(burst.path("Default").asDouble()).as("the burst's default")
                .isGreaterThanOrEqualTo(rate.path("Default").asDouble());
        assertThat(burst.path("MaxValue").asInt()).as("API Gateway's largest burst").isEqualTo(5000);
    }

    @Test
    void cors_shouldNeverNameTheWildcard_andTakeItsOriginsFromAParameterWithoutDefault() {
        JsonNode cors = TemplateResources.properties("HttpApi").path("DefinitionBody").path("x-amazon-apigateway-cors");
        // !Split [',', !Ref AllowedOrigins], as the YAML reader sees it with the tags dropped
        assertThat(cors.path("allowOrigins")).extracting(JsonNode::asText).containsExactly(",", "AllowedOrigins");
        assertThat(TemplateResources.template().path("Parameters").path("AllowedOrigins").has("Default"))
                .as("a default would deploy an allow-list nobody chose").isFalse();
        for (String field : List.of("allowMethods", "allowHeaders", "exposeHeaders")) {
            assertThat(cors.path(field)).as(field).isNotEmpty().extracting(JsonNode::asText).doesNotContain("*");
        }
        assertThat(TemplateResources.properties("HttpApi").has("CorsConfiguration"))
                .as("CORS lives in the OpenAPI body only").isFalse();
        List<String> wildcards = new java.util.ArrayList<>();
        collectWildcards(TemplateResources.template().path("Resources"), "Resources", wildcards);
        assertThat(wildcards).as("values that are a bare * anywhere in the resources").isEmpty();
    }

    private static void collectWildcards(JsonNode node, String path, List<String> found) {
        if (node.isTextual() && node.asText().trim().equals("*")) {
            found.add(path);
        }
        node.fields().forEachRemaining(e -> collectWildcards(e.getValue(), path + "." + e.getKey(), found));
        for (int i = 0; node.isArray() && i < node.size(); i++) {
            collectWildcards(node.get(i), path + "[" + i + "]", found);
        }
    }

    /** SQS actions of the SAM policy templates (samtranslator's policy_templates.json), by template name. */
    private static final Map<String, List<String>> SQS_POLICY_ACTIONS = Map.of(
            "SQSPollerPolicy", List.of("sqs:ChangeMessageVisibility", "sqs:ChangeMessageVisibilityBatch",
                    "sqs:DeleteMessage", "sqs:DeleteMessageBatch", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"),
            "SQSSendMessagePolicy", List.of("sqs:SendMessage*"));

    @ParameterizedTest
    @CsvSource({"EVENTS_QUEUE_URL", "HAND_RAISER_QUEUE_URL"})
    void scoreFunction_shouldBeAllowedToSendMessages_onEveryQueueItRequeuesTo(String variable) {
        // SqsRequeue calls SendMessageBatch on the queues named by these variables (ScoreConfig)
        assertThat(ScoreConfig.VARIABLES).contains(variable);
        String queue = TemplateResources.properties("ScoreFunction").path("Environment").path("Variables")
                .path(variable).asText();
        assertThat(TemplateResources.template().path("Resources").path(queue).path("Type").asText())
                .as("%s names a queue of the template", variable).isEqualTo("AWS::SQS::Queue");
        Set<String> granted = new HashSet<>();
        TemplateResources.properties("ScoreFunction").path("Policies").forEach(policy ->
                policy.fields().forEachRemaining(e -> {
                    if (e.getValue().path("QueueName").asText().equals(queue + ".QueueName")) {
                        granted.addAll(SQS_POLICY_ACTIONS.getOrDefault(e.getKey(), List.of()));
                    }
                }));
        assertThat(granted).as("actions ScoreFunction may take on %s", queue).contains("sqs:SendMessage*")
                .as("nothing changes a message's visibility any more").doesNotContain("sqs:ChangeMessageVisibilityBatch");
    }

    @ParameterizedTest
    @CsvSource({"EventsQueue", "HandRaiserQueue"})
    void dedupeHorizon_shouldCoverTheQueuesRetention_andTheIngestHorizon(String queue) {
        long retention = TemplateResources.properties(queue).path("MessageRetentionPeriod").asLong();
        assertThat(Duration.ofSeconds(retention)).as("%s retention, in the dedupe horizon", queue)
                .isEqualTo(LeadScorer.EVENTS_QUEUE_RETENTION);
        assertThat(TemplateResources.properties("ScoreFunction").path("Environment").path("Variables")
                .path("MAX_EVENT_AGE").asText()).as("the score function's horizon is ingest's")
                .isEqualTo(TemplateResources.properties("IngestFunction").path("Environment").path("Variables")
                        .path("MAX_EVENT_AGE").asText()).isNotEmpty();
    }
}
