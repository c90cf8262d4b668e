package dev.weft.io;

import dev.weft.EventLoop;
import dev.weft.LoopClosedException;

/**
 * The daemon threads that pump a subprocess's pipes, and how they hand their news to the loop. The JDK offers no
 * non-blocking pipe (a {@link Process}'s streams are blocking {@code InputStream}s and {@code OutputStream}s that
 * no selector can watch), so each pipe in use gets one thread that blocks on it while the loop runs on.
 *
 * <p>Invariants: every pump thread is a daemon (it never keeps the JVM alive) named after its process and pipe
 * ({@code weft-pipe-<pid>-stdout}); a pump touches its loop only through {@link EventLoop#callSoonThreadsafe}, and
 * ends quietly once the loop is closed.
 */
final class PipeThreads {
    /** How often a pump waiting for the loop (paused, idle) checks whether the loop closed meanwhile. */
    static final long LOOP_CHECK_MILLIS = 200;

    private PipeThreads() {
    }

    /** The name of the pump of {@code pipe} ("stdin", "stdout", "stderr") of process {@code pid}. */
    static String name(long pid, String pipe) {
        return "weft-pipe-" + pid + "-" + pipe;
    }

    /** Starts {@code body} on a new daemon thread named {@code name}. */
    static Thread start(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Hands {@code callback} to {@code loop}; false (and nothing done) if the loop is closed. */
    static boolean post(EventLoop loop, Runnable callback) {
        try {
            loop.callSoonThreadsafe(callback);
            return true;
        } catch (LoopClosedException closed) {
            return false;
        }
    }

    /** Thrown inside a pump to end it quietly: its loop is closed, nobody will read what it would hand over. */
    static LoopClosedException loopClosed(String name) {
        return new LoopClosedException(name + ": the event loop closed");
    }
}
