package dev.weft.agent;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The agent's options, from {@code -javaagent:weft-agent.jar=OPTIONS} where OPTIONS is a comma-separated list
 * of:
 * <ul>
 *   <li>{@code include=PATTERN}, repeatable: weave only the classes matching one of the patterns (see
 *       {@link IncludePattern}). Without any include every class is eligible.</li>
 *   <li>{@code verbose}: print one line to System.err per woven class.</li>
 *   <li>{@code dump=DIRECTORY}: also write each woven class file to {@code DIRECTORY/<internal/name>.class}
 *       (relative to the working directory; the last one given wins; the path cannot contain a comma).</li>
 * </ul>
 * Blanks around entries are ignored, as are empty entries.
 *
 * <p>Invariant: parsing never fails. An agent must not keep the application from starting, so an unknown or
 * malformed option is reported as one line (naming the valid options) and ignored, and the other options
 * still apply. Note that ignoring a malformed {@code include} widens what is woven when it was the only one.
 */
final class AgentOptions {
    static final String VALID_OPTIONS = "include=PATTERN (repeatable; com.acme.* = package, com.acme.** ="
            + " package and sub-packages, otherwise a class name), verbose, dump=DIRECTORY; separated by commas";

    private final List<IncludePattern> includes;
    private final boolean verbose;
    private final Path dumpDirectory;

    private AgentOptions(List<IncludePattern> includes, boolean verbose, Path dumpDirectory) {
        this.includes = List.copyOf(includes);
        this.verbose = verbose;
        this.dumpDirectory = dumpDirectory;
    }

    /** No include (all classes eligible), not verbose, no dump. */
    static AgentOptions defaults() {
        return new AgentOptions(List.of(), false, null);
    }

    /**
     * @param args     the agent's argument string, may be null or empty
     * @param warnings receives one line per ignored option
     */
    static AgentOptions parse(String args, Consumer<String> warnings) {
        List<IncludePattern> includes = new ArrayList<>();
        boolean verbose = false;
        Path dump = null;
        if (args == null) {
            return defaults();
        }
        for (String raw : args.split(",")) {
            String option = raw.trim();
            if (option.isEmpty()) {
                continue;
            }
            try {
                if (option.equals("verbose")) {
                    verbose = true;
                } else if (option.startsWith("include=")) {
                    includes.add(IncludePattern.parse(option.substring("include=".length()).trim()));
                } else if (option.startsWith("dump=")) {
                    dump = dumpDirectory(option.substring("dump=".length()).trim());
                } else {
                    warnings.accept("[weft] ignoring unknown agent option '" + option + "'; valid options: " + VALID_OPTIONS);
                }
            } catch (IllegalArgumentException e) {
                warnings.accept("[weft] ignoring agent option '" + option + "': " + e.getMessage()
                        + "; valid options: " + VALID_OPTIONS);
            }
        }
        return new AgentOptions(includes, verbose, dump);
    }

    private static Path dumpDirectory(String value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException("no directory given");
        }
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("not a valid path: " + e.getMessage(), e);
        }
    }

    /** Whether the include patterns allow the class; true for every class when there is no include. */
    boolean isIncluded(String internalName) {
        if (includes.isEmpty()) {
            return true;
        }
        for (IncludePattern include : includes) {
            if (include.matches(internalName)) {
                return true;
            }
        }
        return false;
    }

    List<IncludePattern> includes() {
        return includes;
    }

    boolean verbose() {
        return verbose;
    }

    /** Where to dump woven classes, or null for no dump. */
    Path dumpDirectory() {
        return dumpDirectory;
    }

    /** {@code include=[com.acme.**], verbose=true, dump=out}. */
    @Override
    public String toString() {
        return "include=" + (includes.isEmpty() ? "[all classes]" : includes.toString()) + ", verbose=" + verbose
                + ", dump=" + (dumpDirectory == null ? "none" : dumpDirectory.toString());
    }
}
