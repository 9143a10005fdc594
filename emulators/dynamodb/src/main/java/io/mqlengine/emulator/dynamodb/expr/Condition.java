package io.mqlengine.emulator.dynamodb.expr;

import io.mqlengine.emulator.dynamodb.value.Value;
import java.util.Map;
import java.util.Set;

/** A compiled ConditionExpression or FilterExpression; immutable, so one can be shared across items and threads. */
public interface Condition {
    /** Whether {@code item} (empty when there is no item) satisfies the condition. */
    boolean test(Map<String, Value> item);

    /**
     * The top-level attributes the expression reaches into with {@code .} or {@code []}; DynamoDB refuses those
     * on key attributes ("Key attributes must be scalars; ...").
     */
    default Set<String> nestedPathHeads() {
        return Set.of();
    }

    /** The top-level attribute of every path the expression names (a Query filter may not name a key attribute). */
    default Set<String> pathHeads() {
        return Set.of();
    }
}
