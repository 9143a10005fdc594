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
import io.mqlengine.handoff.HandoffConfig;
import io.mqlengine.ingest.IngestConfig;
import io.mqlengine.score.ScoreConfig;
import io.mqlengine.sweep.SweepConfig;
import io.mqlengine.testing.TemplateResources;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Clock;
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
            "Schedule", List.of(ScheduledEvent.class, Object.class));
    /** Variables each handler's configuration reads, by handler class. */
    private static final Map<String, List<String>> READS = Map.of(
            "io.mqlengine.ingest.IngestHandler", IngestConfig.VARIABLES,
            "io.mqlengine.score.ScoreHandler", ScoreConfig.VARIABLES,
            "io.mqlengine.handoff.HandoffHandler", HandoffConfig.VARIABLES,
            "io.mqlengine.sweep.SweepHandler", SweepConfig.VARIABLES);
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
    void template_shouldDeclareTheFourFunctions() {
        assertThat(functions()).containsExactlyInAnyOrder("IngestFunction", "ScoreFunction", "HandoffFunction", "SweepFunction");
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
        assertThat(triggers).as("trigger types of %s", function).hasSize(1);
        List<Class<?>> expected = TRIGGERS.get(triggers.iterator().next());
        assertThat(args[0]).as("input type of %s", function).isEqualTo(expected.get(0));
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
}
