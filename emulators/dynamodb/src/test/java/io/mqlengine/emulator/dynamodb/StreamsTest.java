package io.mqlengine.emulator.dynamodb;

import static io.mqlengine.emulator.dynamodb.Sdk.n;
import static io.mqlengine.emulator.dynamodb.Sdk.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamStatus;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** DynamoDB Streams through the unmodified AWS SDK, with the host clock moved by hand. */
class StreamsTest {
    private static final ManualClock HOST = new ManualClock(Instant.parse("2026-12-01T10:00:00Z"));
    private static DynamoDbEmulator emulator;
    private static DynamoDbClient ddb;
    private static DynamoDbStreamsClient streams;

    @BeforeAll
    static void start() throws Exception {
        emulator = DynamoDbEmulator.builder().hostClock(HOST).build().start();
        ddb = Sdk.dynamo(emulator);
        streams = Sdk.streams(emulator);
    }

    @AfterAll
    static void stop() {
        ddb.close();
        streams.close();
        emulator.close();
    }

    private static String streamOf(String table, StreamViewType view) {
        ddb.createTable(Sdk.table(table, false).streamSpecification(s -> s.streamEnabled(true).streamViewType(view)).build());
        return ddb.describeTable(b -> b.tableName(table)).table().latestStreamArn();
    }

    private static String iterator(String arn, ShardIteratorType type, String sequence) {
        String shard = streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards().get(0).shardId();
        return streams.getShardIterator(b -> b.streamArn(arn).shardId(shard).shardIteratorType(type).sequenceNumber(sequence))
                .shardIterator();
    }

    private static List<Record> all(String arn) {
        return streams.getRecords(b -> b.shardIterator(iterator(arn, ShardIteratorType.TRIM_HORIZON, null))).records();
    }

    @Test
    void writes_shouldEmitInsertModifyRemove_andNothingForAWriteThatChangesNothing() {
        String arn = streamOf("changes", StreamViewType.NEW_AND_OLD_IMAGES);
        ddb.putItem(b -> b.tableName("changes").item(Map.of("pk", s("a"), "v", n(1))));
        ddb.putItem(b -> b.tableName("changes").item(Map.of("pk", s("a"), "v", n(1)))); // same item: no record
        ddb.updateItem(b -> b.tableName("changes").key(Map.of("pk", s("a"))).updateExpression("SET v = :v")
                .expressionAttributeValues(Map.of(":v", n(2))));
        ddb.deleteItem(b -> b.tableName("changes").key(Map.of("pk", s("missing")))); // nothing there: no record
        ddb.deleteItem(b -> b.tableName("changes").key(Map.of("pk", s("a"))));
        List<Record> records = all(arn);
        assertThat(records).extracting(Record::eventNameAsString).containsExactly("INSERT", "MODIFY", "REMOVE");
        Record modify = records.get(1);
        assertThat(modify.dynamodb().oldImage()).containsEntry("v", n(1));
        assertThat(modify.dynamodb().newImage()).containsEntry("v", n(2));
        assertThat(modify.dynamodb().keys()).containsOnlyKeys("pk");
        assertThat(modify.dynamodb().sizeBytes()).isPositive();
        assertThat(modify.dynamodb().approximateCreationDateTime()).isEqualTo(HOST.instant());
        assertThat(records).extracting(r -> r.dynamodb().sequenceNumber()).isSorted();
    }

