package io.mqlengine.local.plan;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.mqlengine.emulator.lambda.FilterPattern;
import io.mqlengine.local.schedule.expression.ScheduleExpression;
import java.util.List;
import java.util.Optional;

/** An event source of a function, as the twin runs it. */
public sealed interface Trigger {
    String functionId();

    String eventName();

    /** The aws-lambda-java-events type the handler must accept. */
    Class<?> inputType();

    /** The trigger name in invoke lines. */
    String kind();

    /** A route of the HttpApi. */
    record Http(String functionId, String eventName, HttpApiPlan.Route route) implements Trigger {
        public Class<?> inputType() {
            return APIGatewayV2HTTPEvent.class;
        }

        public String kind() {
            return "http";
        }
    }

    /** An SQS event source mapping. */
    record Sqs(String functionId, String eventName, String queueId, int batchSize, int windowSeconds,
            boolean reportFailures, boolean enabled) implements Trigger {
        public Class<?> inputType() {
            return SQSEvent.class;
        }

        public String kind() {
            return "sqs";
        }
    }

    /** A DynamoDB Streams event source mapping. */
    record Stream(String functionId, String eventName, String tableId, boolean trimHorizon, int batchSize,
            int windowSeconds, boolean bisect, int maxRetries, int maxRecordAgeSeconds, boolean reportFailures,
            Optional<String> onFailureQueueId, List<FilterPattern> filters, boolean enabled) implements Trigger {
        public Class<?> inputType() {
            return DynamodbEvent.class;
        }

        public String kind() {
            return "dynamodb";
        }
    }

    /** An EventBridge schedule. */
    record Schedule(String functionId, String eventName, String expressionText, ScheduleExpression expression,
            boolean enabled, String ruleArn) implements Trigger {
        public Class<?> inputType() {
            return ScheduledEvent.class;
        }

        public String kind() {
            return "schedule";
        }
    }
}
