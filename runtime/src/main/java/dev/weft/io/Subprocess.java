package dev.weft.io;

import dev.weft.EventLoop;
import dev.weft.Promise;
import dev.weft.Weft;

import java.util.Objects;

/**
 * A child process whose stdin, stdout and stderr are streams of the event loop — asyncio's
 * {@code create_subprocess_exec} and its {@code Process}.
 *
 * <pre>{@code
 * Subprocess p = await(Subprocess.exec("git", "rev-parse", "HEAD"));
 * String head = await(p.stdout().readLine());
 * int code = await(p.waitFor());
 * }</pre>
 *
 * <p>{@link #stdin()} is a {@link StreamWriter} (write, then await {@code drain()}; {@code close()} or
 * {@code writeEof()} sends the end of input), {@link #stdout()} and {@link #stderr()} are {@link StreamReader}s
 * with asyncio's limit and flow control: a child that writes more than twice the limit to a pipe nobody reads
 * blocks on that pipe until it is read, as with asyncio. {@link #communicate(byte[])} reads both pipes at once, so
 * it never deadlocks that way. Nothing here blocks the loop: the process is started on a worker thread, and each
 * pipe in use is pumped by a daemon thread of its own ({@code weft-pipe-<pid>-stdout}, ...), since the JDK has no
 * non-blocking pipes.
 *
 * <p>Where it differs from asyncio: the exit code of a process killed by signal {@code n} is {@code 128 + n} (143
 * for SIGTERM, 137 for SIGKILL; asyncio says {@code -n}), the JDK's convention; {@link #terminate()} and
 * {@link #kill()} of a process that already exited do nothing (asyncio raises {@code ProcessLookupError}). As the
 * JDK closes the pipes of a process once it exited, output a background grandchild writes after that is lost.
 * A child still running when its loop closes is not killed; its pumps end (closing their pipes) as soon as they
 * next have something to hand over.
 *
 * <p>Use it on the loop's thread that started it. Invariants: {@code returnCode} is null until the loop learned of
 * the exit, then the exit code for good, at the same moment {@code exit} completes with it; the streams are
 * attached to this loop.
 */
public final class Subprocess {
    private final Process process;
    private final StreamWriter stdin;
    private final PipeWriteTransport stdinPipe;
    private final StreamReader stdout = new StreamReader();
    private final StreamReader stderr = new StreamReader();
    private final Promise<Integer> exit = new Promise<>();
    private Integer returnCode;

    /** On the loop: wraps a started {@code process}; the flags say which of its streams are pipes. */
    Subprocess(EventLoop loop, Process process, boolean stdinPiped, boolean stdoutPiped, boolean stderrPiped) {
        this.process = process;
        long pid = process.pid();
        stdinPipe = new PipeWriteTransport(loop, process.getOutputStream(), PipeThreads.name(pid, "stdin"), stdinPiped);
        stdin = new StreamWriter(stdinPipe);
        stdinPipe.start();
        new PipeReadTransport(loop, stdout, process.getInputStream(), PipeThreads.name(pid, "stdout"), stdoutPiped).start();
        new PipeReadTransport(loop, stderr, process.getErrorStream(), PipeThreads.name(pid, "stderr"), stderrPiped).start();
        process.onExit().whenComplete((p, ignored) -> PipeThreads.post(loop, () -> exited(process.exitValue())));
    }

    /**
     * Starts {@code command} (the program, then its arguments; no shell) with its three streams as pipes, and
     * the current directory and environment of this JVM. Fails with the {@link java.io.IOException} of
     * {@link ProcessBuilder#start} when the program cannot be run (it does not exist, say).
     *
     * @throws IllegalArgumentException if {@code command} is empty
     */
    public static IoCoroutine<Subprocess> exec(String... command) {
        Objects.requireNonNull(command, "command");
        if (command.length == 0) {
            throw new IllegalArgumentException("empty command: name the program to run");
        }
        return exec(new ProcessBuilder(command));
    }

    /**
     * Starts the process {@code builder} describes: its directory, environment and redirects are used as they are.
     * A stream the builder redirects (to a file, or inherited) is not a pipe here: its reader is at its end at
     * once, and a stdin that is not a pipe fails every drain, saying so. The builder is read when the process
     * starts, on a worker thread: leave it alone until this coroutine is done.
     *
     * @throws IllegalArgumentException if the builder's command is empty
     */
    public static IoCoroutine<Subprocess> exec(ProcessBuilder builder) {
        Objects.requireNonNull(builder, "builder");
        if (builder.command().isEmpty()) {
            throw new IllegalArgumentException("empty command: name the program to run");
        }
        return IoCoroutine.of("dev.weft.io.Subprocess.exec", new Spawn(builder));
    }

    /** The process's stdin. */
    public StreamWriter stdin() {
        return stdin;
    }

    /** The process's stdout. */
    public StreamReader stdout() {
        return stdout;
    }

    /** The process's stderr (at its end at once if the builder merged it into stdout). */
    public StreamReader stderr() {
        return stderr;
    }

    /** The process id. */
    public long pid() {
        return process.pid();
    }

    /** The exit code once the process exited (and the loop learned of it), else null. */
    public Integer returnCode() {
        return returnCode;
    }

    /**
     * Done with the exit code once the process exited. It never blocks the loop (the JDK reports the exit on a
     * thread of its own), and cancelling it only stops that wait: the process runs on. It does not read the
     * pipes: a child blocked writing to a full pipe is waited for until someone reads it (see
     * {@link #communicate(byte[])}).
     */
    public IoCoroutine<Integer> waitFor() {
        return IoCoroutine.of("dev.weft.io.Subprocess.waitFor",
                () -> returnCode != null ? returnCode : IoCoroutine.retryAfter(Weft.shield(exit)));
    }

    /** Asks the process to end: SIGTERM ({@link Process#destroy}). Nothing if it already exited. */
    public void terminate() {
        process.destroy();
    }

    /** Ends the process now: SIGKILL ({@link Process#destroyForcibly}). Nothing if it already exited. */
    public void kill() {
        process.destroyForcibly();
    }

    /**
     * Sends {@code input} (may be null) to stdin and closes it, reads stdout and stderr to their ends at once, and
     * waits for the exit, as asyncio's {@code communicate}: done with everything the process wrote and its exit
     * code. The outputs are gathered in memory: for a large or endless output read the streams yourself. A child
     * that exits, or closes its stdin, before taking all the input does not fail it. Cancelling it stops the
     * reads (what they had read is lost) and leaves the process running.
     *
     * @throws IllegalStateException (when awaited) if {@code input} is given and stdin was already closed
     */
    public IoCoroutine<ProcessResult> communicate(byte[] input) {
        byte[] copy = input == null ? null : input.clone();
        return IoCoroutine.of("dev.weft.io.Subprocess.communicate", new Communicate(this, copy));
    }

    /** {@link #communicate(byte[])} with no input (stdin is closed). */
    public IoCoroutine<ProcessResult> communicate() {
        return communicate(null);
    }

    /** On the loop: the JDK reported the exit. */
    private void exited(int code) {
        returnCode = code;
        exit.complete(code);
        stdinPipe.processExited();
    }

    @Override
    public String toString() {
        return "Subprocess[pid " + process.pid() + (returnCode == null ? ", running" : ", exited " + returnCode) + "]";
    }
}
