package io.mqlengine.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

class EventBridgeRestartTest {
    @TempDir
    Path data;

    @Test
    void restart_shouldKeepAnEventDeliveredToAQueue_whenDataDirIsGiven() throws Exception {
        String id;
        try (RunningTwin twin = start(); EventBridgeClient events = EventBridgeClients.of(twin)) {
            id = events.putEvents(r -> r.entries(e -> e.eventBusName(twin.busName("LifecycleBus")).source("mql-engine")
                    .detailType("Lead Stage Changed").detail("{\"leadId\":\"l-9\",\"to\":\"RECYCLED\"}"))).entries().get(0).eventId();
        }

        try (RunningTwin twin = start()) {
            assertThat(twin.clients().sqs().receiveMessage(r -> r.queueUrl(twin.queueUrl("NurtureQueue")).waitTimeSeconds(2))
                    .messages()).singleElement().satisfies(m -> assertThat(m.body()).contains("\"id\":\"" + id + "\""));
        }
    }

    private RunningTwin start() throws Exception {
        return LocalTwin.start(TwinOptions.of(TwinLines.template("events.yaml")).withPort(0).withDataDir(data)
                .withOutput(line -> { }));
    }
}
