package io.mqlengine.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DataDirRestartTest {
    @TempDir
    Path data;

    @Test
    void restart_shouldKeepItemsMessagesStreamPositionAndClock_whenDataDirIsGiven() throws Exception {
        TwinLines first = new TwinLines();
        try (RunningTwin twin = start(first)) {
            twin.clients().dynamo().putItem(b -> b.tableName(twin.tableName("NotesTable")).item(Map.of(
                    "pk", AttributeValue.fromS("note-1"), "kind", AttributeValue.fromS("keep"))));
            twin.clients().sqs().sendMessage(b -> b.queueUrl(twin.queueUrl("ParkedQueue")).messageBody("parked"));
            twin.clock().advance(Duration.ofHours(3));
            first.awaitLine(l -> l.path("event").asText().equals("invoke"), Duration.ofSeconds(15));
            assertThat(twin.awaitIdle(Duration.ofSeconds(15))).isTrue();
        }

        TwinLines second = new TwinLines();
        try (RunningTwin twin = start(second)) {
            assertThat(twin.clients().dynamo().getItem(b -> b.tableName(twin.tableName("NotesTable"))
                    .key(Map.of("pk", AttributeValue.fromS("note-1")))).item()).containsKey("kind");
            assertThat(twin.clients().sqs().receiveMessage(b -> b.queueUrl(twin.queueUrl("ParkedQueue")).waitTimeSeconds(2))
                    .messages()).extracting(m -> m.body()).containsExactly("parked");
            assertThat(twin.clock().offset()).isGreaterThanOrEqualTo(Duration.ofHours(3));
            assertThat(twin.awaitIdle(Duration.ofSeconds(15))).isTrue();
            assertThat(second.events(0, "invoke", "NotesFunction")).as("no stream record is delivered twice").isEmpty();

            twin.clients().dynamo().putItem(b -> b.tableName(twin.tableName("NotesTable")).item(Map.of(
                    "pk", AttributeValue.fromS("note-2"))));
            second.awaitLine(l -> l.path("event").asText().equals("invoke"), Duration.ofSeconds(15));
            assertThat(twin.awaitIdle(Duration.ofSeconds(15))).isTrue();
            assertThat(second.events(0, "invoke", "NotesFunction")).hasSize(1);
        }
    }

    private RunningTwin start(TwinLines lines) throws Exception {
        return LocalTwin.start(TwinOptions.of(TwinLines.template("datadir.yaml")).withPort(0).withDataDir(data)
                .withOutput(lines));
    }
}
