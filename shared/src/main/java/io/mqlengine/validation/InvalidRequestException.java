package io.mqlengine.validation;

import io.mqlengine.json.Problem;
import java.util.List;

/**
 * The request as a whole is unusable (not JSON, no events array, bad sentAt...); nothing in it is accepted. It keeps
 * the first {@link Limits#MAX_PROBLEMS_PER_REQUEST} problems and counts the rest.
 */
public final class InvalidRequestException extends RuntimeException {
    private final transient List<Problem> problems;
    private final int omitted;

    public InvalidRequestException(List<Problem> problems) {
        super(problems.subList(0, Math.min(problems.size(), 5)).toString());
        this.problems = List.copyOf(problems.subList(0, Math.min(problems.size(), Limits.MAX_PROBLEMS_PER_REQUEST)));
        this.omitted = problems.size() - this.problems.size();
    }

    public List<Problem> problems() {
        return problems;
    }

    /** How many problems were found beyond those kept. */
    public int omitted() {
        return omitted;
    }
}
