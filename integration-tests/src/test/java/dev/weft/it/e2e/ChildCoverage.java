package dev.weft.it.e2e;

import java.util.List;

/**
 * JaCoCo's agent for the JVMs the end-to-end tests start, so that the coverage report counts what the runtime, the
 * agent and the plugin do in them. Failsafe passes the agent's argument as the system property
 * {@code weft.coverage.childAgent} (set by jacoco:prepare-agent-integration, see integration-tests/pom.xml); it is
 * empty or absent when coverage is off, and then every method here adds nothing.
 *
 * <p>Invariants: the argument is the same for every child, so all children add their data to one file (JaCoCo's
 * agent appends and locks the file while writing). On a child's command line JaCoCo's agent comes first, before
 * {@code -javaagent:weft-agent.jar}: agents are installed in command-line order, so JaCoCo's transformer is
 * already there when the Weft agent's own classes load, and sees them. The two agents never change the same class:
 * JaCoCo instruments only Weft's own classes ({@code weft.coverage.includes} in the root pom), which the Weft agent
 * leaves as they are, and the application classes the Weft agent weaves are outside JaCoCo's includes.
 */
final class ChildCoverage {
    private ChildCoverage() {
    }

    /** The JVM arguments to put before all others on a child JVM's command line: none, or JaCoCo's agent. */
    static List<String> jvmArguments() {
        String agent = agentArgument();
        return agent == null ? List.of() : List.of(agent);
    }

    /**
     * {@code MAVEN_OPTS} for a nested Maven build: the inherited value with JaCoCo's agent added, or the inherited
     * value alone (possibly null) when coverage is off. The mvn script splits {@code MAVEN_OPTS} at blanks and
     * honours no quotes, so an agent argument with a blank (a local repository or build directory path with a space)
     * cannot be passed: such a nested build runs unmeasured, and this says so on System.err.
     */
    static String mavenOpts(String inherited) {
        String agent = agentArgument();
        if (agent == null) {
            return inherited;
        }
        if (agent.chars().anyMatch(Character::isWhitespace)) {
            System.err.println("[coverage] nested Maven build not measured: MAVEN_OPTS cannot carry a path with a"
                    + " blank: " + agent);
            return inherited;
        }
        return inherited == null || inherited.isBlank() ? agent : inherited + " " + agent;
    }

    /** The agent argument without the quotes JaCoCo adds around one that contains a blank, or null. */
    private static String agentArgument() {
        String value = System.getProperty("weft.coverage.childAgent", "").strip();
        if (value.isEmpty() || value.startsWith("${")) {
            return null; // coverage off, or the property was not set by the build (an unresolved expression)
        }
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1).replace("\\\"", "\"");
        }
        return value;
    }
}
