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
 */
public final class WeftAgent {
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
            instrumentation.addTransformer(new WeftClassFileTransformer(options), false);
            if (options.verbose()) {
                report("[weft] agent installed: " + options);
            }
        } catch (Throwable e) {
            report("[weft] agent not installed, no class will be woven: " + e);
        }
    }

    private static void report(String line) {
        System.err.println(line);
    }
}
