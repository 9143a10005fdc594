package io.mqlengine.scoring;

/** A named field and the test its value must pass. */
public record FieldCondition(String field, FieldTest test) {
}
