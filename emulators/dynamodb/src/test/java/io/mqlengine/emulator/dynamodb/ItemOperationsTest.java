package io.mqlengine.emulator.dynamodb;

import static io.mqlengine.emulator.dynamodb.Sdk.n;
import static io.mqlengine.emulator.dynamodb.Sdk.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/** Tables and single-item operations through the unmodified AWS SDK. */
class ItemOperationsTest {
    private static DynamoDbEmulator emulator;
    private static DynamoDbClient ddb;

    @BeforeAll
    static void start() throws Exception {
        emulator = DynamoDbEmulator.builder().build().start();
        ddb = Sdk.dynamo(emulator);
        ddb.createTable(Sdk.table("items", false).build());
        ddb.createTable(Sdk.table("sorted", true).build());
    }

    @AfterAll
    static void stop() {
        ddb.close();
        emulator.close();
    }

    @Test
    void createTable_shouldDescribeKeysAndRefuseASecondTable_whenNameTaken() {
        var t = ddb.describeTable(b -> b.tableName("sorted")).table();
        assertThat(t.tableStatus()).isEqualTo(TableStatus.ACTIVE);
        assertThat(t.keySchema()).extracting(k -> k.attributeName()).containsExactly("pk", "sk");
        assertThat(t.tableArn()).isEqualTo("arn:aws:dynamodb:us-east-1:000000000000:table/sorted");
        assertThatThrownBy(() -> ddb.createTable(Sdk.table("sorted", true).build()))
                .isInstanceOf(ResourceInUseException.class);
        assertThat(ddb.listTables().tableNames()).contains("items", "sorted");
    }

    @Test
    void deleteTable_shouldMakeTheTableUnknown_whenDeleted() {
        ddb.createTable(Sdk.table("doomed", false).build());
        ddb.deleteTable(b -> b.tableName("doomed"));
        assertThatThrownBy(() -> ddb.describeTable(b -> b.tableName("doomed")))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("Table: doomed not found");
        assertThatThrownBy(() -> ddb.getItem(b -> b.tableName("doomed").key(Map.of("pk", s("a")))))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void putItem_shouldStoreEveryTypeAndNormaliseNumbers_whenReadBack() {
        Map<String, AttributeValue> item = Map.of("pk", s("types"), "n", n("001.500"), "big", n("1E+2"),
                "b", AttributeValue.fromB(SdkBytes.fromUtf8String("hi")), "ss", AttributeValue.fromSs(List.of("x", "y")),
                "ns", AttributeValue.fromNs(List.of("1.0", "2")), "l", AttributeValue.fromL(List.of(s("a"), n(1))),
                "m", AttributeValue.fromM(Map.of("k", AttributeValue.fromBool(true))), "nul", AttributeValue.fromNul(true));
        ddb.putItem(b -> b.tableName("items").item(item));
        Map<String, AttributeValue> got = ddb.getItem(b -> b.tableName("items").key(Map.of("pk", s("types")))).item();
        assertThat(got.get("n").n()).isEqualTo("1.5");
        assertThat(got.get("big").n()).isEqualTo("100");
        assertThat(got.get("ns").ns()).containsExactlyInAnyOrder("1", "2");
        assertThat(got.get("b").b().asUtf8String()).isEqualTo("hi");
        assertThat(got.get("m").m().get("k").bool()).isTrue();
        assertThat(got.get("nul").nul()).isTrue();
        assertThat(got.get("l").l()).hasSize(2);
    }

    @Test
    void putItem_shouldRefuseBadValues_withTheServiceMessages() {
        assertThatThrownBy(() -> ddb.putItem(b -> b.tableName("items").item(Map.of("pk", s("x"), "n", n("1e126")))))
                .hasMessageContaining("Number overflow");
        assertThatThrownBy(() -> ddb.putItem(b -> b.tableName("items").item(Map.of("pk", s("x"),
                "n", n("1.23456789012345678901234567890123456789")))))
                .hasMessageContaining("more than 38 significant digits");
        assertThatThrownBy(() -> ddb.putItem(b -> b.tableName("items").item(Map.of("pk", s("x"),
                "ss", AttributeValue.fromSs(List.of()))))).hasMessageContaining("may not be empty");
        assertThatThrownBy(() -> ddb.putItem(b -> b.tableName("items").item(Map.of("pk", s("")))))
                .hasMessageContaining("empty string value");
        assertThatThrownBy(() -> ddb.putItem(b -> b.tableName("items").item(Map.of("pk", n(1)))))
                .hasMessageContaining("Type mismatch for key pk");
        assertThatThrownBy(() -> ddb.putItem(b -> b.tableName("items").item(Map.of("pk", s("x".repeat(2049))))))
                .hasMessageContaining("2048 bytes");
        assertThatThrownBy(() -> ddb.putItem(b -> b.tableName("items").item(Map.of("pk", s("big"),
                "v", s("x".repeat(400 * 1024)))))).hasMessageContaining("Item size has exceeded");
    }

    @Test
    void conditionalPut_shouldFailWithTheOldItem_whenReturnValuesOnConditionCheckFailureAsks() {
        ddb.putItem(b -> b.tableName("items").item(Map.of("pk", s("cond"), "v", n(1))));
        assertThatThrownBy(() -> ddb.putItem(b -> b.tableName("items").item(Map.of("pk", s("cond"), "v", n(2)))
                .conditionExpression("attribute_not_exists(pk)")
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)))
                .isInstanceOfSatisfying(ConditionalCheckFailedException.class,
                        e -> assertThat(e.item()).containsEntry("v", n(1)));
        var old = ddb.putItem(b -> b.tableName("items").item(Map.of("pk", s("cond"), "v", n(3)))
                .conditionExpression("v = :one").expressionAttributeValues(Map.of(":one", n(1)))
                .returnValues(ReturnValue.ALL_OLD)).attributes();
        assertThat(old).containsEntry("v", n(1));
    }

