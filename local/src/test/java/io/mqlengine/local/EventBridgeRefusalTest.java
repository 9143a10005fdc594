package io.mqlengine.local;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqlengine.local.template.TemplateRefusal;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the twin refuses at start about buses, rules and their targets, naming the rule, the target and what is refused. */
class EventBridgeRefusalTest {
    private static final String CODE = TwinLines.template("http.yaml").getParent().getParent().toString();

    @TempDir
    Path dir;

    @Test
    void start_shouldRefuseNamingRuleAndTarget_whenATargetIsAnSnsTopic() {
        String template = rule("""
                        - Id: crm-topic
                          Arn: !Ref Topic
                """) + "  Topic:\n    Type: AWS::SNS::Topic\n";

        assertThatThrownBy(() -> RefusedStart.start(dir, template)).isInstanceOf(TemplateRefusal.class)
                .hasMessage("Resources.Recycled.Properties.Targets[0].Arn: rule Recycled target 'crm-topic' is an SNS topic "
                        + "(arn:aws:sns:us-east-1:000000000000:mql-local-Topic); the local twin delivers rule targets only to "
                        + "SQS queues and Lambda functions of the template");
    }

    @Test
    void start_shouldRefuseNamingRuleAndTarget_whenATargetIsAKinesisStream() {
        String template = rule("""
                        - Id: queue
                          Arn: !GetAtt Queue.Arn
                        - Id: stream
                          Arn: arn:aws:kinesis:us-east-1:000000000000:stream/leads
                """);

        assertThatThrownBy(() -> RefusedStart.start(dir, template)).isInstanceOf(TemplateRefusal.class)
                .hasMessageStartingWith("Resources.Recycled.Properties.Targets[1].Arn: rule Recycled target 'stream' is a "
                        + "Kinesis stream (arn:aws:kinesis:us-east-1:000000000000:stream/leads)");
    }

    @Test
    void start_shouldRefuseNamingTheProperty_whenATargetUsesAnInputTransformerOrARetryPolicy() {
        String transformer = rule("""
                        - Id: queue
                          Arn: !GetAtt Queue.Arn
                          InputTransformer:
                            InputTemplate: '"<leadId>"'
                """);
        String retries = rule("""
                        - Id: queue
                          Arn: !GetAtt Queue.Arn
                          RetryPolicy: {MaximumRetryAttempts: 3}
                """);

        assertThatThrownBy(() -> RefusedStart.start(dir, transformer)).isInstanceOf(TemplateRefusal.class)
                .hasMessage("Resources.Recycled.Properties.Targets[0].InputTransformer: rule Recycled target 'queue': "
                        + "InputTransformer is refused: InputTransformer reshapes the event; the local twin delivers the event as is");
        assertThatThrownBy(() -> RefusedStart.start(dir, retries)).isInstanceOf(TemplateRefusal.class)
                .hasMessageStartingWith("Resources.Recycled.Properties.Targets[0].RetryPolicy: rule Recycled target 'queue': "
                        + "RetryPolicy is refused");
    }

    @Test
    void start_shouldRefuseTheRule_whenItsBusIsNotInTheTemplateOrItsPatternIsInvalid() {
        String otherBus = rule("""
                        - Id: queue
                          Arn: !GetAtt Queue.Arn
                """).replace("EventBusName: !Ref Bus", "EventBusName: someone-elses-bus");
        String badPattern = rule("""
                        - Id: queue
                          Arn: !GetAtt Queue.Arn
                """).replace("to: [RECYCLED]", "to: RECYCLED");

        assertThatThrownBy(() -> RefusedStart.start(dir, otherBus)).isInstanceOf(TemplateRefusal.class)
                .hasMessageStartingWith("Resources.Recycled.Properties.EventBusName: rule Recycled: someone-elses-bus is not an "
                        + "event bus of this template");
        assertThatThrownBy(() -> RefusedStart.start(dir, badPattern)).isInstanceOf(TemplateRefusal.class)
                .hasMessage("Resources.Recycled.Properties.EventPattern: rule Recycled: detail.to: leaf values must be lists, "
                        + "e.g. [\"RECYCLED\"]");
    }

    @Test
    void start_shouldRefuseTheTarget_whenItsFunctionCannotTakeAnEventBridgeEvent() {
        String template = rule("""
                        - Id: batch
                          Arn: !GetAtt Fn.Arn
                """) + "  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: java21\n      CodeUri: " + CODE
                + "\n      Handler: io.mqlengine.local.handlers.BatchHandler::handleRequest\n";

        assertThatThrownBy(() -> RefusedStart.start(dir, template)).isInstanceOf(TemplateRefusal.class)
                .hasMessage("Resources.Recycled.Properties.Targets[0].Arn: rule Recycled target 'batch' invokes Fn, whose "
                        + "handler io.mqlengine.local.handlers.BatchHandler takes SQSEvent; an EventBridge event reaches a Java "
                        + "handler as a Map<String, Object> or a ScheduledEvent");
    }

    @Test
    void start_shouldRefuseTheQueuePolicy_whenItNamesAQueueOutsideTheTemplate() {
        String template = rule("""
                        - Id: queue
                          Arn: !GetAtt Queue.Arn
                """) + """
                  Policy:
                    Type: AWS::SQS::QueuePolicy
                    Properties:
                      Queues: [http://127.0.0.1:1/000000000000/elsewhere]
                      PolicyDocument: {Statement: []}
                """;

        assertThatThrownBy(() -> RefusedStart.start(dir, template)).isInstanceOf(TemplateRefusal.class)
                .hasMessage("Resources.Policy.Properties.Queues: queue policy Policy: http://127.0.0.1:1/000000000000/elsewhere "
                        + "is not a queue of this template");
    }

    /** A template with a bus, a queue and a rule on the bus with the given targets (YAML list items, 8 spaces in). */
    private static String rule(String targets) {
        return """
                AWSTemplateFormatVersion: '2010-09-09'
                Transform: AWS::Serverless-2016-10-31
                Resources:
                  Bus:
                    Type: AWS::Events::EventBus
                    Properties:
                      Name: lifecycle
                  Queue:
                    Type: AWS::SQS::Queue
                  Recycled:
                    Type: AWS::Events::Rule
                    Properties:
                      EventBusName: !Ref Bus
                      EventPattern:
                        source: [mql-engine]
                        detail:
                          to: [RECYCLED]
                      Targets:
                """ + targets;
    }
}
