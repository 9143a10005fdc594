package io.mqlengine.emulator.dynamodb.expr;

import io.mqlengine.emulator.dynamodb.value.Value;

/** A compiled KeyConditionExpression: the partition key value and, when given, the sort key condition. */
public record KeyCondition(Value partition, SortCondition sort) {
    /** Whether an item's sort key value is in range; true when the query has no sort key condition. */
    public boolean matchesSort(Value sortValue) {
        return sort == null || sort.matches(sortValue);
    }
}
