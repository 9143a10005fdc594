package io.mqlengine.scoring;

import io.mqlengine.json.Problem;
import java.util.List;
import java.util.stream.Collectors;

/** The scoring model document is invalid; the message names every bad field by its path. */
public final class ModelException extends RuntimeException {
    private final transient List<Problem> problems;

    public ModelException(String source, List<Problem> problems) {
        super("scoring model " + source + " is invalid: "
                + problems.stream().map(Problem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
