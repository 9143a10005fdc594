package io.mqlengine.config;

import io.mqlengine.observe.AwsUsage;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The one place that builds AWS clients: region and endpoints from the given environment
 * ({@code AWS_REGION}, {@code AWS_ENDPOINT_URL}, {@code AWS_ENDPOINT_URL_DYNAMODB}, {@code AWS_ENDPOINT_URL_SQS},
 * {@code AWS_ENDPOINT_URL_EVENTBRIDGE}, {@code AWS_ENDPOINT_URL_S3}),
 * the lightweight URL-connection HTTP client, and credentials from the environment map when it holds them
 * (the local twin, tests) or else the default chain (Lambda). Every client counts its requests and
 * capacity units in {@link AwsUsage}.
 */
public final class AwsClients {
    private final Map<String, String> env;
    private final ExecutionInterceptor[] interceptors;
    private final SdkHttpClient http = UrlConnectionHttpClient.builder().build();

    public AwsClients(Map<String, String> env, ExecutionInterceptor... interceptors) {
        this.env = env;
        this.interceptors = interceptors;
    }

    public DynamoDbClient dynamo() {
        return configure(DynamoDbClient.builder(), "AWS_ENDPOINT_URL_DYNAMODB").httpClient(http).build();
    }

    /**
     * SQS, whose callers bound each call by a budget of a second or two (ingest answers a browser): a throttled call is
     * retried after 50 ms, doubling up to 400 ms, not after the SDK's default of a second or more.
     */
    public SqsClient sqs() {
        return configure(SqsClient.builder(), "AWS_ENDPOINT_URL_SQS", o -> o.retryStrategy(AwsRetryStrategy
                .standardRetryStrategy().toBuilder()
                .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(SQS_THROTTLED_BASE, SQS_THROTTLED_MAX))
                .build())).httpClient(http).build();
    }

    static final Duration SQS_THROTTLED_BASE = Duration.ofMillis(50);
    static final Duration SQS_THROTTLED_MAX = Duration.ofMillis(400);

    /** EventBridge, for the lifecycle events; endpoint from {@code AWS_ENDPOINT_URL_EVENTBRIDGE} when set. */
    public EventBridgeClient events() {
        return configure(EventBridgeClient.builder(), "AWS_ENDPOINT_URL_EVENTBRIDGE").httpClient(http).build();
    }

    /**
     * S3, for the event archive; endpoint from {@code AWS_ENDPOINT_URL_S3} when set, and then addressed path-style
     * ({@code endpoint/bucket/key}), as local S3 endpoints are, since a bucket name cannot become a host name there.
     * Callers build it on first use only: the score function's cold start does not load the S3 SDK.
     */
    public S3Client s3() {
        S3ClientBuilder builder = configure(S3Client.builder(), "AWS_ENDPOINT_URL_S3");
        String endpoint = env.getOrDefault("AWS_ENDPOINT_URL_S3", env.get("AWS_ENDPOINT_URL"));
        return builder.forcePathStyle(endpoint != null && !endpoint.isBlank()).httpClient(http).build();
    }

    private <B extends AwsClientBuilder<B, ?>> B configure(B builder, String endpointVariable) {
        return configure(builder, endpointVariable, o -> { });
    }

    private <B extends AwsClientBuilder<B, ?>> B configure(B builder, String endpointVariable,
                                                           Consumer<ClientOverrideConfiguration.Builder> more) {
        String region = env.getOrDefault("AWS_REGION", env.get("AWS_DEFAULT_REGION"));
        if (region == null || region.isBlank()) {
            throw new ConfigException("environment variable AWS_REGION is not set (the AWS region of the table and queues)");
        }
        builder.region(Region.of(region)).credentialsProvider(credentials());
        String endpoint = env.getOrDefault(endpointVariable, env.get("AWS_ENDPOINT_URL"));
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        ClientOverrideConfiguration.Builder o = ClientOverrideConfiguration.builder()
                .addExecutionInterceptor(AwsUsage.PROCESS);
        for (ExecutionInterceptor i : interceptors) {
            o.addExecutionInterceptor(i);
        }
        more.accept(o);
        return builder.overrideConfiguration(o.build());
    }

    private AwsCredentialsProvider credentials() {
        String key = env.get("AWS_ACCESS_KEY_ID");
        String secret = env.get("AWS_SECRET_ACCESS_KEY");
        if (key == null || secret == null) {
            return DefaultCredentialsProvider.builder().build();
        }
        String token = env.get("AWS_SESSION_TOKEN");
        return StaticCredentialsProvider.create(token == null ? AwsBasicCredentials.create(key, secret)
                : AwsSessionCredentials.create(key, secret, token));
    }
}
