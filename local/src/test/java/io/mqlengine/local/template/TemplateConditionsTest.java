package io.mqlengine.local.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Conditions decided from parameter values before planning, as CloudFormation decides them at deployment. */
class TemplateConditionsTest {
    private static final String TEMPLATE = """
        Parameters:
          Archive: {Type: String, Default: 'on'}
          Stage: {Type: String, Default: prod}
          Retention: {Type: Number, Default: 30}
        Conditions:
          ArchiveOn: !Equals [!Ref Archive, 'on']
          ArchiveOff: !Not [!Condition ArchiveOn]
          Prod: !Equals [prod, !Ref Stage]
          ProdArchive: !And [!Condition ArchiveOn, !Condition Prod]
          ProdOrArchive: !Or [!Condition ArchiveOn, !Condition Prod]
          LongRetention: !Equals [!Ref Retention, 30]
          Literals: {Fn::Equals: [a, a]}
        Resources:
          Bucket: {Type: AWS::S3::Bucket, Condition: ArchiveOn}
          Queue: {Type: AWS::SQS::Queue, Condition: ArchiveOff}
          Both: {Type: AWS::SQS::Queue, Condition: ProdArchive}
          Either: {Type: AWS::SQS::Queue, Condition: ProdOrArchive}
          Always: {Type: AWS::SQS::Queue}
          Function:
            Type: AWS::Serverless::Function
            Properties:
              Environment:
                Variables:
                  ARCHIVE_BUCKET: !If [ArchiveOn, !Ref Bucket, !Ref AWS::NoValue]
                  MODE: !If [ArchiveOff, quiet, !If [LongRetention, long, short]]
                  SAME: !If [Literals, same, different]
              Policies:
                - !If [ArchiveOn, {Statement: [{Effect: Allow, Action: 's3:PutObject'}]}, !Ref AWS::NoValue]
                - SQSSendMessagePolicy: {QueueName: x}
        Outputs:
          BucketName: {Condition: ArchiveOn, Value: !Ref Bucket}
          QueueName: {Value: !Ref Always}
        """;

    @Test
    void apply_shouldKeepConditionalResourcesAndChooseTrueBranches_whenTheConditionsHold() {
        JsonNode root = apply(TEMPLATE, Map.of());

        assertThat(root.has("Conditions")).as("the Conditions section is gone").isFalse();
        assertThat(names(root.path("Resources"))).containsExactly("Bucket", "Both", "Either", "Always", "Function");
        assertThat(root.path("Resources").path("Bucket").has("Condition")).as("the Condition attribute is gone").isFalse();
        JsonNode vars = root.path("Resources").path("Function").path("Properties").path("Environment").path("Variables");
        assertThat(vars.path("ARCHIVE_BUCKET")).isEqualTo(TemplateReader.parse("r: !Ref Bucket").get("r"));
        assertThat(vars.path("MODE").asText()).as("nested Fn::If on a Number parameter").isEqualTo("long");
        assertThat(vars.path("SAME").asText()).as("Fn::Equals of two literals").isEqualTo("same");
        JsonNode policies = root.path("Resources").path("Function").path("Properties").path("Policies");
        assertThat(policies.get(0).path("Statement").get(0).path("Action").asText()).isEqualTo("s3:PutObject");
        assertThat(names(root.path("Outputs"))).containsExactly("BucketName", "QueueName");
        assertThat(root.path("Outputs").path("BucketName").has("Condition")).isFalse();
    }

    @Test
    void apply_shouldDropConditionalResourcesAndOutputsAndChooseFalseBranches_whenTheConditionsFail() {
        JsonNode root = apply(TEMPLATE, Map.of("Archive", "off", "Stage", "dev", "Retention", "7"));

        assertThat(names(root.path("Resources"))).containsExactly("Queue", "Always", "Function");
        JsonNode vars = root.path("Resources").path("Function").path("Properties").path("Environment").path("Variables");
        assertThat(vars.path("ARCHIVE_BUCKET").path("Ref").asText())
                .as("the false branch, AWS::NoValue, left for the resolver to drop").isEqualTo("AWS::NoValue");
        assertThat(vars.path("MODE").asText()).isEqualTo("quiet");
        assertThat(root.path("Resources").path("Function").path("Properties").path("Policies").get(0)
                .path("Ref").asText()).isEqualTo("AWS::NoValue");
        assertThat(names(root.path("Outputs"))).containsExactly("QueueName");
    }

