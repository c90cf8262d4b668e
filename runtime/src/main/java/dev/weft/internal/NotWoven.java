package dev.weft.internal;

import dev.weft.Awaitable;
import dev.weft.NotWovenError;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The error of code that was not woven, naming the real cause. There are three:
 * <ul>
 *   <li><b>The Weft agent left the class unwoven on purpose</b>: it refused the class (its problems), its
 *       {@code include=} patterns do not match it, or weaving failed. The agent then redirects each
 *       {@code Weft.await} call of the class to {@link #await(Awaitable, String)}, which throws with the
 *       reason the agent passed as a constant; in a class woven by another version of Weft, each {@code @Async}
 *       method throws {@link #refused(String)} instead.</li>
 *   <li><b>The agent runs but never saw the class</b> (loaded before the agent was installed, a JDK or Weft
 *       class, a hidden class): {@code Weft.await} is reached, and {@link #unwoven(String)} finds the agent
 *       through the system property {@value #AGENT_PROPERTY} that the agent sets when it installs (system
 *       properties are the one place every class loader sees), and names the calling class.</li>
 *   <li><b>No agent</b>: {@code Weft.await} is reached with no agent installed; its own message explains how to
 *       enable weaving. If an agent was given but failed to install, {@value #AGENT_FAILURE_PROPERTY} says why.</li>
 * </ul>
 * Each error is a {@link NotWovenError} thrown where the code runs, an {@link Error} so that a {@code catch
 * (Exception e)} around the await cannot turn it into a wrong answer; nothing here ever blocks.
 */
public final class NotWoven {
    /** Set by the agent once installed, to a description of its options. */
    public static final String AGENT_PROPERTY = "weft.agent";
    /** Set by the agent when it could not install, to the reason. */
    public static final String AGENT_FAILURE_PROPERTY = "weft.agent.failure";

    private static final String UNWOVEN = "Weft.await(...) was called in a method that has not been woven: ";

    private NotWoven() {
    }

    /** {@code Weft.await(Awaitable)} in a class the agent left unwoven, {@code why} being its reason. */
    public static Object await(Awaitable<?> awaitable, String why) {
        throw new NotWovenError(UNWOVEN + why);
    }

    /** {@code Weft.await(CompletionStage)} in a class the agent left unwoven, {@code why} being its reason. */
    public static Object await(CompletionStage<?> stage, String why) {
        throw new NotWovenError(UNWOVEN + why);
    }

    /** Thrown by each {@code @Async} method of a class the agent refused although it was woven (by another Weft). */
    public static NotWovenError refused(String why) {
        return fromCaller(new NotWovenError("this @Async method cannot run: " + why));
    }

    /**
     * The error of {@code Weft.await} reached without weaving and without the agent's redirection.
     *
     * @param noAgent the message for a JVM without the agent: how to enable weaving
     */
    public static NotWovenError unwoven(String noAgent) {
        return fromCaller(unwovenError(noAgent));
    }

    private static NotWovenError unwovenError(String noAgent) {
        String agent = System.getProperty(AGENT_PROPERTY);
        if (agent != null) {
            return new NotWovenError(UNWOVEN + "the Weft agent is running (" + agent + ") but never wove "
                    + caller() + ". It sees only the classes loaded after it was installed (an agent attached to a"
                    + " running JVM misses the classes already loaded), it never transforms JDK classes, Weft's own"
                    + " classes (package dev.weft itself, dev.weft.internal) or hidden classes, and a class it"
                    + " refused without redirecting its awaits is named in its report ('[weft] not woven: ...') on the"
                    + " standard error. Load the class after the agent is installed, or weave it at build time with"
                    + " dev.weft:weft-maven-plugin.");
        }
        String failure = System.getProperty(AGENT_FAILURE_PROPERTY);
        if (failure != null) {
            return new NotWovenError(UNWOVEN + "the Weft agent was given (-javaagent) but failed to install ("
                    + failure + "), so it weaves no class. Its report on the standard error says more; alternatively,"
                    + " weave at build time with dev.weft:weft-maven-plugin.");
        }
        return new NotWovenError(noAgent);
    }

    /** Whether a frame is Weft's entry point or JDK code, a proxy class the JDK generated included (MethodHandleProxies). */
    private static boolean isWeftOrJdk(String className) {
        return className.equals(NotWoven.class.getName()) || className.equals("dev.weft.Weft")
                || className.startsWith("java.") || className.startsWith("jdk.") || className.startsWith("sun.")
                || className.startsWith("com.sun.proxy.");
    }

    /** The error with its stack trace starting where this class was called, as if thrown there. */
    private static NotWovenError fromCaller(NotWovenError e) {
        StackTraceElement[] trace = e.getStackTrace();
        int own = 0;
        while (own < trace.length && trace[own].getClassName().equals(NotWoven.class.getName())) {
            own++;
        }
        e.setStackTrace(java.util.Arrays.copyOfRange(trace, own, trace.length));
        return e;
    }

    /**
     * The class and method that called {@code Weft.await}, as {@code class pkg.Owner (in method m)}: the first
     * frame outside Weft and the JDK (a {@code Weft::await} method reference is called through JDK code).
     */
    private static String caller() {
        Optional<StackWalker.StackFrame> frame = StackWalker.getInstance().walk(frames -> frames
                .filter(f -> !isWeftOrJdk(f.getClassName()))
                .findFirst());
        return frame.map(f -> "class " + f.getClassName() + " (in method " + f.getMethodName() + ")")
                .orElse("the calling class");
    }
}