    @Test
    void twoReadersOfAStream_shouldGetTheSameRecords_nonAsciiAndBinaryIncluded() {
        String arn = streamOf("two-readers", StreamViewType.NEW_AND_OLD_IMAGES);
        ddb.putItem(b -> b.tableName("two-readers").item(Map.of("pk", s("a"), "name", s("Zoë 🚀 \"quoted\""),
                "blob", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0, -1, 42})))));
        ddb.putItem(b -> b.tableName("two-readers").item(Map.of("pk", s("a"), "name", s("plain"))));
        List<Record> first = all(arn);
        List<Record> second = all(arn);
        assertThat(second).isEqualTo(first).hasSize(2);
        assertThat(first.get(0).dynamodb().newImage().get("name").s()).isEqualTo("Zoë 🚀 \"quoted\"");
        assertThat(first.get(1).dynamodb().oldImage().get("blob").b().asByteArray()).containsExactly(0, -1, 42);
    }

    @Test
    void viewTypes_shouldCarryOnlyTheImagesTheyName() {
        for (StreamViewType view : List.of(StreamViewType.KEYS_ONLY, StreamViewType.NEW_IMAGE, StreamViewType.OLD_IMAGE)) {
            String table = "view-" + view.toString().toLowerCase().replace('_', '-');
            String arn = streamOf(table, view);
            ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("k"), "v", n(1))));
            ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("k"), "v", n(2))));
            Record modify = all(arn).get(1);
            assertThat(modify.dynamodb().hasNewImage()).isEqualTo(view == StreamViewType.NEW_IMAGE);
            assertThat(modify.dynamodb().hasOldImage()).isEqualTo(view == StreamViewType.OLD_IMAGE);
            assertThat(modify.dynamodb().streamViewType()).isEqualTo(view);
        }
    }

    @Test
    void iterators_shouldStartWhereTheirTypeSays() {
        String arn = streamOf("positions", StreamViewType.KEYS_ONLY);
        for (int i = 0; i < 3; i++) {
            int k = i;
            ddb.putItem(b -> b.tableName("positions").item(Map.of("pk", s("k" + k))));
        }
        List<Record> records = all(arn);
        String second = records.get(1).dynamodb().sequenceNumber();
        assertThat(streams.getRecords(b -> b.shardIterator(iterator(arn, ShardIteratorType.AT_SEQUENCE_NUMBER, second)))
                .records()).hasSize(2);
        assertThat(streams.getRecords(b -> b.shardIterator(iterator(arn, ShardIteratorType.AFTER_SEQUENCE_NUMBER, second)))
                .records()).hasSize(1);
        String latest = iterator(arn, ShardIteratorType.LATEST, null);
        assertThat(streams.getRecords(b -> b.shardIterator(latest)).records()).isEmpty();
        ddb.putItem(b -> b.tableName("positions").item(Map.of("pk", s("later"))));
        GetRecordsResponse fromLatest = streams.getRecords(b -> b.shardIterator(latest));
        assertThat(fromLatest.records()).extracting(r -> r.dynamodb().keys().get("pk").s()).containsExactly("later");
        assertThat(fromLatest.nextShardIterator()).isNotNull();
    }

    @Test
    void iterators_shouldExpireAfter15Minutes_andRecordsAfter24Hours() {
        String arn = streamOf("retention", StreamViewType.KEYS_ONLY);
        ddb.putItem(b -> b.tableName("retention").item(Map.of("pk", s("old"))));
        String horizon = iterator(arn, ShardIteratorType.TRIM_HORIZON, null);
        HOST.advance(Duration.ofMinutes(16));
        assertThatThrownBy(() -> streams.getRecords(b -> b.shardIterator(horizon))).isInstanceOf(ExpiredIteratorException.class);
        HOST.advance(Duration.ofHours(23).plusMinutes(39)); // 23 h 55 min after the write
        String fresh = iterator(arn, ShardIteratorType.TRIM_HORIZON, null);
        HOST.advance(Duration.ofMinutes(10)); // the iterator is still valid, the record is past 24 hours
        assertThatThrownBy(() -> streams.getRecords(b -> b.shardIterator(fresh))).isInstanceOf(TrimmedDataAccessException.class);
        assertThat(all(arn)).isEmpty();
    }

    @Test
    void deletingTheTable_shouldCloseItsStream_whichStaysReadable() {
        String arn = streamOf("closing", StreamViewType.KEYS_ONLY);
        ddb.putItem(b -> b.tableName("closing").item(Map.of("pk", s("last"))));
        ddb.deleteTable(b -> b.tableName("closing"));
        var description = streams.describeStream(b -> b.streamArn(arn)).streamDescription();
        assertThat(description.streamStatus()).isEqualTo(StreamStatus.DISABLED);
        assertThat(description.shards().get(0).sequenceNumberRange().endingSequenceNumber()).isNotNull();
        GetRecordsResponse r = streams.getRecords(b -> b.shardIterator(iterator(arn, ShardIteratorType.TRIM_HORIZON, null)));
        assertThat(r.records()).hasSize(1);
        assertThat(r.nextShardIterator()).isNull();
        assertThat(streams.listStreams(b -> b.tableName("closing")).streams()).extracting(st -> st.streamArn()).contains(arn);
    }
}
