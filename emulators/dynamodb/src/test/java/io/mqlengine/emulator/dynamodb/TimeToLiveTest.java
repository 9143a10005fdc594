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
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** UpdateTimeToLive, DescribeTimeToLive and the background deletion of expired items. */
class TimeToLiveTest {
    private static final ManualClock TTL = new ManualClock(Instant.parse("2026-12-01T10:00:00Z"));
    private static DynamoDbEmulator emulator;
    private static DynamoDbClient ddb;
    private static DynamoDbStreamsClient streams;

    @BeforeAll
    static void start() throws Exception {
        emulator = DynamoDbEmulator.builder().clock(TTL).ttlInterval(Duration.ofMillis(50)).build().start();
        ddb = Sdk.dynamo(emulator);
        streams = Sdk.streams(emulator);
    }

    @AfterAll
    static void stop() {
        ddb.close();
        streams.close();
        emulator.close();
    }

    @Test
    void timeToLive_shouldBeDescribedAsSet_andRefuseEnablingTwice() {
        ddb.createTable(Sdk.table("ttl-settings", false).build());
        assertThat(ddb.describeTimeToLive(b -> b.tableName("ttl-settings")).timeToLiveDescription().timeToLiveStatus())
                .isEqualTo(TimeToLiveStatus.DISABLED);
        ddb.updateTimeToLive(b -> b.tableName("ttl-settings").timeToLiveSpecification(t -> t.enabled(true).attributeName("exp")));
        var d = ddb.describeTimeToLive(b -> b.tableName("ttl-settings")).timeToLiveDescription();
        assertThat(d.timeToLiveStatus()).isEqualTo(TimeToLiveStatus.ENABLED);
        assertThat(d.attributeName()).isEqualTo("exp");
        assertThatThrownBy(() -> ddb.updateTimeToLive(b -> b.tableName("ttl-settings")
                .timeToLiveSpecification(t -> t.enabled(true).attributeName("exp")))).hasMessageContaining("already enabled");
    }

    @Test
    void expiredItems_shouldBeDeletedInTheBackground_withARemoveRecordFromTheTtlService() {
        ddb.createTable(Sdk.table("ttl-items", false)
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.OLD_IMAGE)).build());
        ddb.updateTimeToLive(b -> b.tableName("ttl-items").timeToLiveSpecification(t -> t.enabled(true).attributeName("exp")));
        long now = TTL.instant().getEpochSecond();
        ddb.putItem(b -> b.tableName("ttl-items").item(Map.of("pk", s("soon"), "exp", n(now + 60))));
        ddb.putItem(b -> b.tableName("ttl-items").item(Map.of("pk", s("later"), "exp", n(now + 3600))));
        ddb.putItem(b -> b.tableName("ttl-items").item(Map.of("pk", s("text"), "exp", s("not a number"))));
        ddb.putItem(b -> b.tableName("ttl-items").item(Map.of("pk", s("ancient"), "exp", n(now - 6L * 365 * 24 * 3600))));
        ddb.deleteItem(b -> b.tableName("ttl-items").key(Map.of("pk", s("none")))); // keeps the stream quiet
        TTL.advance(Duration.ofMinutes(2));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (ddb.getItem(b -> b.tableName("ttl-items").key(Map.of("pk", s("soon")))).hasItem()) {
            assertThat(System.nanoTime()).as("the expired item was not deleted within 10 s").isLessThan(deadline);
            java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
        }
        assertThat(ddb.getItem(b -> b.tableName("ttl-items").key(Map.of("pk", s("later")))).hasItem()).isTrue();
        assertThat(ddb.getItem(b -> b.tableName("ttl-items").key(Map.of("pk", s("text")))).hasItem()).isTrue();
        assertThat(ddb.getItem(b -> b.tableName("ttl-items").key(Map.of("pk", s("ancient")))).hasItem()).isTrue();
        String arn = ddb.describeTable(b -> b.tableName("ttl-items")).table().latestStreamArn();
        String shard = streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards().get(0).shardId();
        String it = streams.getShardIterator(b -> b.streamArn(arn).shardId(shard)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        List<Record> records = streams.getRecords(b -> b.shardIterator(it)).records();
        Record removal = records.stream().filter(r -> r.eventNameAsString().equals("REMOVE")).findFirst().orElseThrow();
        assertThat(removal.userIdentity().type()).isEqualTo("Service");
        assertThat(removal.userIdentity().principalId()).isEqualTo("dynamodb.amazonaws.com");
        assertThat(removal.dynamodb().oldImage()).containsEntry("pk", s("soon"));
        assertThat(records.stream().filter(r -> r.userIdentity() != null)).hasSize(1);
    }
}
