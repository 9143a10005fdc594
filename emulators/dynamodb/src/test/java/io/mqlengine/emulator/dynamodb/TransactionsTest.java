package io.mqlengine.emulator.dynamodb;

import static io.mqlengine.emulator.dynamodb.Sdk.n;
import static io.mqlengine.emulator.dynamodb.Sdk.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.IdempotentParameterMismatchException;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** TransactWriteItems and TransactGetItems through the unmodified AWS SDK. */
class TransactionsTest {
    private static DynamoDbEmulator emulator;
    private static DynamoDbClient ddb;

    @BeforeAll
    static void start() throws Exception {
        emulator = DynamoDbEmulator.builder().build().start();
        ddb = Sdk.dynamo(emulator);
        ddb.createTable(Sdk.table("accounts", false).build());
        ddb.createTable(Sdk.table("ledger", false).build());
    }

    @AfterAll
    static void stop() {
        ddb.close();
        emulator.close();
    }

    @Test
    void transactWrite_shouldApplyEverything_whenEveryConditionHolds() {
        ddb.putItem(b -> b.tableName("accounts").item(Map.of("pk", s("alice"), "balance", n(100))));
        var r = ddb.transactWriteItems(b -> b.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).transactItems(
                TransactWriteItem.builder().update(u -> u.tableName("accounts").key(Map.of("pk", s("alice")))
                        .updateExpression("SET balance = balance - :x").conditionExpression("balance >= :x")
                        .expressionAttributeValues(Map.of(":x", n(30)))).build(),
                TransactWriteItem.builder().put(p -> p.tableName("ledger").item(Map.of("pk", s("t1"), "amount", n(30)))
                        .conditionExpression("attribute_not_exists(pk)")).build()));
        assertThat(ddb.getItem(b -> b.tableName("accounts").key(Map.of("pk", s("alice")))).item().get("balance").n())
                .isEqualTo("70");
        assertThat(ddb.getItem(b -> b.tableName("ledger").key(Map.of("pk", s("t1")))).hasItem()).isTrue();
        // two writes of items under 1 KB, at twice the units of a plain write
        assertThat(r.consumedCapacity()).extracting(c -> c.capacityUnits()).containsExactlyInAnyOrder(2.0, 2.0);
    }

    @Test
    void transactWrite_shouldCancelEverything_withReasonsInItemOrder_whenOneConditionFails() {
        ddb.putItem(b -> b.tableName("accounts").item(Map.of("pk", s("bob"), "balance", n(10))));
        assertThatThrownBy(() -> ddb.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().put(p -> p.tableName("ledger").item(Map.of("pk", s("t2"))))
                        .build(),
                TransactWriteItem.builder().conditionCheck(c -> c.tableName("accounts").key(Map.of("pk", s("bob")))
                        .conditionExpression("balance >= :x").expressionAttributeValues(Map.of(":x", n(50)))
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).build())))
                .isInstanceOfSatisfying(TransactionCanceledException.class, e -> {
                    assertThat(e.cancellationReasons()).extracting(CancellationReason::code)
                            .containsExactly("None", "ConditionalCheckFailed");
                    assertThat(e.cancellationReasons().get(1).item()).containsEntry("balance", n(10));
                });
        assertThat(ddb.getItem(b -> b.tableName("ledger").key(Map.of("pk", s("t2")))).hasItem()).isFalse();
    }

    @Test
    void transactWrite_shouldRefuseTwoActionsOnOneItem() {
        assertThatThrownBy(() -> ddb.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().put(p -> p.tableName("ledger").item(Map.of("pk", s("same")))).build(),
                TransactWriteItem.builder().delete(d -> d.tableName("ledger").key(Map.of("pk", s("same")))).build())))
                .hasMessageContaining("multiple operations on one item");
    }

    @Test
    void clientRequestToken_shouldApplyOnce_andRefuseADifferentRequestWithTheSameToken() {
        ddb.putItem(b -> b.tableName("accounts").item(Map.of("pk", s("carol"), "balance", n(0))));
        TransactWriteItem add = TransactWriteItem.builder().update(u -> u.tableName("accounts").key(Map.of("pk", s("carol")))
                .updateExpression("ADD balance :one").expressionAttributeValues(Map.of(":one", n(1)))).build();
        ddb.transactWriteItems(b -> b.clientRequestToken("token-1").transactItems(add));
        ddb.transactWriteItems(b -> b.clientRequestToken("token-1").transactItems(add));
        assertThat(ddb.getItem(b -> b.tableName("accounts").key(Map.of("pk", s("carol")))).item().get("balance").n())
                .isEqualTo("1");
        TransactWriteItem other = TransactWriteItem.builder().update(u -> u.tableName("accounts")
                .key(Map.of("pk", s("carol"))).updateExpression("ADD balance :two")
                .expressionAttributeValues(Map.of(":two", n(2)))).build();
        assertThatThrownBy(() -> ddb.transactWriteItems(b -> b.clientRequestToken("token-1").transactItems(other)))
                .isInstanceOf(IdempotentParameterMismatchException.class);
    }

    @Test
    void transactGet_shouldReadEveryItemInOrder() {
        ddb.putItem(b -> b.tableName("accounts").item(Map.of("pk", s("dave"), "balance", n(5))));
        var r = ddb.transactGetItems(b -> b.transactItems(
                t -> t.get(g -> g.tableName("accounts").key(Map.of("pk", s("nobody")))),
                t -> t.get(g -> g.tableName("accounts").key(Map.of("pk", s("dave"))).projectionExpression("balance"))));
        assertThat(r.responses().get(0).hasItem()).isFalse();
        assertThat(r.responses().get(1).item()).containsOnlyKeys("balance");
    }
}
