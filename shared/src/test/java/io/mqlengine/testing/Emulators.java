package io.mqlengine.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import io.mqlengine.emulator.dynamodb.DynamoDbEmulator;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Our DynamoDB emulator and ElasticMQ, started in this JVM on free ports once for all test classes, and
 * clients for them. They speak the real AWS protocols; nothing of the SDK is mocked. Tests inject
 * DynamoDB faults through {@link #dynamoFaults()}.
 */
public final class Emulators implements Backend {
    public static final String REGION = "us-east-1";
    private static Emulators instance;

    private final DynamoDbEmulator ddb;
    private final int sqsPort;
    private final DynamoDbClient dynamo;
    private final DynamoDbStreamsClient streams;
    private final SqsClient sqs;

    private Emulators() throws Exception {
        ddb = DynamoDbEmulator.builder().port(0).build().start();
        sqsPort = freePort();
        SQSRestServer elasticmq = SQSRestServerBuilder.withPort(sqsPort).withInterface("127.0.0.1").start();
        elasticmq.waitUntilStarted();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            elasticmq.stopAndWait();
            ddb.close();
        }));
        var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        var http = UrlConnectionHttpClient.create();
        dynamo = DynamoDbClient.builder().endpointOverride(URI.create(dynamoEndpoint())).region(Region.of(REGION))
                .credentialsProvider(creds).httpClient(http).build();
        streams = DynamoDbStreamsClient.builder().endpointOverride(URI.create(dynamoEndpoint())).region(Region.of(REGION))
                .credentialsProvider(creds).httpClient(http).build();
        sqs = SqsClient.builder().endpointOverride(URI.create(sqsEndpoint())).region(Region.of(REGION))
                .credentialsProvider(creds).httpClient(http).build();
    }

    public static synchronized Emulators get() {
        if (instance == null) {
            try {
                instance = new Emulators();
            } catch (Exception e) {
                throw new IllegalStateException("could not start the DynamoDB emulator and ElasticMQ", e);
            }
        }
        return instance;
    }

    @Override
    public String name() {
        return "DynamoDB emulator and ElasticMQ in-process";
    }

    public String dynamoEndpoint() {
        return ddb.endpoint();
    }

    /** Fault injection into the DynamoDB emulator (throttling, transaction conflicts, unprocessed batches). */
    public io.mqlengine.emulator.dynamodb.Faults dynamoFaults() {
        return ddb.faults();
    }

    public String sqsEndpoint() {
        return "http://127.0.0.1:" + sqsPort;
    }

    @Override
    public DynamoDbClient dynamo() {
        return dynamo;
    }

    @Override
    public DynamoDbStreamsClient streams() {
        return streams;
    }

    @Override
    public SqsClient sqs() {
        return sqs;
    }

    /** The environment a function gets to reach these emulators (plus its own variables). */
    @Override
    public Map<String, String> awsEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_REGION", REGION);
        env.put("AWS_ENDPOINT_URL_DYNAMODB", dynamoEndpoint());
        env.put("AWS_ENDPOINT_URL_SQS", sqsEndpoint());
        env.put("AWS_ACCESS_KEY_ID", "test");
        env.put("AWS_SECRET_ACCESS_KEY", "test");
        return env;
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
