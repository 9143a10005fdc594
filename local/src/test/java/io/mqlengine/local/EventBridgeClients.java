package io.mqlengine.local;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/** The unmodified SDK's EventBridgeClient pointed at a twin's EventBridge endpoint, as a function or a tool would build it. */
final class EventBridgeClients {
    private EventBridgeClients() {}

    static EventBridgeClient of(RunningTwin twin) {
        return EventBridgeClient.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .endpointOverride(URI.create(twin.eventsEndpoint())).build();
    }
}
