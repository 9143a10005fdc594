package io.mqlengine.emulator.dynamodb;

import static io.mqlengine.emulator.dynamodb.Sdk.n;
import static io.mqlengine.emulator.dynamodb.Sdk.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** Injected faults reach the unmodified AWS SDK as DynamoDB would send them, and change nothing. */
class FaultInjectionTest {
    private static DynamoDbEmulator emulator;
    private static DynamoDbClient ddb;
    private static DynamoDbClient once;

    @BeforeAll
    static void start() throws Exception {
        emulator = DynamoDbEmulator.builder().build().start();
        ddb = Sdk.dynamo(emulator);
        once = Sdk.noRetries(emulator);
        ddb.createTable(Sdk.table("faulty", false).build());
        ddb.createTable(Sdk.table("healthy", false).build());
    }

    @AfterEach
    void clear() {
        emulator.faults().clear();
    }

    @AfterAll
    static void stop() {
        ddb.close();
        once.close();
        emulator.close();
    }

    @Test
    void throttling_shouldBeRetriedByTheSdk_andApplyOnce() {
        emulator.faults().failNext("UpdateItem", 2, Fault.PROVISIONED_THROUGHPUT_EXCEEDED);
        ddb.updateItem(b -> b.tableName("faulty").key(Map.of("pk", s("c"))).updateExpression("ADD n :one")
                .expressionAttributeValues(Map.of(":one", n(1))));
        assertThat(ddb.getItem(b -> b.tableName("faulty").key(Map.of("pk", s("c")))).item().get("n").n()).isEqualTo("1");
        assertThat(emulator.faults().injected()).isGreaterThanOrEqualTo(2);
        assertThat(emulator.faults().pending()).isZero();
    }

    @Test
    void throttling_shouldChangeNothing_whenTheClientGivesUp() {
        emulator.faults().failNext("PutItem", "faulty", 1, Fault.PROVISIONED_THROUGHPUT_EXCEEDED);
        assertThatThrownBy(() -> once.putItem(b -> b.tableName("faulty").item(Map.of("pk", s("never")))))
                .isInstanceOf(ProvisionedThroughputExceededException.class);
        assertThat(ddb.getItem(b -> b.tableName("faulty").key(Map.of("pk", s("never")))).hasItem()).isFalse();
    }

    @Test
    void aTableRule_shouldLeaveOtherTablesAlone() {
        emulator.faults().failNext(null, "faulty", 1, Fault.THROTTLING);
        once.putItem(b -> b.tableName("healthy").item(Map.of("pk", s("fine"))));
        assertThatThrownBy(() -> once.putItem(b -> b.tableName("faulty").item(Map.of("pk", s("x")))))
                .hasMessageContaining("Rate of requests exceeds");
    }

    @Test
    void transactionConflict_shouldCancelATransaction_andFailASingleWrite() {
        emulator.faults().failNext("TransactWriteItems", 1, Fault.TRANSACTION_CONFLICT);
        assertThatThrownBy(() -> once.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().put(p -> p.tableName("faulty").item(Map.of("pk", s("t1")))).build(),
                TransactWriteItem.builder().put(p -> p.tableName("faulty").item(Map.of("pk", s("t2")))).build())))
                .isInstanceOfSatisfying(TransactionCanceledException.class, e -> assertThat(e.cancellationReasons())
                        .extracting(CancellationReason::code).containsExactly("TransactionConflict", "None"));
        assertThat(ddb.getItem(b -> b.tableName("faulty").key(Map.of("pk", s("t2")))).hasItem()).isFalse();
        emulator.faults().failNext("UpdateItem", 1, Fault.TRANSACTION_CONFLICT);
        assertThatThrownBy(() -> once.updateItem(b -> b.tableName("faulty").key(Map.of("pk", s("t1")))))
                .isInstanceOf(TransactionConflictException.class);
    }

    @Test
    void internalServerError_shouldBeA500() {
        emulator.faults().failNext("GetItem", 1, Fault.INTERNAL_SERVER_ERROR);
        assertThatThrownBy(() -> once.getItem(b -> b.tableName("faulty").key(Map.of("pk", s("x")))))
                .satisfies(e -> assertThat(((software.amazon.awssdk.awscore.exception.AwsServiceException) e).statusCode())
                        .isEqualTo(500));
    }

    @Test
    void unprocessed_shouldReturnEveryKeyAndWrite_unprocessed() {
        emulator.faults().failNext("BatchWriteItem", 1, Fault.UNPROCESSED);
        var write = once.batchWriteItem(b -> b.requestItems(Map.of("faulty", List.of(
                WriteRequest.builder().putRequest(PutRequest.builder().item(Map.of("pk", s("b1"))).build()).build()))));
        assertThat(write.unprocessedItems().get("faulty")).hasSize(1);
        assertThat(ddb.getItem(b -> b.tableName("faulty").key(Map.of("pk", s("b1")))).hasItem()).isFalse();
        emulator.faults().failNext("BatchGetItem", 1, Fault.UNPROCESSED);
        var read = once.batchGetItem(b -> b.requestItems(Map.of("faulty",
                KeysAndAttributes.builder().keys(List.of(Map.of("pk", s("b1")))).build())));
        assertThat(read.unprocessedKeys().get("faulty").keys()).hasSize(1);
    }
}
