package dev.weft.io;

import dev.weft.Awaitable;
import dev.weft.EventLoop;
import dev.weft.Weft;

import java.io.IOException;

/**
 * The steps of {@link Subprocess#exec}: start the process on a worker thread ({@link ProcessBuilder#start} forks
 * and may block for a moment, so never on the loop's), then, back on the loop, attach its pipes.
 *
 * <p>Invariants: a process started for an exec that was abandoned meanwhile (its task cancelled while the worker
 * was starting it) is killed, whichever of the worker and the loop learns of the other last: {@code started}
 * and {@code abandoned} are guarded by this object's monitor; {@code starting} is the loop's.
 */
final class Spawn implements IoCoroutine.Attempt {
    private final ProcessBuilder builder;
    private Awaitable<Started> starting;
    private Process started;
    private boolean abandoned;

    /** A process just started, and which of its streams are pipes (not redirected by the builder). */
    private static final class Started {
        final Process process;
        final boolean stdin;
        final boolean stdout;
        final boolean stderr;

        Started(Process process, boolean stdin, boolean stdout, boolean stderr) {
            this.process = process;
            this.stdin = stdin;
            this.stdout = stdout;
            this.stderr = stderr;
        }
    }

    Spawn(ProcessBuilder builder) {
        this.builder = builder;
    }

    @Override
    public Object attempt() {
        if (starting == null) {
            starting = Weft.toThread(this::start);
            return IoCoroutine.retryAfter(starting);
        }
        Started s = starting.result(); // a failure to start was thrown by the wait
        return new Subprocess(EventLoop.current(), s.process, s.stdin, s.stdout, s.stderr);
    }

    @Override
    public synchronized void abandoned() {
        abandoned = true;
        if (started != null) {
            started.destroyForcibly();
        }
    }

    /** On the worker thread: the IOException of a command that cannot run reaches the awaiting task as it is. */
    private Started start() throws IOException {
        boolean stdin = isPipe(builder.redirectInput());
        boolean stdout = isPipe(builder.redirectOutput());
        boolean stderr = !builder.redirectErrorStream() && isPipe(builder.redirectError());
        Process process = builder.start();
        synchronized (this) {
            if (!abandoned) {
                started = process;
                return new Started(process, stdin, stdout, stderr);
            }
        }
        process.destroyForcibly(); // nobody waits for it any more
        return null;
    }

    private static boolean isPipe(ProcessBuilder.Redirect redirect) {
        return redirect.type() == ProcessBuilder.Redirect.Type.PIPE;
    }
}
