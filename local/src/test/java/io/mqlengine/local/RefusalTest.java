package io.mqlengine.local;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqlengine.local.template.TemplateRefusal;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RefusalTest {
    private static final String CODE = TwinLines.template("http.yaml").getParent().getParent().toString();

    @TempDir
    Path dir;

    @Test
    void start_shouldRefuseNamingResourceAndProperty_whenAPropertyIsUnknown() {
        String template = function("ScheduleHandler", "      Handler: io.mqlengine.local.handlers.ScheduleHandler::handleRequest\n"
                + "      Frobnicate: true\n");

        assertThatThrownBy(() -> RefusedStart.start(dir, template)).isInstanceOf(TemplateRefusal.class)
                .hasMessageStartingWith("Resources.Fn.Properties.Frobnicate: unknown property");
    }

    @Test
    void start_shouldRefuseNamingTheResource_whenTheResourceTypeIsUnknown() {
        String template = header() + "Resources:\n  Stream:\n    Type: AWS::Kinesis::Stream\n";

        assertThatThrownBy(() -> RefusedStart.start(dir, template)).isInstanceOf(TemplateRefusal.class)
                .hasMessageStartingWith("Resources.Stream.Type: unknown resource type AWS::Kinesis::Stream");
    }

    @Test
    void start_shouldRefuseNamingHandler_whenTheHandlerClassIsNotARequestHandler() {
        String template = function("x", "      Handler: io.mqlengine.local.handlers.NotAHandler::handleRequest\n");

        assertThatThrownBy(() -> RefusedStart.start(dir, template)).isInstanceOf(TemplateRefusal.class)
                .hasMessage("Resources.Fn.Properties.Handler: io.mqlengine.local.handlers.NotAHandler does not implement "
                        + "com.amazonaws.services.lambda.runtime.RequestHandler");
    }

    @Test
    void start_shouldRefuseNamingHandler_whenTheHandlerClassIsMissing() {
        String template = function("x", "      Handler: io.x.Y::handleRequest\n");

        assertThatThrownBy(() -> RefusedStart.start(dir, template)).isInstanceOf(TemplateRefusal.class)
                .hasMessage("Resources.Fn.Properties.Handler: class io.x.Y not found in " + CODE);
    }

    @Test
    void start_shouldRefuseNamingHandler_whenTheHandlerInputDoesNotMatchItsTrigger() {
        String template = function("x", "      Handler: io.mqlengine.local.handlers.BatchHandler::handleRequest\n");

        assertThatThrownBy(() -> RefusedStart.start(dir, template)).isInstanceOf(TemplateRefusal.class)
                .hasMessageContaining("Resources.Fn.Properties.Handler: io.mqlengine.local.handlers.BatchHandler handles SQSEvent")
                .hasMessageContaining("delivers ScheduledEvent");
    }

    @Test
    void start_shouldRefuseNamingFunctionAndVariable_whenTheHandlerConstructorFails() {
        String template = function("x", "      Handler: io.mqlengine.local.handlers.ConfigFailHandler::handleRequest\n");

        assertThatThrownBy(() -> RefusedStart.start(dir, template)).isInstanceOf(TemplateRefusal.class)
                .hasMessageStartingWith("Resources.Fn.Properties.Handler:")
                .hasMessageContaining("missing environment variable REQUIRED_SETTING");
    }

    @Test
    void start_shouldRefuseNamingTheParameter_whenItsValueFailsAllowedPattern() {
        String template = header() + "Parameters:\n  Key:\n    Type: String\n    Default: ok-key\n    AllowedPattern: '[a-z]+'\n"
                + "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n";

        assertThatThrownBy(() -> RefusedStart.start(dir, template)).isInstanceOf(TemplateRefusal.class)
                .hasMessage("Parameters.Key.AllowedPattern: 'ok-key' does not match [a-z]+");
    }

    @Test
    void start_shouldRefuseNamingTheCodeUri_whenTheCodeIsMissing() {
        String template = header() + "Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n"
                + "      Runtime: java21\n      CodeUri: functions/target/mql-functions.jar\n      Handler: a.B::handleRequest\n";

        assertThatThrownBy(() -> RefusedStart.start(dir, template)).isInstanceOf(TemplateRefusal.class)
                .hasMessageStartingWith("Resources.Fn.Properties.CodeUri: functions/target/mql-functions.jar does not exist");
    }

    @Test
    void start_shouldRefuseNamingTheCondition_whenFnIfNamesAnUndeclaredCondition() {
        String template = header() + "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n"
                + "      TopicName: !If [IsProd, a, b]\n";

        assertThatThrownBy(() -> RefusedStart.start(dir, template)).isInstanceOf(TemplateRefusal.class)
                .hasMessageContaining("Resources.Topic.Properties.TopicName.Fn::If: names condition IsProd, which Conditions "
                        + "does not declare");
    }

    private static String header() {
        return "AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\n";
    }

    private static String function(String unused, String properties) {
        return header() + "Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n"
                + "      Runtime: java21\n      CodeUri: " + CODE + "\n" + properties
                + "      Events:\n        Tick:\n          Type: Schedule\n          Properties:\n            Schedule: rate(1 day)\n";
    }
}
