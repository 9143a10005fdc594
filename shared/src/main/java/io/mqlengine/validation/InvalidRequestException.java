package io.mqlengine.validation;

import java.util.List;

/** The request as a whole is unusable (not JSON, no events array, bad sentAt...); nothing in it is accepted. */
public final class InvalidRequestException extends RuntimeException {
    private final transient List<Problem> problems;

    public InvalidRequestException(List<Problem> problems) {
        super(problems.toString());
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
