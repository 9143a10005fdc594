package io.mqlengine.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mqlengine.local.plan.Planner;
import io.mqlengine.local.plan.RulePlan;
import io.mqlengine.local.plan.Trigger;
import io.mqlengine.local.plan.TwinPlan;
import io.mqlengine.local.template.ParameterValues;
import io.mqlengine.local.template.PhysicalNames;
import io.mqlengine.local.template.Template;
import io.mqlengine.local.template.TemplateReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The project's own template.yaml, through the template model and intrinsics resolver only (no functions run). */
class ProjectTemplateTest {
    private static final Path TEMPLATE = Path.of("..", "template.yaml").toAbsolutePath().normalize();

    @Test
    void plan_shouldUnderstandEveryResource_whenReadingTheProjectTemplate() {
        assumeTrue(Files.exists(TEMPLATE), "no template.yaml beside local/");
        assumeTrue(Files.exists(TEMPLATE.resolveSibling("functions/target/mql-functions.jar")),
                "functions/target/mql-functions.jar is not built yet (mvn -pl functions package); the plan checks CodeUri exists");
        Template template = TemplateReader.read(TEMPLATE);

        TwinPlan plan = Planner.plan(template, ParameterValues.resolve(template, Map.of()), new PhysicalNames.Endpoints(
                "http://127.0.0.1:9324", "http://127.0.0.1:8000", "http://127.0.0.1:9195", "http://127.0.0.1:8080", Map.of()));

        assertThat(plan.functions()).containsOnlyKeys("IngestFunction", "ScoreFunction", "HandoffFunction", "SweepFunction",
                "OutcomeFunction", "WebhookFunction", "LifecycleFunction", "LeadApiFunction", "RescoreFunction", "ConsoleFunction",
                "ConsoleApiFunction");
        assertThat(plan.tables()).containsKey("LeadsTable");
        assertThat(plan.queues()).hasSize(10);
        assertThat(plan.buses()).containsOnlyKeys("LifecycleBus");
        assertThat(plan.buses().get("LifecycleBus").name()).isEqualTo("mql-local-lifecycle");
        assertThat(plan.rules()).singleElement().satisfies(rule -> {
            assertThat(rule.busName()).isEqualTo("mql-local-lifecycle");
            assertThat(rule.targets()).containsExactly(new RulePlan.QueueTarget("nurture-queue",
                    "Resources.RecycledToNurture.Properties.Targets[0]", "NurtureQueue"));
        });
        assertThat(plan.functions().get("LifecycleFunction").environment()).containsEntry("AWS_ENDPOINT_URL_EVENTBRIDGE",
                "http://127.0.0.1:9195").containsEntry("LIFECYCLE_BUS_NAME", "mql-local-lifecycle");
        assertThat(plan.outputs()).containsEntry("LifecycleBusName", "mql-local-lifecycle");
        assertThat(plan.alarms()).hasSize(5);
        assertThat(plan.httpApi()).isPresent();
        assertThat(plan.triggers()).hasAtLeastOneElementOfType(Trigger.Http.class).hasAtLeastOneElementOfType(Trigger.Sqs.class)
                .hasAtLeastOneElementOfType(Trigger.Stream.class).hasAtLeastOneElementOfType(Trigger.Schedule.class);
        assertThat(plan.functions().get("IngestFunction").environment().get("SCORING_MODEL_FILE"))
                .as("/opt is the layer directory").endsWith("model/scoring-model.json");
        assertThat(plan.writeKey()).hasValue("demo-write-key");
        assertThat(plan.notEmulated()).extracting(TwinPlan.NotEmulated::feature).contains("AWS::Serverless::Function.Tracing",
                "AWS::Serverless::Function.SnapStart", "AWS::DynamoDB::Table.PointInTimeRecoverySpecification",
                "AWS::Logs::LogGroup", "AWS::SNS::Topic", "AWS::SQS::QueuePolicy");
    }
}
