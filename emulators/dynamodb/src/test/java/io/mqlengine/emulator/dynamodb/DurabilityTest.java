package io.mqlengine.emulator.dynamodb;

import static io.mqlengine.emulator.dynamodb.Sdk.n;
import static io.mqlengine.emulator.dynamodb.Sdk.s;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * With a data directory, a killed emulator (SIGKILL of its JVM, mid-load) restarts with every write it
 * acknowledged, its TTL setting, and the same stream records under the same sequence numbers.
 */
class DurabilityTest {

    @Test
    void killedEmulator_shouldRestartWithEveryAcknowledgedWrite(@TempDir Path dir) throws Exception {
        Process child = startChild(dir);
        String endpoint = endpointOf(child);
        DynamoDbClient ddb = client(endpoint);
        ddb.createTable(Sdk.table("kept", false).streamSpecification(s -> s.streamEnabled(true)
                .streamViewType(StreamViewType.NEW_IMAGE)).build());
        ddb.updateTimeToLive(b -> b.tableName("kept").timeToLiveSpecification(t -> t.enabled(true).attributeName("exp")));
        ConcurrentLinkedQueue<Integer> acknowledged = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int writer = w;
            Thread t = new Thread(() -> {
                for (int i = 0; !stop.get(); i++) {
                    int id = writer * 1_000_000 + i;
                    try {
                        ddb.updateItem(b -> b.tableName("kept").key(Map.of("pk", s("k" + id)))
                                .updateExpression("SET v = :v ADD hits :one")
                                .expressionAttributeValues(Map.of(":v", n(id), ":one", n(1))));
                        acknowledged.add(id);
                    } catch (RuntimeException killed) {
                        return;
                    }
                }
            });
            t.start();
            writers.add(t);
        }
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (acknowledged.size() < 500 && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000L);
        }
        child.destroyForcibly().waitFor(); // SIGKILL while the writers are still writing
        stop.set(true);
        for (Thread t : writers) {
            t.join();
        }
        ddb.close();
        assertThat(acknowledged.size()).as("writes acknowledged before the kill").isGreaterThanOrEqualTo(500);

        try (DynamoDbEmulator again = DynamoDbEmulator.builder().dataDir(dir).build().start();
             DynamoDbClient after = Sdk.dynamo(again); DynamoDbStreamsClient streams = Sdk.streams(again)) {
            for (int id : acknowledged) {
                var item = after.getItem(b -> b.tableName("kept").key(Map.of("pk", s("k" + id)))).item();
                assertThat(item).as("acknowledged write k%d", id).containsEntry("v", n(id)).containsEntry("hits", n(1));
            }
            assertThat(after.describeTimeToLive(b -> b.tableName("kept")).timeToLiveDescription().attributeName())
                    .isEqualTo("exp");
            String arn = after.describeTable(b -> b.tableName("kept")).table().latestStreamArn();
            String shard = streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards().get(0).shardId();
            List<Record> records = new ArrayList<>();
            String it = streams.getShardIterator(b -> b.streamArn(arn).shardId(shard)
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            for (int page = 0; page < 1000 && it != null; page++) {
                String current = it;
                var r = streams.getRecords(b -> b.shardIterator(current));
                records.addAll(r.records());
                it = r.records().isEmpty() ? null : r.nextShardIterator();
            }
            assertThat(records).hasSizeGreaterThanOrEqualTo(acknowledged.size());
            assertThat(records).extracting(r -> r.dynamodb().sequenceNumber()).isSorted().doesNotHaveDuplicates();
            String last = records.get(records.size() - 1).dynamodb().sequenceNumber();
            after.putItem(b -> b.tableName("kept").item(Map.of("pk", s("after-restart"))));
            String next = streams.getRecords(b -> b.shardIterator(streams.getShardIterator(g -> g.streamArn(arn).shardId(shard)
                    .shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).sequenceNumber(last)).shardIterator()))
                    .records().get(0).dynamodb().sequenceNumber();
            assertThat(next).isGreaterThan(last);
        }
    }

    @Test
    void cleanRestart_shouldKeepItemsAndStreams_ofLiveAndDeletedTables(@TempDir Path dir) throws Exception {
        String liveArn;
        String goneArn;
        try (DynamoDbEmulator first = DynamoDbEmulator.builder().dataDir(dir).build().start();
             DynamoDbClient ddb = Sdk.dynamo(first)) {
            for (String table : List.of("live", "gone")) {
                ddb.createTable(Sdk.table(table, false).streamSpecification(s -> s.streamEnabled(true)
                        .streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)).build());
                ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("a"), "v", n(1))));
            }
            liveArn = ddb.describeTable(b -> b.tableName("live")).table().latestStreamArn();
            goneArn = ddb.describeTable(b -> b.tableName("gone")).table().latestStreamArn();
            ddb.deleteTable(b -> b.tableName("gone"));
        }
        try (DynamoDbEmulator again = DynamoDbEmulator.builder().dataDir(dir).build().start();
             DynamoDbClient ddb = Sdk.dynamo(again); DynamoDbStreamsClient streams = Sdk.streams(again)) {
            assertThat(ddb.getItem(b -> b.tableName("live").key(Map.of("pk", s("a")))).item()).containsEntry("v", n(1));
            assertThat(ddb.describeTable(b -> b.tableName("live")).table().latestStreamArn()).isEqualTo(liveArn);
            assertThat(ddb.listTables().tableNames()).containsExactly("live");
            for (String arn : List.of(liveArn, goneArn)) {
                var d = streams.describeStream(b -> b.streamArn(arn)).streamDescription();
                assertThat(d.keySchema()).extracting(k -> k.attributeName()).containsExactly("pk");
                String it = streams.getShardIterator(b -> b.streamArn(arn).shardId(d.shards().get(0).shardId())
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
                assertThat(streams.getRecords(b -> b.shardIterator(it)).records()).extracting(Record::eventNameAsString)
                        .containsExactly("INSERT");
            }
            ddb.putItem(b -> b.tableName("live").item(Map.of("pk", s("b"))));
            var d = streams.describeStream(b -> b.streamArn(liveArn)).streamDescription();
            String it = streams.getShardIterator(b -> b.streamArn(liveArn).shardId(d.shards().get(0).shardId())
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            assertThat(streams.getRecords(b -> b.shardIterator(it)).records()).hasSize(2);
        }
    }

    private static Process startChild(Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--port", "0", "--data-dir", dir.toString()).redirectErrorStream(true).start();
    }

    private static String endpointOf(Process child) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertThat(line).as("the child's ready line").isNotNull().contains("ready");
        Thread drain = new Thread(() -> out.lines().forEach(l -> { }));
        drain.setDaemon(true);
        drain.start();
        return new ObjectMapper().readTree(line).get("endpoint").asText();
    }

    private static DynamoDbClient client(String endpoint) {
        return DynamoDbClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }
}
