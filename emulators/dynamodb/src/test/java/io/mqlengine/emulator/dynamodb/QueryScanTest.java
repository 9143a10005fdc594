package io.mqlengine.emulator.dynamodb;

import static io.mqlengine.emulator.dynamodb.Sdk.n;
import static io.mqlengine.emulator.dynamodb.Sdk.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

/** Query and Scan: key order, paging, indexes and their projections, through the unmodified AWS SDK. */
class QueryScanTest {
    private static DynamoDbEmulator emulator;
    private static DynamoDbClient ddb;

    @BeforeAll
    static void start() throws Exception {
        emulator = DynamoDbEmulator.builder().build().start();
        ddb = Sdk.dynamo(emulator);
        ddb.createTable(Sdk.table("events", true)
                .attributeDefinitions(Sdk.def("pk", ScalarAttributeType.S), Sdk.def("sk", ScalarAttributeType.N),
                        Sdk.def("grp", ScalarAttributeType.N), Sdk.def("due", ScalarAttributeType.N))
                .globalSecondaryIndexes(index("keys", ProjectionType.KEYS_ONLY, null), index("some", ProjectionType.INCLUDE,
                        List.of("color")), index("all", ProjectionType.ALL, null)).build());
        for (int p = 0; p < 3; p++) {
            for (int i = 1; i <= 10; i++) {
                int sk = i;
                String pk = "p" + p;
                var item = new java.util.HashMap<>(Map.of("pk", s(pk), "sk", n(sk), "color", s(i % 2 == 0 ? "red" : "blue"),
                        "size", n(i * 10)));
                if (i <= 4) { // sparse: only some items are due
                    item.put("grp", n(p % 2));
                    item.put("due", n(1000 + i + p));
                }
                ddb.putItem(b -> b.tableName("events").item(item));
            }
        }
    }

    private static GlobalSecondaryIndex index(String name, ProjectionType type, List<String> nonKey) {
        return GlobalSecondaryIndex.builder().indexName(name)
                .keySchema(Sdk.key("grp", KeyType.HASH), Sdk.key("due", KeyType.RANGE))
                .projection(Projection.builder().projectionType(type).nonKeyAttributes(nonKey).build()).build();
    }

    @AfterAll
    static void stop() {
        ddb.close();
        emulator.close();
    }

    @Test
    void query_shouldReturnOnePartitionInSortKeyOrder_forwardAndBackward() {
        QueryResponse forward = ddb.query(b -> b.tableName("events").keyConditionExpression("pk = :p AND sk BETWEEN :a AND :b")
                .expressionAttributeValues(Map.of(":p", s("p1"), ":a", n(3), ":b", n(7))));
        assertThat(forward.items()).extracting(i -> i.get("sk").n()).containsExactly("3", "4", "5", "6", "7");
        QueryResponse backward = ddb.query(b -> b.tableName("events").keyConditionExpression("pk = :p AND sk > :a")
                .expressionAttributeValues(Map.of(":p", s("p1"), ":a", n(7))).scanIndexForward(false));
        assertThat(backward.items()).extracting(i -> i.get("sk").n()).containsExactly("10", "9", "8");
    }

