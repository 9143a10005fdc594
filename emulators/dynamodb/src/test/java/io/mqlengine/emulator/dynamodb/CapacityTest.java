package io.mqlengine.emulator.dynamodb;

import static io.mqlengine.emulator.dynamodb.Sdk.n;
import static io.mqlengine.emulator.dynamodb.Sdk.s;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * ReturnConsumedCapacity on the examples of AWS's documentation ("Read/write capacity mode", "Working with
 * items: capacity unit consumption", "Global secondary indexes: provisioned throughput considerations").
 */
class CapacityTest {
    private static DynamoDbEmulator emulator;
    private static DynamoDbClient ddb;

    @BeforeAll
    static void start() throws Exception {
        emulator = DynamoDbEmulator.builder().build().start();
        ddb = Sdk.dynamo(emulator);
        ddb.createTable(Sdk.table("sized", true).build());
        ddb.createTable(Sdk.table("indexed", false)
                .attributeDefinitions(Sdk.def("pk", ScalarAttributeType.S), Sdk.def("g", ScalarAttributeType.S))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("byG").keySchema(Sdk.key("g", KeyType.HASH))
                        .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY)).build()).build());
    }

    @AfterAll
    static void stop() {
        ddb.close();
        emulator.close();
    }

    /** An item of exactly {@code bytes}: "pk" (2) + its value + "sk" (2) + a number + "d" (1) + padding. */
    private static Map<String, AttributeValue> item(String pk, int sk, int bytes) {
        int fixed = 2 + pk.length() + 2 + 2 + 1;
        return Map.of("pk", s(pk), "sk", n(sk), "d", s("x".repeat(bytes - fixed)));
    }

    @Test
    void reads_shouldCostOneUnitPerStarted4Kb_andHalfWhenEventuallyConsistent() {
        ddb.putItem(b -> b.tableName("sized").item(item("r", 1, 3584)));  // 3.5 KB
        ddb.putItem(b -> b.tableName("sized").item(item("r", 2, 10240))); // 10 KB
        assertThat(ddb.getItem(b -> b.tableName("sized").key(Map.of("pk", s("r"), "sk", n(1))).consistentRead(true)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity().capacityUnits()).isEqualTo(1.0);
        assertThat(ddb.getItem(b -> b.tableName("sized").key(Map.of("pk", s("r"), "sk", n(1)))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity().capacityUnits()).isEqualTo(0.5);
        assertThat(ddb.getItem(b -> b.tableName("sized").key(Map.of("pk", s("r"), "sk", n(2))).consistentRead(true)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity().capacityUnits()).isEqualTo(3.0);
    }

    @Test
    void writes_shouldCostOneUnitPerStartedKb_ofTheLargerOfBeforeAndAfter() {
        assertThat(ddb.putItem(b -> b.tableName("sized").item(item("w", 1, 1536))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity().capacityUnits()).isEqualTo(2.0);
        assertThat(ddb.putItem(b -> b.tableName("sized").item(item("w", 1, 500))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity().capacityUnits()).isEqualTo(2.0);
        assertThat(ddb.putItem(b -> b.tableName("sized").item(item("w", 1, 500))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity().capacityUnits()).isEqualTo(1.0);
    }

    @Test
    void query_shouldRoundTheWholePage_whileBatchGetRoundsEachItem() {
        ddb.putItem(b -> b.tableName("sized").item(item("q", 1, 1536))); // 1.5 KB
        ddb.putItem(b -> b.tableName("sized").item(item("q", 2, 6656))); // 6.5 KB
        double query = ddb.query(b -> b.tableName("sized").keyConditionExpression("pk = :p").consistentRead(true)
                .expressionAttributeValues(Map.of(":p", s("q"))).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
                .consumedCapacity().capacityUnits();
        assertThat(query).isEqualTo(2.0); // 8 KB read in one go
        double batch = ddb.batchGetItem(b -> b.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).requestItems(Map.of(
                "sized", KeysAndAttributes.builder().consistentRead(true).keys(List.of(Map.of("pk", s("q"), "sk", n(1)),
                        Map.of("pk", s("q"), "sk", n(2)))).build()))).consumedCapacity().get(0).capacityUnits();
        assertThat(batch).isEqualTo(3.0); // 4 KB + 8 KB
    }

    @Test
    void indexWrites_shouldBeCounted_oneForAPutIntoTheIndex_twoWhenTheIndexKeyChanges() {
        var put = ddb.putItem(b -> b.tableName("indexed").item(Map.of("pk", s("i"), "g", s("one")))
                .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)).consumedCapacity();
        assertThat(put.capacityUnits()).isEqualTo(2.0);
        assertThat(put.table().capacityUnits()).isEqualTo(1.0);
        assertThat(put.globalSecondaryIndexes().get("byG").capacityUnits()).isEqualTo(1.0);
        var moved = ddb.updateItem(b -> b.tableName("indexed").key(Map.of("pk", s("i"))).updateExpression("SET g = :g")
                .expressionAttributeValues(Map.of(":g", s("two"))).returnConsumedCapacity(ReturnConsumedCapacity.INDEXES))
                .consumedCapacity();
        assertThat(moved.globalSecondaryIndexes().get("byG").capacityUnits()).isEqualTo(2.0);
        var untouched = ddb.updateItem(b -> b.tableName("indexed").key(Map.of("pk", s("i"))).updateExpression("SET extra = :o")
                .expressionAttributeValues(Map.of(":o", s("x"))).returnConsumedCapacity(ReturnConsumedCapacity.INDEXES))
                .consumedCapacity();
        assertThat(untouched.capacityUnits()).isEqualTo(1.0); // KEYS_ONLY: a non-key attribute does not touch the index
    }
}
