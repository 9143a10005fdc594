package io.mqlengine.local.emulators;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/** In memory, ElasticMQ runs on two dispatcher threads however many clients call it at once. */
class SqsEmulatorDispatcherTest {
    private static final String DISPATCHER = "twin-sqs-pekko.actor.default-dispatcher-";

    @Test
    void inMemory_shouldServeEightConcurrentClientsOnTwoDispatcherThreads() throws Exception {
        try (SqsEmulator sqs = SqsEmulator.start(Ports.free(), Optional.empty());
             SqsClient client = SqsClient.builder().region(Region.US_EAST_1).endpointOverride(URI.create(sqs.endpoint()))
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "y")))
                     .httpClient(UrlConnectionHttpClient.create()).build()) {
            String queue = client.createQueue(b -> b.queueName("dispatcher-test")).queueUrl();
            ExecutorService senders = Executors.newFixedThreadPool(8);
            List<Future<?>> sent = new ArrayList<>();
            for (int s = 0; s < 8; s++) {
                sent.add(senders.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        client.sendMessage(b -> b.queueUrl(queue).messageBody("m"));
                    }
                    return null;
                }));
            }
            for (Future<?> f : sent) {
                f.get();
            }
            senders.shutdown();
            assertThat(client.getQueueAttributes(b -> b.queueUrl(queue).attributeNamesWithStrings(
                    "ApproximateNumberOfMessages")).attributesAsStrings().get("ApproximateNumberOfMessages")).isEqualTo("400");
            List<String> dispatchers = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                    .filter(n -> n.startsWith(DISPATCHER)).toList();
            assertThat(dispatchers).as("ElasticMQ's dispatcher threads").isNotEmpty().hasSizeLessThanOrEqualTo(2);
        }
    }
}
