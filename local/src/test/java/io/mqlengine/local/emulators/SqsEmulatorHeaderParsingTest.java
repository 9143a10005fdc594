package io.mqlengine.local.emulators;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * ElasticMQ keeps the request headers raw (no modeled-header parsing; the setting is the same with
 * {@code --data-dir}), and what it does read
 * from them still works: the action from X-Amz-Target, the JSON protocol from the content type, the X-Ray trace
 * header.
 */
class SqsEmulatorHeaderParsingTest {
    private static final String SETTING = "pekko.http.server.parsing.modeled-header-parsing";

    @Test
    void inMemory_shouldKeepHeadersRawAndStillServeTheSdk() throws Exception {
        try (SqsEmulator sqs = SqsEmulator.start(Ports.free(), Optional.empty())) {
            assertThat(sqs.setting(SETTING)).isEqualTo("off");
            roundTrip(sqs);
        }
    }

    private static void roundTrip(SqsEmulator sqs) {
        try (SqsClient client = SqsClient.builder().region(Region.US_EAST_1).endpointOverride(URI.create(sqs.endpoint()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "y")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.putHeader("X-Amzn-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793"))
                .build()) {
            String queue = client.createQueue(b -> b.queueName("raw-headers")).queueUrl();
            client.sendMessage(b -> b.queueUrl(queue).messageBody("{\"event\":\"page\"}"));
            Message m = client.receiveMessage(b -> b.queueUrl(queue).waitTimeSeconds(1)
                    .messageSystemAttributeNames(MessageSystemAttributeName.AWS_TRACE_HEADER)).messages().get(0);
            assertThat(m.body()).isEqualTo("{\"event\":\"page\"}");
            assertThat(m.attributes()).containsEntry(MessageSystemAttributeName.AWS_TRACE_HEADER,
                    "Root=1-5759e988-bd862e3fe1be46a994272793");
        }
    }
}
