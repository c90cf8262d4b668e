package dev.weft.maven;

import dev.weft.transformer.WeaveProblem;

import java.nio.file.Path;
import java.util.List;

/**
 * Some classes of a directory cannot be woven. Carries every problem of every refused class, in the order
 * the classes were scanned, so that a build reports them all at once.
 *
 * <p>Invariant: thrown only before anything was written, so the directory is exactly as it was.
 */
public final class DirectoryWeaveException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<WeaveProblem> problems;
    private final int classCount;

    DirectoryWeaveException(Path directory, List<WeaveProblem> problems, int classCount) {
        super("Weft: " + Plural.of(problems.size(), "weaving problem") + " in " + Plural.of(classCount, "class")
                + "; nothing was written to " + directory);
        this.problems = List.copyOf(problems);
        this.classCount = classCount;
    }

    /** Every problem found, never empty. */
    public List<WeaveProblem> problems() {
        return problems;
    }

    /** How many classes were refused (each has at least one problem). */
    public int classCount() {
        return classCount;
    }
}
