package io.mqlengine.local.emulators;

import io.mqlengine.observe.AwsUsage;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The twin's own SDK clients for the emulators, built once. */
public final class AwsClients implements AutoCloseable {
    private final SdkHttpClient http;
    private final DynamoDbClient dynamo;
    private final DynamoDbStreamsClient streams;
    private final SqsClient sqs;
    private final StaticCredentialsProvider credentials;
    private S3Client s3;

    private final AwsUsage usage = new AwsUsage();

    public AwsClients(String dynamoEndpoint, String sqsEndpoint) {
        http = UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(30)).build();
        ClientOverrideConfiguration counted = ClientOverrideConfiguration.builder().addExecutionInterceptor(usage).build();
        credentials = StaticCredentialsProvider.create(TwinCredentials.aws());
        dynamo = DynamoDbClient.builder().httpClient(http).region(Region.US_EAST_1).credentialsProvider(credentials)
                .endpointOverride(URI.create(dynamoEndpoint)).overrideConfiguration(counted).build();
        streams = DynamoDbStreamsClient.builder().httpClient(http).region(Region.US_EAST_1).credentialsProvider(credentials)
                .endpointOverride(URI.create(dynamoEndpoint)).overrideConfiguration(counted).build();
        sqs = SqsClient.builder().httpClient(http).region(Region.US_EAST_1).credentialsProvider(credentials)
                .endpointOverride(URI.create(sqsEndpoint)).overrideConfiguration(counted).build();
    }

    /** What the twin itself asked of the emulators: the event source mappings' polling, as Lambda's pollers would. */
    public AwsUsage usage() {
        return usage;
    }

    public DynamoDbClient dynamo() {
        return dynamo;
    }

    public DynamoDbStreamsClient streams() {
        return streams;
    }

    public SqsClient sqs() {
        return sqs;
    }

    /** The twin's client of its S3 endpoint (path-style), built on first use; the same one on every call. */
    public synchronized S3Client s3(String endpoint) {
        if (s3 == null) {
            s3 = S3Client.builder().httpClient(http).region(Region.US_EAST_1).credentialsProvider(credentials)
                    .endpointOverride(URI.create(endpoint)).forcePathStyle(true).build();
        }
        return s3;
    }

    @Override
    public void close() {
        if (s3 != null) {
            s3.close();
        }
        dynamo.close();
        streams.close();
        sqs.close();
        http.close();
    }
}
