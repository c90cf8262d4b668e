package dev.weft.transformer;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A class could not be woven. Lists every problem found in the class, not just the first, so that a
 * build reports them all at once.
 */
public final class WeaveException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<WeaveProblem> problems;

    public WeaveException(List<WeaveProblem> problems) {
        super(problems.stream().map(WeaveProblem::toString).collect(Collectors.joining(System.lineSeparator())));
        this.problems = List.copyOf(problems);
    }

    public WeaveException(WeaveProblem problem, Throwable cause) {
        super(problem.toString(), cause);
        this.problems = List.of(problem);
    }

    public List<WeaveProblem> problems() {
        return problems;
    }
}
