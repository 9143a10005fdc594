package io.mqlengine.testing;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Somewhere that speaks DynamoDB, DynamoDB Streams and SQS: the in-process emulators, or LocalStack. */
public interface Backend {
    String name();

    DynamoDbClient dynamo();

    DynamoDbStreamsClient streams();

    SqsClient sqs();

    /** Region, endpoints and credentials, as a function's environment would carry them. */
    Map<String, String> awsEnvironment();
}
