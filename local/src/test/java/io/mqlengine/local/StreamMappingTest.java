package io.mqlengine.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.sqs.model.Message;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamMappingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final TwinLines lines = new TwinLines();
    private RunningTwin twin;
    private DynamoDbClient dynamo;
    private String table;

    @BeforeAll
    void start() throws Exception {
        twin = LocalTwin.start(TwinOptions.of(TwinLines.template("streams.yaml")).withPort(0).withFastRetries(true)
                .withOutput(lines));
        dynamo = twin.clients().dynamo();
        table = twin.tableName("ItemsTable");
    }

    @AfterAll
    void stop() {
        twin.close();
    }

    @Test
    void streamMapping_shouldDeliverOnlyRecordsMatchingAFilter_whenFilterCriteriaAreSet() {
        int from = lines.size();
        put("filter-keep-1", "keep", "");
        put("filter-skip-1", "skip", "");
        put("filter-keep-2", "keep", "");
        put("filter-skip-2", "other", "");

        assertThat(twin.awaitIdle(Duration.ofSeconds(20))).isTrue();

        List<JsonNode> invokes = lines.events(from, "invoke", "StreamFunction");
        assertThat(invokes.stream().mapToInt(l -> l.path("records").asInt()).sum()).isEqualTo(2);
        assertThat(invokes).allMatch(l -> l.path("outcome").asText().equals("ok") && l.path("trigger").asText().equals("dynamodb"));
    }

    @Test
    void streamMapping_shouldRetryFromTheReportedRecord_whenHandlerReturnsBatchItemFailures() {
        int from = lines.size();
        put("partial-1", "keep", "fail-once");

        assertThat(twin.awaitIdle(Duration.ofSeconds(20))).isTrue();

        List<JsonNode> invokes = lines.events(from, "invoke", "StreamFunction");
        assertThat(invokes).extracting(l -> l.path("outcome").asText()).containsExactly("partial", "ok");
        assertThat(lines.events(from, "stream-batch-discarded", null)).isEmpty();
    }

    @Test
    void streamMapping_shouldBisectThenSendOnFailureRecord_whenAPoisonRecordExhaustsRetries() throws Exception {
        int from = lines.size();
        List<TransactWriteItem> writes = new ArrayList<>();
        for (String[] item : new String[][] {{"bisect-1", ""}, {"bisect-2", ""}, {"bisect-poison", "poison"}, {"bisect-4", ""}}) {
            writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(item(item[0], "keep", item[1]))).build());
        }
        dynamo.transactWriteItems(b -> b.transactItems(writes));

        List<Message> failures = new ArrayList<>();
        TwinLines.await(() -> {
            failures.addAll(twin.clients().sqs().receiveMessage(b -> b.queueUrl(twin.queueUrl("FailureQueue"))
                    .waitTimeSeconds(1)).messages());
            return !failures.isEmpty();
        }, Duration.ofSeconds(30), "an on-failure record");
        assertThat(twin.awaitIdle(Duration.ofSeconds(20))).isTrue();

        JsonNode record = JSON.readTree(failures.get(0).body());
        assertThat(record.path("requestContext").path("condition").asText()).isEqualTo("RetryAttemptsExhausted");
        assertThat(record.path("responseContext").path("functionError").asText()).isEqualTo("Unhandled");
        assertThat(record.path("version").asText()).isEqualTo("1.0");
        JsonNode info = record.path("DDBStreamBatchInfo");
        assertThat(info.path("batchSize").asInt()).isEqualTo(1);
        assertThat(info.path("startSequenceNumber").asText()).isEqualTo(info.path("endSequenceNumber").asText());
        assertThat(info.path("streamArn").asText()).contains("/stream/");
        List<JsonNode> invokes = lines.events(from, "invoke", "StreamFunction");
        assertThat(invokes.get(0).path("records").asInt()).as("the first batch holds all four").isEqualTo(4);
        assertThat(invokes.get(0).path("outcome").asText()).isEqualTo("error");
        assertThat(invokes).anyMatch(l -> l.path("records").asInt() == 2);
        int delivered = invokes.stream().filter(l -> l.path("outcome").asText().equals("ok")).mapToInt(l -> l.path("records").asInt()).sum();
        assertThat(delivered).as("the three good records got through").isEqualTo(3);
        assertThat(invokes.stream().filter(l -> l.path("records").asInt() == 1 && l.path("outcome").asText().equals("error")))
                .as("the poison record alone: first try plus MaximumRetryAttempts (1)").hasSize(2);
    }

    @Test
    void ttlReaper_shouldDeleteExpiredItemsAsTheTtlService_whenTheTwinClockPassesTheirExpiry() {
        int from = lines.size();
        long expiresAt = twin.clock().instant().plus(Duration.ofHours(1)).getEpochSecond();
        Map<String, AttributeValue> item = new java.util.HashMap<>(item("ttl-1", "other", "ttl"));
        item.put("expiresAt", AttributeValue.fromN(String.valueOf(expiresAt)));
        dynamo.putItem(b -> b.tableName(table).item(item));

        twin.clock().advance(Duration.ofHours(2));

        TwinLines.await(() -> !dynamo.getItem(b -> b.tableName(table).key(Map.of("pk", AttributeValue.fromS("ttl-1")))).hasItem(),
                Duration.ofSeconds(10), "the expired item to be deleted");
        assertThat(twin.awaitIdle(Duration.ofSeconds(20))).isTrue();
        assertThat(lines.events(from, "invoke", "StreamFunction")).hasSize(1)
                .allMatch(l -> l.path("outcome").asText().equals("ok"));
    }

    private void put(String pk, String kind, String mode) {
        dynamo.putItem(b -> b.tableName(table).item(item(pk, kind, mode)));
    }

    private static Map<String, AttributeValue> item(String pk, String kind, String mode) {
        return Map.of("pk", AttributeValue.fromS(pk), "kind", AttributeValue.fromS(kind), "mode", AttributeValue.fromS(mode));
    }
}