    @Test
    void updateItem_shouldApplyEveryAction_andReturnWhatWasAskedFor() {
        ddb.putItem(b -> b.tableName("items").item(Map.of("pk", s("upd"), "count", n(1),
                "tags", AttributeValue.fromSs(List.of("a", "b")), "lst", AttributeValue.fromL(List.of(n(1), n(2), n(3))),
                "gone", s("x"))));
        var updated = ddb.updateItem(b -> b.tableName("items").key(Map.of("pk", s("upd")))
                .updateExpression("SET #c = #c + :one, fresh = if_not_exists(fresh, :zero), lst = list_append(lst, :more) "
                        + "REMOVE gone ADD #t :five, tags :c")
                .expressionAttributeNames(Map.of("#c", "count", "#t", "total"))
                .expressionAttributeValues(Map.of(":one", n(1), ":zero", n(0), ":five", n(5),
                        ":more", AttributeValue.fromL(List.of(n(4))), ":c", AttributeValue.fromSs(List.of("c"))))
                .returnValues(ReturnValue.ALL_NEW)).attributes();
        assertThat(updated.get("count").n()).isEqualTo("2");
        assertThat(updated.get("fresh").n()).isEqualTo("0");
        assertThat(updated.get("total").n()).isEqualTo("5");
        assertThat(updated.get("tags").ss()).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(updated.get("lst").l()).extracting(AttributeValue::n).containsExactly("1", "2", "3", "4");
        assertThat(updated).doesNotContainKey("gone");
        var shifted = ddb.updateItem(b -> b.tableName("items").key(Map.of("pk", s("upd"))).updateExpression("REMOVE lst[0] DELETE tags :a")
                .expressionAttributeValues(Map.of(":a", AttributeValue.fromSs(List.of("a"))))
                .returnValues(ReturnValue.UPDATED_NEW)).attributes();
        assertThat(shifted.get("tags").ss()).containsExactlyInAnyOrder("b", "c");
        // UPDATED_NEW shows what now sits at the paths the update wrote: lst[0] is the former second element
        assertThat(shifted.get("lst").l()).extracting(AttributeValue::n).containsExactly("2");
        assertThat(ddb.getItem(b -> b.tableName("items").key(Map.of("pk", s("upd")))).item().get("lst").l())
                .extracting(AttributeValue::n).containsExactly("2", "3", "4");

        var changed = ddb.updateItem(b -> b.tableName("items").key(Map.of("pk", s("upd")))
                .updateExpression("SET #c = :ten").expressionAttributeNames(Map.of("#c", "count"))
                .expressionAttributeValues(Map.of(":ten", n(10))).returnValues(ReturnValue.UPDATED_OLD)).attributes();
        assertThat(changed).containsOnlyKeys("count").containsEntry("count", n(2));
    }

