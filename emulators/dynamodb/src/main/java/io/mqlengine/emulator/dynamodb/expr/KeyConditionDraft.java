package io.mqlengine.emulator.dynamodb.expr;

import io.mqlengine.emulator.dynamodb.value.Value;
import java.util.Map;

/** A key condition checked on its own, waiting for the key schema of the table or index it queries. */
public final class KeyConditionDraft {
    private final Map<String, KeyConditions.Term> terms;

    KeyConditionDraft(Map<String, KeyConditions.Term> terms) {
        this.terms = terms;
    }

    /** Checks the condition against the key schema ("Query condition missed key schema element: pk", ...). */
    public KeyCondition bind(String partitionKey, Value.Type partitionType, String sortKey, Value.Type sortType) {
        return KeyConditions.bind(terms, partitionKey, partitionType, sortKey, sortType);
    }
}
