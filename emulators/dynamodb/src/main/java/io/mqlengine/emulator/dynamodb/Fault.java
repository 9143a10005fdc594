package io.mqlengine.emulator.dynamodb;

/** What an injected fault answers instead of the operation. */
public enum Fault {
    /** 400 ProvisionedThroughputExceededException: the SDK retries it with backoff. */
    PROVISIONED_THROUGHPUT_EXCEEDED(400, ApiException.DYNAMODB + "ProvisionedThroughputExceededException",
            "The level of configured provisioned throughput for the table was exceeded. "
                    + "Consider increasing your provisioning level with the UpdateTable API."),
    /** 400 ThrottlingException: the SDK retries it with backoff. */
    THROTTLING(400, ApiException.SERVICE + "ThrottlingException", "Rate of requests exceeds the allowed throughput."),
    /**
     * 400 TransactionConflictException for a single-item write; for TransactWriteItems and TransactGetItems a
     * TransactionCanceledException whose first item's reason is TransactionConflict, as DynamoDB answers a
     * transaction that meets a concurrent one.
     */
    TRANSACTION_CONFLICT(400, ApiException.DYNAMODB + "TransactionConflictException",
            "Transaction is ongoing for the item"),
    /** 500 InternalServerError: the SDK retries it. */
    INTERNAL_SERVER_ERROR(500, ApiException.DYNAMODB + "InternalServerError", "Internal server error"),
    /**
     * BatchGetItem and BatchWriteItem process nothing and return every key or write as UnprocessedKeys or
     * UnprocessedItems, as under throttling. Other operations are not affected by it.
     */
    UNPROCESSED(200, "", "");

    private final int status;
    private final String type;
    private final String message;

    Fault(int status, String type, String message) {
        this.status = status;
        this.type = type;
        this.message = message;
    }

    /** The error this fault answers (not for {@link #UNPROCESSED}). */
    public ApiException error() {
        return new ApiException(status, type, message);
    }
}
