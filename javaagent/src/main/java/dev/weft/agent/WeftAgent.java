package dev.weft.agent;

import java.lang.instrument.Instrumentation;

/**
 * The agent's entry points: {@code java -javaagent:weft-agent.jar[=OPTIONS] ...} calls {@link #premain}, and
 * attaching to a running JVM calls {@link #agentmain}. See {@link AgentOptions} for OPTIONS.
 *
 * <p>Invariants: never keeps the application from starting (a failure to install is reported as one line on
 * System.err and the application runs unwoven); weaves only classes loaded after installation: classes
 * already loaded when attaching stay as they are (weaving adds methods, which retransformation forbids).
 * The application must have weft-runtime on its class path, or on its module path (module {@code dev.weft});
 * this jar does not contain it. Classes of named modules are woven like any other: the woven code calls only
 * packages that {@code dev.weft} exports, and a module using {@code @Async} already reads it
 * ({@code requires dev.weft}), so the agent changes no module's reads or exports.
 *
 * <p>The transformer is registered as retransformation-capable, and the JVM calls such transformers after all
 * the others: whatever the order of the {@code -javaagent} options, Weft weaves what the other agents made of a
 * class (JaCoCo's probes included), so JaCoCo's agent instruments, and identifies, the class as it was compiled, and
 * its report against the compiled classes is the user's true coverage. When another agent retransforms a woven
 * class, the JVM hands Weft the class as it was before weaving again, and Weft weaves it again to the same bytes
 * (weaving is deterministic), without reporting a refusal a second time; the classes already loaded when the agent
 * is attached are still not woven (nobody retransforms them for Weft).
 *
 * <p>Once installed, the agent sets the system property {@value #INSTALLED_PROPERTY} to its options; if it could
 * not install, {@value #FAILURE_PROPERTY} to the reason. The runtime reads them (system properties are visible
 * from every class loader) so that an await reached unwoven says whether an agent runs, instead of asking for one.
 */
public final class WeftAgent {
    /** The runtime's {@code NotWoven.AGENT_PROPERTY}: this jar does not depend on the runtime. */
    static final String INSTALLED_PROPERTY = "weft.agent";
    /** The runtime's {@code NotWoven.AGENT_FAILURE_PROPERTY}. */
    static final String FAILURE_PROPERTY = "weft.agent.failure";

    private WeftAgent() {
    }

    public static void premain(String args, Instrumentation instrumentation) {
        install(args, instrumentation);
    }

    public static void agentmain(String args, Instrumentation instrumentation) {
        install(args, instrumentation);
    }

    private static void install(String args, Instrumentation instrumentation) {
        try {
            AgentOptions options = AgentOptions.parse(args, WeftAgent::report);
            instrumentation.addTransformer(new WeftClassFileTransformer(options), true);
            mark(INSTALLED_PROPERTY, options.toString());
            if (options.verbose()) {
                report("[weft] agent installed: " + options);
            }
        } catch (Throwable e) {
            report("[weft] agent not installed, no class will be woven: " + e);
            mark(FAILURE_PROPERTY, e.toString());
        }
    }

    private static void mark(String property, String value) {
        try {
            System.setProperty(property, value);
        } catch (RuntimeException e) {
            // a security manager may forbid it: unwoven awaits then give the message of a JVM without the agent
        }
    }

    private static void report(String line) {
        System.err.println(line);
    }
}
