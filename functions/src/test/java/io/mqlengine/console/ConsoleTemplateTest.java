package io.mqlengine.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mqlengine.service.HealthApi;
import io.mqlengine.testing.TemplateResources;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The console's functions in template.yaml: the health page shows every queue, judges every alarm by the alarm's own
 * rule, and may read the depth of those queues only; the page is public and every data route is IAM-signed.
 */
class ConsoleTemplateTest {
    private static final JsonNode API = TemplateResources.properties("ConsoleApiFunction");

    private static List<String> resources(String type) {
        List<String> ids = new ArrayList<>();
        TemplateResources.template().path("Resources").fields().forEachRemaining(e -> {
            if (e.getValue().path("Type").asText().equals(type)) {
                ids.add(e.getKey());
            }
        });
        return ids;
    }

    @Test
    void alarmedQueues_shouldNameEveryAlarm_withTheQueueItWatches_andARuleTheHealthPageEvaluates() {
        String alarmed = API.path("Environment").path("Variables").path("ALARMED_QUEUES").asText();
        List<String> alarms = resources("AWS::CloudWatch::Alarm");
        assertThat(alarms).isNotEmpty();
        for (String alarm : alarms) {
            JsonNode p = TemplateResources.properties(alarm);
            String queue = p.path("Dimensions").get(0).path("Value").asText().replace(".QueueName", "");
            assertThat(alarmed).as(alarm).contains(alarm + "=${" + queue + "}");
            assertThat(p.path("Namespace").asText()).as(alarm).isEqualTo("AWS/SQS");
            assertThat(p.path("MetricName").asText()).as(alarm).isEqualTo("ApproximateNumberOfMessagesVisible");
            assertThat(p.path("ComparisonOperator").asText()).as(alarm).isEqualTo("GreaterThanOrEqualToThreshold");
            assertThat(p.path("Threshold").asLong()).as(alarm).isEqualTo(HealthApi.ALARM_THRESHOLD);
        }
        assertThat(alarmed.split(",")).hasSameSizeAs(alarms);
    }

    @Test
    void healthPage_shouldShowEveryQueue_andMayReadTheDepthOfThoseOnly() {
        JsonNode vars = API.path("Environment").path("Variables");
        String shown = vars.path("QUEUES").asText() + "," + vars.path("ALARMED_QUEUES").asText();
        List<String> queues = resources("AWS::SQS::Queue");
        List<String> readable = new ArrayList<>();
        API.path("Policies").forEach(p -> p.path("Statement").forEach(s -> {
            if (s.path("Action").asText().equals("sqs:GetQueueAttributes")) {
                s.path("Resource").forEach(r -> readable.add(r.asText().replace(".Arn", "")));
            }
        }));
        for (String queue : queues) {
            assertThat(shown).as(queue).contains("${" + queue + "}");
        }
        assertThat(readable).containsExactlyInAnyOrderElementsOf(queues);
    }

    @Test
    void page_shouldBePublic_andEveryDataRouteIamSigned() {
        TemplateResources.properties("ConsoleFunction").path("Events").forEach(e ->
                assertThat(e.path("Properties").path("Auth").isMissingNode()).as(e.toString()).isTrue());
        List<String> routes = new ArrayList<>();
        API.path("Events").forEach(e -> {
            routes.add(e.path("Properties").path("Method").asText() + " " + e.path("Properties").path("Path").asText());
            assertThat(e.path("Properties").path("Auth").path("Authorizer").asText()).as(e.toString()).isEqualTo("AWS_IAM");
        });
        assertThat(routes).containsExactlyInAnyOrder("GET /v1/console/funnel", "GET /v1/console/model",
                "GET /v1/console/health", "POST /v1/console/what-if");
    }
}
