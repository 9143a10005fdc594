package io.mqlengine.model;

/** Fit grade, best first. School grades: there is no E. */
public enum Grade {
    A, B, C, D, F;

    /** True when this grade is as good as {@code minimum} or better. */
    public boolean atLeast(Grade minimum) {
        return ordinal() <= minimum.ordinal();
    }
}
