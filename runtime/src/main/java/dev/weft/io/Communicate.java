package dev.weft.io;

import dev.weft.EventLoop;
import dev.weft.Task;
import dev.weft.internal.Outcomes;

/**
 * The steps of {@link Subprocess#communicate(byte[])}: hand the input to stdin and close it (the stdin pump writes
 * it as the child reads), read stdout and stderr to their ends in two tasks at once, then wait for the exit.
 * Reading both pipes concurrently is what keeps it from the classic deadlock: a child blocked writing to a full
 * stderr while its parent waits for the end of its stdout.
 *
 * <p>A broken stdin (the child exited, or stopped reading, before taking all the input) does not fail it, as in
 * asyncio: the outputs and exit code say what happened.
 *
 * <p>Invariants: {@code out} and {@code err} are started together on the first attempt; whenever this ends
 * without its result (cancelled, or one of them failed), neither of them is left running.
 */
final class Communicate implements IoCoroutine.Attempt {
    private final Subprocess process;
    private final byte[] input;
    private Task<byte[]> out;
    private Task<byte[]> err;
    private IoCoroutine<Integer> exit;

    Communicate(Subprocess process, byte[] input) {
        this.process = process;
        this.input = input;
    }

    @Override
    public Object attempt() {
        if (out == null) {
            StreamWriter stdin = process.stdin();
            if (input != null && input.length > 0) {
                stdin.write(input);
            }
            stdin.close();
            EventLoop loop = EventLoop.current();
            out = loop.createTask(ReadToEnd.of(process.stdout()), PipeThreads.name(process.pid(), "stdout") + "-communicate");
            err = loop.createTask(ReadToEnd.of(process.stderr()), PipeThreads.name(process.pid(), "stderr") + "-communicate");
        }
        for (Task<byte[]> t : java.util.List.of(out, err)) {
            if (!t.isDone()) {
                return IoCoroutine.retryAfter(t);
            }
            Throwable failed = t.exception();
            if (failed != null) {
                abandoned();
                throw Outcomes.sneakyThrow(failed);
            }
        }
        if (exit == null) {
            exit = process.waitFor();
        }
        if (!exit.isDone()) {
            return IoCoroutine.retryAfter(exit);
        }
        return new ProcessResult(out.result(), err.result(), exit.result());
    }

    @Override
    public void abandoned() {
        if (out != null) {
            out.cancel();
            err.cancel();
        }
    }
}
