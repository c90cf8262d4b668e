package dev.weft.maven;

/**
 * What weaving one class directory did. Invariant: {@code 0 <= classesWoven <= classesScanned} and
 * {@code methodsWoven >= classesWoven} (a class is woven only if at least one of its methods is).
 *
 * @param classesScanned how many {@code .class} files were read
 * @param classesWoven   how many of them were rewritten
 * @param methodsWoven   how many {@code @Async} methods were turned into state machines, over all classes
 */
public record DirectoryWeaveResult(int classesScanned, int classesWoven, int methodsWoven) {

    /** The result for a directory that does not exist or holds no class file. */
    public static final DirectoryWeaveResult NOTHING = new DirectoryWeaveResult(0, 0, 0);

    /** {@code wove 7 methods in 3 classes (41 classes scanned)}. */
    public String summary() {
        return "wove " + Plural.of(methodsWoven, "method") + " in " + Plural.of(classesWoven, "class")
                + " (" + Plural.of(classesScanned, "class") + " scanned)";
    }
}