    @Test
    void apply_shouldDecideOrAndNotEachWay_whenOnlyOneSideHolds() {
        JsonNode prodOnly = apply(TEMPLATE, Map.of("Archive", "off"));
        assertThat(names(prodOnly.path("Resources"))).as("Or with one side true, And with one side false, Not of false")
                .containsExactly("Queue", "Either", "Always", "Function");

        JsonNode archiveOnly = apply(TEMPLATE, Map.of("Stage", "dev"));
        assertThat(names(archiveOnly.path("Resources"))).containsExactly("Bucket", "Either", "Always", "Function");
    }

    @Test
    void apply_shouldDropAKeyThroughTheResolver_whenFnIfChoosesNoValue() {
        Template off = TemplateConditions.apply(template(TEMPLATE), parameters(TEMPLATE, Map.of("Archive", "off")));
        PhysicalNames names = new PhysicalNames(off, new PhysicalNames.Endpoints("http://127.0.0.1:9324",
                "http://127.0.0.1:8000", "http://127.0.0.1:9195", "http://127.0.0.1:8080", Map.of()));
        Intrinsics intrinsics = new Intrinsics(parameters(TEMPLATE, Map.of("Archive", "off")), names);
        names.bind(intrinsics);

        JsonNode vars = intrinsics.resolve(off.properties("Function").path("Environment").path("Variables"), "Variables");
        JsonNode policies = intrinsics.resolve(off.properties("Function").path("Policies"), "Policies");

        assertThat(vars.has("ARCHIVE_BUCKET")).isFalse();
        assertThat(vars.path("MODE").asText()).isEqualTo("quiet");
        assertThat(policies).hasSize(1);
        assertThat(policies.get(0).has("SQSSendMessagePolicy")).isTrue();
    }

    @Test
    void apply_shouldRefuseNamingTheFunctionAndPath_whenAConditionUsesAnUnsupportedFunction() {
        String text = """
            Parameters:
              Stage: {Type: String, Default: prod}
            Conditions:
              Listed: !Contains [[prod, stage], !Ref Stage]
            Resources:
              Queue: {Type: AWS::SQS::Queue, Condition: Listed}
            """;

        assertThatThrownBy(() -> apply(text, Map.of()))
                .isInstanceOf(TemplateRefusal.class)
                .hasMessageStartingWith("Conditions.Listed.Fn::Contains: is not supported in Conditions by the local twin")
                .hasMessageContaining("Fn::Equals, Fn::Not, Fn::And, Fn::Or and Condition are");
    }

    @Test
    void apply_shouldRefuseNamingTheCondition_whenAResourceNamesOneNotDeclaredOrAConditionRefersToItself() {
        String undeclared = "Resources:\n  Queue: {Type: AWS::SQS::Queue, Condition: Missing}\n";
        assertThatThrownBy(() -> apply(undeclared, Map.of()))
                .hasMessage("Resources.Queue.Condition: names condition Missing, which Conditions does not declare");

        String loop = """
            Conditions:
              A: !Not [!Condition B]
              B: !Not [!Condition A]
            Resources:
              Queue: {Type: AWS::SQS::Queue, Condition: A}
            """;
        assertThatThrownBy(() -> apply(loop, Map.of())).hasMessageContaining("refers to itself");

        String undeclaredIf = "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n"
                + "      TopicName: !If [IsProd, a, b]\n";
        assertThatThrownBy(() -> apply(undeclaredIf, Map.of()))
                .hasMessage("Resources.Topic.Properties.TopicName.Fn::If: names condition IsProd, which Conditions does not declare");
    }

    @Test
    void apply_shouldRefuseNamingTheRef_whenFnEqualsRefersToAResource() {
        String text = """
            Conditions:
              Odd: !Equals [!Ref Queue, x]
            Resources:
              Queue: {Type: AWS::SQS::Queue, Condition: Odd}
            """;

        assertThatThrownBy(() -> apply(text, Map.of()))
                .hasMessage("Conditions.Odd.Fn::Equals[0]: Ref Queue in a condition must name a parameter of the template");
    }

    private static JsonNode apply(String text, Map<String, String> overrides) {
        return TemplateConditions.apply(template(text), parameters(text, overrides)).root();
    }

    private static Template template(String text) {
        return new Template(Path.of("/tmp/template.yaml"), TemplateReader.parse(text));
    }

    private static ParameterValues parameters(String text, Map<String, String> overrides) {
        return ParameterValues.resolve(template(text), overrides);
    }

    private static List<String> names(JsonNode section) {
        List<String> out = new ArrayList<>();
        section.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
