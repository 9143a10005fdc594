package io.mqlengine.local.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IntrinsicsTest {
    private static final String TEMPLATE = """
        Parameters:
          Origins: {Type: String, Default: 'https://a.example,https://b.example'}
          Retention: {Type: Number, Default: 30}
        Resources:
          Jobs: {Type: AWS::SQS::Queue, Properties: {FifoQueue: true}}
          Leads:
            Type: AWS::DynamoDB::Table
            Properties: {StreamSpecification: {StreamViewType: NEW_IMAGE}}
          Topic: {Type: AWS::SNS::Topic}
        Values:
          ref: !Ref Jobs
          table: !Ref Leads
          arn: !GetAtt Jobs.Arn
          name: {Fn::GetAtt: [Jobs, QueueName]}
          stream: !GetAtt Leads.StreamArn
          split: !Split [',', !Ref Origins]
          join: !Join ['|', !Split [',', !Ref Origins]]
          select: !Select [1, !Split [',', !Ref Origins]]
          sub: !Sub 'https://${Jobs.QueueName}.${AWS::Region}.${AWS::URLSuffix}/${Retention}/${!Literal}'
          subWithMap: !Sub ['${Who} in ${AWS::AccountId}', {Who: !Ref Topic}]
          noValue: !Ref AWS::NoValue
        """;

    @Test
    void resolve_shouldHonourRefGetAttSubSplitJoinAndPseudoParameters_whenShortAndLongFormsMix() {
        JsonNode v = resolve("Values");

        assertThat(v.path("ref").asText()).isEqualTo("http://127.0.0.1:9324/000000000000/mql-local-Jobs.fifo");
        assertThat(v.path("table").asText()).isEqualTo("mql-local-Leads");
        assertThat(v.path("arn").asText()).isEqualTo("arn:aws:sqs:us-east-1:000000000000:mql-local-Jobs.fifo");
        assertThat(v.path("name").asText()).isEqualTo("mql-local-Jobs.fifo");
        assertThat(v.path("stream").asText()).isEqualTo("arn:aws:dynamodb:ddblocal:000000000000:table/mql-local-Leads/stream/x");
        assertThat(v.path("split")).hasSize(2);
        assertThat(v.path("join").asText()).isEqualTo("https://a.example|https://b.example");
        assertThat(v.path("select").asText()).isEqualTo("https://b.example");
        assertThat(v.path("sub").asText()).isEqualTo("https://mql-local-Jobs.fifo.us-east-1.amazonaws.com/30/${Literal}");
        assertThat(v.path("subWithMap").asText()).isEqualTo("arn:aws:sns:us-east-1:000000000000:mql-local-Topic in 000000000000");
        assertThat(v.has("noValue")).isFalse();
    }

    @Test
    void resolve_shouldRefuseNamingThePath_whenAnIntrinsicIsUnsupportedOrARefIsUnknown() {
        ObjectNode root = TemplateReader.parse("Resources: {}\nValues:\n  a: !If [Cond, x, y]\n  b: !Ref Nowhere\n");
        Intrinsics intrinsics = intrinsics(root);

        assertThatThrownBy(() -> intrinsics.resolve(root.get("Values").get("a"), "Values.a"))
                .hasMessageStartingWith("Values.a.Fn::If: intrinsic function !If is not supported");
        assertThatThrownBy(() -> intrinsics.resolve(root.get("Values").get("b"), "Values.b"))
                .hasMessageContaining("Ref to Nowhere, which is neither a parameter nor a resource");
    }

    private static JsonNode resolve(String section) {
        ObjectNode root = TemplateReader.parse(TEMPLATE);
        return intrinsics(root).resolve(root.get(section), section);
    }

    private static Intrinsics intrinsics(ObjectNode root) {
        Template template = new Template(Path.of("/tmp/template.yaml"), root);
        PhysicalNames names = new PhysicalNames(template, new PhysicalNames.Endpoints("http://127.0.0.1:9324",
                "http://127.0.0.1:8000", "http://127.0.0.1:9195", "http://127.0.0.1:8080",
                Map.of("Leads", "arn:aws:dynamodb:ddblocal:000000000000:table/mql-local-Leads/stream/x")));
        Intrinsics intrinsics = new Intrinsics(ParameterValues.resolve(template, Map.of()), names);
        names.bind(intrinsics);
        return intrinsics;
    }
}
