package dev.weft.agent;

import dev.weft.transformer.WeaveProblem;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * What the agent says about a class it leaves unwoven: the lines it prints when the class loads, and the reason
 * the class's awaits throw later (passed to {@code NotWovenRedirect}, so the error names the real cause rather
 * than asking for an agent that is running).
 *
 * <p>A refusal is reported as the Maven plugin reports it: one compiler-style line per problem
 * ({@code Demo.java:12: demo.Demo.f(): what is wrong and what to do}), in line order, after a line naming
 * the class.
 */
final class NotWovenReport {
    static final String PREFIX = "[weft] ";

    private NotWovenReport() {
    }

    /**
     * The lines printed for a refused class: which class, then every problem in the order the weaver gives (line
     * order).
     *
     * @param redirected whether the class was redirected to fail with the problems where it needs weaving
     */
    static List<String> refusal(String className, List<WeaveProblem> problems, boolean redirected) {
        List<String> lines = new ArrayList<>();
        int n = problems.size();
        lines.add(PREFIX + "not woven: " + className + " (" + n + (n == 1 ? " problem" : " problems") + "); it loads as"
                + " compiled" + (redirected ? ", and where it needs weaving it throws a NotWovenError naming "
                + (n == 1 ? "it:" : "them:") : ":"));
        for (WeaveProblem p : problems) {
            lines.add(PREFIX + p);
        }
        return lines;
    }

    /** The error's reason for a refused class: every problem, each on its own line. */
    static String refusalReason(String className, List<WeaveProblem> problems) {
        StringBuilder sb = new StringBuilder("the Weft agent refused class ").append(className)
                .append(", which loaded as it was compiled. Fix ")
                .append(problems.size() == 1 ? "this problem" : "these problems")
                .append(" (the agent printed ").append(problems.size() == 1 ? "it" : "them")
                .append(" when the class loaded):");
        for (WeaveProblem p : problems) {
            sb.append(System.lineSeparator()).append("  ").append(p);
        }
        return sb.toString();
    }

    /** The error's reason for a class outside the include patterns. */
    static String notIncludedReason(String className, List<IncludePattern> includes) {
        StringJoiner patterns = new StringJoiner(", ");
        for (IncludePattern include : includes) {
            patterns.add("include=" + include);
        }
        int dot = className.lastIndexOf('.');
        String suggestion = dot < 0 ? className : className.substring(0, dot) + ".*";
        return "class " + className + " is not woven: the Weft agent is running, but its include patterns ("
                + patterns + ") do not match it. Add include=" + suggestion + " to the agent's options"
                + " (-javaagent:weft-agent.jar=...), or weave the class at build time with dev.weft:weft-maven-plugin";
    }

    /** The error's reason for a class the weaver failed on unexpectedly. */
    static String failureReason(String className, Throwable failure) {
        return "the Weft agent failed to weave class " + className + " (" + failure + "), which loaded as it was"
                + " compiled. This is a Weft bug: please report it with the class file";
    }
}
