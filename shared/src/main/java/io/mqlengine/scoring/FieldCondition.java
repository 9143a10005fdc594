package io.mqlengine.scoring;

/** A named field (a dotted path, split once) and the test its value must pass. */
public record FieldCondition(String field, FieldTest test, String[] path) {

    public FieldCondition(String field, FieldTest test) {
        this(field, test, field.split("\\."));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldCondition c && c.field.equals(field) && c.test.equals(test);
    }

    @Override
    public int hashCode() {
        return field.hashCode() * 31 + test.hashCode();
    }

    @Override
    public String toString() {
        return field + " " + test;
    }
}
