package dev.weft.internal;

import java.util.Arrays;

/**
 * Async stack traces. A coroutine resumed by the trampoline has no Java frame for the coroutines
 * awaiting it, so an exception it throws would show only its own frame and the loop's. As the failure
 * crosses each awaiting frame, that frame's await position ({@code at Owner.method(File.java:line)}) is
 * inserted above the loop's own frames (or appended, for a failure made on another thread): the trace reads
 * innermost first, then each awaiter — the async call chain. Only the failure path pays for it.
 */
public final class AsyncStackTrace {
    private static final int MAX_DEPTH = 1024;

    private AsyncStackTrace() {
    }

    /** Records that {@code failure} propagates into {@code awaiter}, suspended at one of its awaits. */
    public static void recordAwaiter(Throwable failure, WovenCoroutine<?> awaiter) {
        StackTraceElement at = awaiter.awaitingAt();
        if (at == null) {
            return;
        }
        StackTraceElement[] trace = failure.getStackTrace();
        if (trace.length == 0 || trace.length >= MAX_DEPTH) {
            return; // stack traces disabled, or already long enough to tell the story
        }
        int insertAt = 0;
        while (insertAt < trace.length && !isDriver(trace[insertAt])) {
            insertAt++;
        }
        StackTraceElement[] longer = Arrays.copyOf(trace, trace.length + 1);
        System.arraycopy(trace, insertAt, longer, insertAt + 1, trace.length - insertAt);
        longer[insertAt] = at;
        failure.setStackTrace(longer);
    }

    private static boolean isDriver(StackTraceElement e) {
        String c = e.getClassName();
        return c.equals("dev.weft.internal.Trampoline") || c.equals("dev.weft.Task");
    }
}
