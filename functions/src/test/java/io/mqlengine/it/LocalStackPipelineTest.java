package io.mqlengine.it;

import io.mqlengine.testing.Backend;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The same integration suite against LocalStack in a container: a second implementation of the DynamoDB,
 * Streams and SQS protocols. Skipped, with JUnit's reason, where no Docker engine is reachable.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackPipelineTest extends PipelineContract {
    @Container
    static final LocalStackContainer LOCALSTACK = new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.4"))
            .withServices(LocalStackContainer.Service.DYNAMODB, LocalStackContainer.Service.SQS);

    private static Backend backend;

    @Override
    Backend backend() {
        if (backend == null) {
            backend = new LocalStackBackend(LOCALSTACK);
        }
        return backend;
    }

    private record LocalStackBackend(DynamoDbClient dynamo, DynamoDbStreamsClient streams, SqsClient sqs,
                                     Map<String, String> awsEnvironment) implements Backend {
        LocalStackBackend(LocalStackContainer c) {
            this(DynamoDbClient.builder().endpointOverride(c.getEndpoint()).region(Region.of(c.getRegion()))
                            .credentialsProvider(creds(c)).httpClient(UrlConnectionHttpClient.create()).build(),
                    DynamoDbStreamsClient.builder().endpointOverride(c.getEndpoint()).region(Region.of(c.getRegion()))
                            .credentialsProvider(creds(c)).httpClient(UrlConnectionHttpClient.create()).build(),
                    SqsClient.builder().endpointOverride(c.getEndpoint()).region(Region.of(c.getRegion()))
                            .credentialsProvider(creds(c)).httpClient(UrlConnectionHttpClient.create()).build(),
                    environment(c.getEndpoint(), c));
        }

        private static StaticCredentialsProvider creds(LocalStackContainer c) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(c.getAccessKey(), c.getSecretKey()));
        }

        private static Map<String, String> environment(URI endpoint, LocalStackContainer c) {
            Map<String, String> env = new HashMap<>();
            env.put("AWS_REGION", c.getRegion());
            env.put("AWS_ENDPOINT_URL", endpoint.toString());
            env.put("AWS_ACCESS_KEY_ID", c.getAccessKey());
            env.put("AWS_SECRET_ACCESS_KEY", c.getSecretKey());
            return env;
        }

        @Override
        public String name() {
            return "LocalStack";
        }
    }
}