    @Test
    void query_shouldPageWithLimitAndLastEvaluatedKey_andCountBeforeTheFilter() {
        List<String> seen = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        int pages = 0;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse r = ddb.query(b -> b.tableName("events").keyConditionExpression("pk = :p")
                    .filterExpression("color = :red").expressionAttributeValues(Map.of(":p", s("p2"), ":red", s("red")))
                    .limit(3).exclusiveStartKey(from));
            assertThat(r.scannedCount()).isLessThanOrEqualTo(3);
            r.items().forEach(i -> seen.add(i.get("sk").n()));
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
            pages++;
        } while (start != null);
        assertThat(seen).containsExactly("2", "4", "6", "8", "10");
        assertThat(pages).isEqualTo(4); // 3 + 3 + 3 + 1 items read; the last full page ends exactly at the limit
    }

    @Test
    void query_shouldCountOnly_whenSelectIsCount() {
        QueryResponse r = ddb.query(b -> b.tableName("events").keyConditionExpression("pk = :p AND sk <= :five")
                .expressionAttributeValues(Map.of(":p", s("p0"), ":five", n(5))).select(Select.COUNT));
        assertThat(r.count()).isEqualTo(5);
        assertThat(r.hasItems()).isFalse();
    }

    @Test
    void indexes_shouldBeSparseAndProjectWhatTheyDeclare() {
        Map<String, AttributeValue> values = Map.of(":s", n(1), ":d", n(2000));
        QueryResponse keys = ddb.query(b -> b.tableName("events").indexName("keys")
                .keyConditionExpression("grp = :s AND due < :d").expressionAttributeValues(values));
        assertThat(keys.items()).hasSize(4); // only p1's first four items have the index keys
        assertThat(keys.items().get(0)).containsOnlyKeys("pk", "sk", "grp", "due");
        assertThat(keys.items()).extracting(i -> i.get("due").n()).isSorted();
        QueryResponse some = ddb.query(b -> b.tableName("events").indexName("some")
                .keyConditionExpression("grp = :s AND due < :d").expressionAttributeValues(values));
        assertThat(some.items().get(0)).containsOnlyKeys("pk", "sk", "grp", "due", "color");
        QueryResponse all = ddb.query(b -> b.tableName("events").indexName("all")
                .keyConditionExpression("grp = :s AND due < :d").expressionAttributeValues(values));
        assertThat(all.items().get(0)).containsKeys("size", "color");
        assertThatThrownBy(() -> ddb.query(b -> b.tableName("events").indexName("keys").consistentRead(true)
                .keyConditionExpression("grp = :s").expressionAttributeValues(Map.of(":s", n(1)))))
                .hasMessageContaining("Consistent reads are not supported on global secondary indexes");
    }

    @Test
    void index_shouldFollowUpdates_whenTheIndexKeyChangesOrGoes() {
        ddb.putItem(b -> b.tableName("events").item(Map.of("pk", s("moving"), "sk", n(1), "grp", n(7), "due", n(1))));
        ddb.updateItem(b -> b.tableName("events").key(Map.of("pk", s("moving"), "sk", n(1)))
                .updateExpression("SET due = :d").expressionAttributeValues(Map.of(":d", n(5))));
        QueryResponse moved = ddb.query(b -> b.tableName("events").indexName("keys")
                .keyConditionExpression("grp = :s").expressionAttributeValues(Map.of(":s", n(7))));
        assertThat(moved.items()).extracting(i -> i.get("due").n()).containsExactly("5");
        ddb.updateItem(b -> b.tableName("events").key(Map.of("pk", s("moving"), "sk", n(1))).updateExpression("REMOVE due"));
        assertThat(ddb.query(b -> b.tableName("events").indexName("keys")
                .keyConditionExpression("grp = :s").expressionAttributeValues(Map.of(":s", n(7)))).items()).isEmpty();
    }

    @Test
    void scan_shouldVisitEveryItemOnce_acrossPagesAndSegments() {
        Set<String> seen = new HashSet<>();
        int segments = 3;
        for (int seg = 0; seg < segments; seg++) {
            int segment = seg;
            Map<String, AttributeValue> start = null;
            do {
                Map<String, AttributeValue> from = start;
                ScanResponse r = ddb.scan(b -> b.tableName("events").segment(segment).totalSegments(segments).limit(4)
                        .exclusiveStartKey(from));
                r.items().forEach(i -> assertThat(seen.add(i.get("pk").s() + "/" + i.get("sk").n())).isTrue());
                start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
            } while (start != null);
        }
        assertThat(seen).hasSizeGreaterThanOrEqualTo(30);
    }

    @Test
    void scan_shouldStopAPageAtOneMegabyte() {
        ddb.createTable(Sdk.table("large", false).build());
        String blob = "x".repeat(300 * 1024);
        for (int i = 0; i < 8; i++) {
            int k = i;
            ddb.putItem(b -> b.tableName("large").item(Map.of("pk", s("k" + k), "blob", s(blob))));
        }
        ScanResponse first = ddb.scan(b -> b.tableName("large"));
        assertThat(first.count()).isEqualTo(4);
        assertThat(first.lastEvaluatedKey()).isNotEmpty();
    }
}
