package io.mqlengine.emulator.dynamodb.table;

import io.mqlengine.emulator.dynamodb.value.Value;

/** A key attribute: its name and its scalar type (S, N or B). */
public record KeyAttr(String name, Value.Type type) {
}