    @Test
    void updateItem_shouldRefuseKeyUpdatesAndUnusedValues_asTheServiceDoes() {
        assertThatThrownBy(() -> ddb.updateItem(b -> b.tableName("items").key(Map.of("pk", s("k")))
                .updateExpression("SET pk = :v").expressionAttributeValues(Map.of(":v", s("other")))))
                .hasMessageContaining("This attribute is part of the key");
        assertThatThrownBy(() -> ddb.updateItem(b -> b.tableName("items").key(Map.of("pk", s("k")))
                .updateExpression("SET a = :v").expressionAttributeValues(Map.of(":v", s("x"), ":unused", s("y")))))
                .hasMessageContaining("unused in expressions").hasMessageContaining(":unused");
        assertThatThrownBy(() -> ddb.updateItem(b -> b.tableName("items").key(Map.of("pk", s("k")))
                .updateExpression("SET a = :missing")))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining(":missing");
    }

    @Test
    void deleteItem_shouldReturnTheOldItem_andLeaveNothing() {
        ddb.putItem(b -> b.tableName("sorted").item(Map.of("pk", s("d"), "sk", n(1), "v", s("x"))));
        var old = ddb.deleteItem(b -> b.tableName("sorted").key(Map.of("pk", s("d"), "sk", n(1)))
                .returnValues(ReturnValue.ALL_OLD)).attributes();
        assertThat(old).containsEntry("v", s("x"));
        assertThat(ddb.getItem(b -> b.tableName("sorted").key(Map.of("pk", s("d"), "sk", n(1)))).hasItem()).isFalse();
        assertThatThrownBy(() -> ddb.deleteItem(b -> b.tableName("sorted").key(Map.of("pk", s("d")))))
                .hasMessageContaining("The provided key element does not match the schema");
    }

    @Test
    void getItem_shouldProjectNestedPaths_whenAskedForAProjection() {
        ddb.putItem(b -> b.tableName("items").item(Map.of("pk", s("proj"), "a", AttributeValue.fromM(Map.of(
                "b", AttributeValue.fromL(List.of(s("x"), s("y"), s("z"))), "c", n(1))), "d", n(2))));
        var got = ddb.getItem(b -> b.tableName("items").key(Map.of("pk", s("proj")))
                .projectionExpression("a.b[1], #d").expressionAttributeNames(Map.of("#d", "d"))).item();
        assertThat(got).containsOnlyKeys("a", "d");
        assertThat(got.get("a").m()).containsOnlyKeys("b");
        assertThat(got.get("a").m().get("b").l()).containsExactly(s("y"));
    }

    @Test
    void unknownOperation_shouldBeRefusedByName() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        var response = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(emulator.endpoint()))
                .header("X-Amz-Target", "DynamoDB_20120810.UpdateTable").header("Content-Type", "application/x-amz-json-1.0")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=a/b/c/d/e, SignedHeaders=host, Signature=x")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("UnknownOperationException").contains("UpdateTable");
    }
}
