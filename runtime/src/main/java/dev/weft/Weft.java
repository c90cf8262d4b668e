package dev.weft;

import dev.weft.internal.Outcomes;
import dev.weft.internal.Sleep;

import dev.weft.io.Connection;
import dev.weft.io.DatagramEndpoint;
import dev.weft.io.EventLoopGroup;
import dev.weft.io.IoCoroutine;
import dev.weft.io.Server;
import dev.weft.io.StreamHandler;
import dev.weft.io.Subprocess;

import javax.net.ssl.SSLContext;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * The entry points: {@link #await}, {@link #run}, {@link #spawn} and {@link #sleep}.
 */
public final class Weft {
    static final String NOT_WOVEN = "Weft.await(...) was called in a method that has not been woven."
            + " await only works inside a method annotated @dev.weft.Async (returning Coroutine) whose class was"
            + " woven, and no Weft agent runs in this JVM: add dev.weft:weft-maven-plugin with goal 'weave' (and"
            + " 'weave-tests' for test classes) to the pom, or start the JVM with -javaagent:weft-agent.jar. If the"
            + " pom has the plugin already, this class was compiled without it (by an IDE, say): build it with Maven."
            + " Weft never blocks a thread to wait.";

    private Weft() {
    }

    /**
     * Suspends the calling coroutine until {@code awaitable} is done, then returns its value or rethrows its
     * failure as it is. Only meaningful inside a woven {@link Async} method: the weaver
     * replaces this call.
     *
     * @throws NotWovenError always, when reached without weaving (an {@link Error}: see there)
     */
    public static <T> T await(Awaitable<T> awaitable) {
        throw dev.weft.internal.NotWoven.unwoven(NOT_WOVEN);
    }

    /**
     * Like {@link #await(Awaitable)} for an I/O awaitable: the same suspension, declaring the
     * {@link java.io.IOException} its failure may be, so that a {@code catch (IOException e)} around it compiles.
     *
     * @throws java.io.IOException when the I/O failed (rethrown as it is, like every failure)
     * @throws NotWovenError always, when reached without weaving (an {@link Error}: see there)
     */
    public static <T> T await(dev.weft.io.IoAwaitable<T> io) throws java.io.IOException {
        throw dev.weft.internal.NotWoven.unwoven(NOT_WOVEN);
    }

    /**
     * Suspends the calling coroutine until {@code stage} completes, on any thread; the coroutine resumes on
     * its event loop's thread. Returns the value or rethrows the failure as it is (unwrapped from
     * {@link java.util.concurrent.CompletionException}).
     *
     * @throws NotWovenError always, when reached without weaving (an {@link Error}: see there)
     */
    public static <T> T await(CompletionStage<T> stage) {
        throw dev.weft.internal.NotWoven.unwoven(NOT_WOVEN);
    }

    /**
     * Creates an event loop, runs {@code main} to completion on the calling thread, then closes the loop: the
     * tasks still pending are cancelled and run until they finished their cleanup, tasks spawned by that cleanup
     * included (a task still running after the loop's shutdown timeout is reported by name and abandoned); then
     * returns main's value or rethrows its failure as it is.
     *
     * @throws IllegalStateException if called from inside a running event loop
     */
    public static <T> T run(Coroutine<T> main) {
        return run(main, Boolean.getBoolean("weft.debug"));
    }

    /**
     * Like {@link #run(Coroutine)}, in debug mode when {@code debug} (see {@link EventLoop#setDebug}): slow
     * steps, never-awaited coroutines and calls from the wrong thread are reported.
     */
    public static <T> T run(Coroutine<T> main, boolean debug) {
        EventLoop loop = new EventLoop();
        loop.setDebug(debug);
        return run(main, loop);
    }

    /**
     * Like {@link #run(Coroutine)} on a loop you configured (a {@link ManualClock}, an exception handler);
     * the loop is closed afterwards.
     */
    public static <T> T run(Coroutine<T> main, EventLoop loop) {
        if (EventLoop.running() != null) {
            throw new IllegalStateException("Weft.run cannot be called from a running event loop; await the coroutine instead");
        }
        Task<T> task;
        try {
            task = loop.createTask(main, "main");
            loop.runUntilComplete(task);
        } finally {
            loop.close();
        }
        Throwable failure = task.exception();
        if (failure != null) {
            throw Outcomes.sneakyThrow(failure);
        }
        return task.result();
    }

    /**
     * Schedules {@code coroutine} as a task on the running loop; it starts on the loop's next
     * pass and runs concurrently with the caller.
     *
     * @throws IllegalStateException if no loop runs on this thread
     */
    public static <T> Task<T> spawn(Coroutine<T> coroutine) {
        return EventLoop.current().createTask(coroutine);
    }

    /** Like {@link #spawn(Coroutine)}, naming the task. */
    public static <T> Task<T> spawn(Coroutine<T> coroutine, String name) {
        return EventLoop.current().createTask(coroutine, name);
    }

    /**
     * Like {@link #spawn(Coroutine, String)}, the task running in {@code context} itself instead of a copy of the
     * current context (asyncio's {@code create_task(context=)}): what the task sets is kept in {@code context}.
     * A null name numbers the task.
     */
    public static <T> Task<T> spawn(Coroutine<T> coroutine, String name, Context context) {
        return EventLoop.current().createTask(coroutine, name, context);
    }

    /**
     * Like {@link #spawn(Coroutine)}, but the task's first step runs at once, inside this call, up to its first
     * suspension (asyncio 3.12's eager task factory): a task that finishes without suspending is done when
     * this returns and never touches the ready queue.
     */
    public static <T> Task<T> spawnEager(Coroutine<T> coroutine) {
        return EventLoop.current().createTask(coroutine, null, true);
    }

    /** The unfinished tasks of the running loop. */
    public static java.util.List<Task<?>> allTasks() {
        return EventLoop.current().allTasks();
    }

    /**
     * Runs blocking work on a worker thread and returns an awaitable of its outcome (asyncio's
     * {@code to_thread}), so the loop keeps running meanwhile. The work sees the caller's context variables.
     * Cancelling the awaiting task does not stop the thread: its result is dropped.
     */
    public static <T> Awaitable<T> toThread(java.util.concurrent.Callable<T> work) {
        return EventLoop.current().runInWorker(work);
    }

    /**
     * From any thread, schedules {@code coroutine} as a task on {@code loop} and returns a future of its
     * outcome (asyncio's {@code run_coroutine_threadsafe}). Cancelling the future cancels the task. If the loop is
     * closed, or closes before the task could start, the future fails with {@link LoopClosedException} and the
     * coroutine is closed without running.
     */
    public static <T> java.util.concurrent.CompletableFuture<T> runCoroutineThreadsafe(Coroutine<T> coroutine, EventLoop loop) {
        return ThreadsafeStart.start(java.util.Objects.requireNonNull(coroutine, "coroutine"),
                java.util.Objects.requireNonNull(loop, "loop"));
    }

    /**
     * An awaitable that is done after {@code delay}. {@link Duration#ZERO} yields: other ready tasks run
     * before the awaiting coroutine resumes (it is then a small dedicated awaitable, one ready-queue entry
     * and no timer, promise or callback object).
     */
    public static Awaitable<Void> sleep(Duration delay) {
        if (delay.isZero()) {
            return new Yield();
        }
        return new Sleep(delay);
    }

    /**
     * Python's {@code async with}: runs {@code body} with {@code resource}, then awaits
     * {@code resource.closeAsync()} however the body ended (value, failure or cancellation). A close failure
     * after a body failure is kept as a suppressed exception. The body is usually an {@code @Async} method:
     * {@code await(Weft.using(conn, c -> talk(c)))}.
     */
    public static <R extends AsyncCloseable, T> Coroutine<T> using(R resource,
                                                                  java.util.function.Function<? super R, ? extends Coroutine<T>> body) {
        return Using.using(resource, body);
    }

    /**
     * Structured concurrency: runs {@code body} with a new {@link TaskGroup} inside the awaiting
     * task and completes once the body and every child spawned into the group are done. The first failure
     * cancels the rest; all failures surface together as an {@link ExceptionGroup}.
     */
    public static <T> Coroutine<T> taskGroup(java.util.function.Function<? super TaskGroup, ? extends Coroutine<T>> body) {
        return TaskGroup.run(body);
    }

    /**
     * The values of all {@code awaitables}, in argument order. Unlike asyncio, the first failure cancels the
     * others and waits for their cleanup before it is rethrown (later failures attached as suppressed).
     */
    @SafeVarargs
    public static <T> Coroutine<java.util.List<T>> gather(Awaitable<? extends T>... awaitables) {
        return Gather.gather(awaitables);
    }

    /** Like {@link #gather(Awaitable[])} for a collection. */
    public static <T> Coroutine<java.util.List<T>> gather(java.util.Collection<? extends Awaitable<? extends T>> awaitables) {
        return Gather.gather(awaitables);
    }

    /** gather in asyncio's return-exceptions mode: each outcome in order, a value or a Throwable. */
    public static Coroutine<java.util.List<Object>> gatherSettled(Awaitable<?>... awaitables) {
        return Gather.gatherSettled(awaitables);
    }

    /** Like {@link #gatherSettled(Awaitable[])} for a collection. */
    public static Coroutine<java.util.List<Object>> gatherSettled(java.util.Collection<? extends Awaitable<?>> awaitables) {
        return Gather.gatherSettled(awaitables);
    }

    /**
     * asyncio's {@code gather()} as a running handle: the coroutines among {@code awaitables} start at once, and the
     * returned task (already running) gives the values in argument order. Cancelling it cancels every child and
     * waits for their cleanup. See {@link Gather#spawn(Awaitable[])}.
     */
    @SafeVarargs
    public static <T> Task<java.util.List<T>> spawnGather(Awaitable<? extends T>... awaitables) {
        return Gather.spawn(awaitables);
    }

    /** Like {@link #spawnGather(Awaitable[])} for a collection. */
    public static <T> Task<java.util.List<T>> spawnGather(java.util.Collection<? extends Awaitable<? extends T>> awaitables) {
        return Gather.spawn(awaitables);
    }

    /** {@link #gatherSettled(Awaitable[])} as a running, cancellable task, like {@link #spawnGather(Awaitable[])}. */
    public static Task<java.util.List<Object>> spawnGatherSettled(Awaitable<?>... awaitables) {
        return Gather.spawnSettled(awaitables);
    }

    /** asyncio.wait: waits as {@code mode} says and returns which are done and which are pending; cancels nothing. */
    public static <A extends Awaitable<?>> Coroutine<Done<A>> waitAll(java.util.Collection<? extends A> awaitables, WaitMode mode) {
        return Wait.waitAll(awaitables, mode);
    }

    /** Like {@link #waitAll(java.util.Collection, WaitMode)} giving up after {@code timeout}. */
    public static <A extends Awaitable<?>> Coroutine<Done<A>> waitAll(java.util.Collection<? extends A> awaitables, WaitMode mode,
                                                                     Duration timeout) {
        return Wait.waitAll(awaitables, mode, timeout);
    }

    /** Awaitables completing with the given ones' outcomes in the order they finish. */
    public static <T> java.util.List<Awaitable<T>> asCompleted(java.util.Collection<? extends Awaitable<? extends T>> awaitables) {
        return AsCompleted.asCompleted(awaitables);
    }

    /** Cancelling the awaiting task does not cancel {@code inner}, which runs on as its own task. */
    public static <T> Awaitable<T> shield(Awaitable<T> inner) {
        return Shield.shield(inner);
    }

    /**
     * Runs {@code body} in the awaiting task with a deadline: on expiry it is cancelled, its cleanup runs to the
     * end, and then {@link TimeoutExpiredException} is thrown. The cancellation stays in force until the scope
     * exits.
     */
    public static <T> Coroutine<T> timeout(Duration delay, Coroutine<T> body) {
        return Timeout.timeout(delay, body);
    }

    /** Like {@link #timeout(Duration, Coroutine)}, handing the body its {@link Timeout} (expired, reschedule). */
    public static <T> Coroutine<T> timeout(Duration delay, java.util.function.Function<? super Timeout, ? extends Coroutine<T>> body) {
        return Timeout.timeout(delay, body);
    }

    /**
     * asyncio's {@code timeout_at}: like {@link #timeout(Duration, Coroutine)} with the deadline a time on the
     * loop's clock ({@link EventLoop#nanoTime()}); {@link Timeout#NO_DEADLINE} means none, and a deadline already
     * past cancels the body at its first suspension.
     */
    public static <T> Coroutine<T> timeoutAt(long deadlineNanos, Coroutine<T> body) {
        return Timeout.timeoutAt(deadlineNanos, body);
    }

    /** Like {@link #timeoutAt(long, Coroutine)}, handing the body its {@link Timeout} (when, rescheduleAt). */
    public static <T> Coroutine<T> timeoutAt(long deadlineNanos, java.util.function.Function<? super Timeout, ? extends Coroutine<T>> body) {
        return Timeout.timeoutAt(deadlineNanos, body);
    }

    /**
     * {@link #timeout(Duration, Coroutine)} for an I/O coroutine ({@code reader.readLine()}, say): the same, typed so
     * that {@code await} on it declares the {@code IOException} the operation may fail with.
     */
    public static <T> IoCoroutine<T> timeout(Duration delay, IoCoroutine<T> body) {
        return IoCoroutine.from(Timeout.timeout(delay, body));
    }

    /** asyncio.wait_for: the outcome of {@code work}, or after {@code delay} its cancellation, cleanup, and a timeout. */
    public static <T> Coroutine<T> waitFor(Awaitable<T> work, Duration delay) {
        return Timeout.waitFor(work, delay);
    }

    /** The task whose step is running on this thread's loop, or null. */
    public static Task<?> currentTask() {
        EventLoop loop = EventLoop.running();
        return loop == null ? null : loop.tasks().current();
    }
    // ------------------------------------------------------------------ streams (dev.weft.io)

    /** Connects to {@code host}:{@code port}; see {@link Connection#open(String, int)}. */
    public static IoCoroutine<Connection> openConnection(String host, int port) {
        return Connection.open(host, port);
    }

    /** Connects with TLS; see {@link Connection#open(String, int, SSLContext)}. */
    public static IoCoroutine<Connection> openConnection(String host, int port, SSLContext tls) {
        return Connection.open(host, port, tls);
    }

    /** Connects to an IP or Unix domain socket address; see {@link Connection#open(SocketAddress)}. */
    public static IoCoroutine<Connection> openConnection(SocketAddress address) {
        return Connection.open(address);
    }

    /** Connects to {@code address} with TLS; see {@link Connection#open(SocketAddress, SSLContext)}. */
    public static IoCoroutine<Connection> openConnection(SocketAddress address, SSLContext tls) {
        return Connection.open(address, tls);
    }

    /** Connects to the Unix domain socket {@code path}. */
    public static IoCoroutine<Connection> openUnixConnection(Path path) {
        return Connection.open(java.net.UnixDomainSocketAddress.of(path));
    }

    /** Listens on {@code host}:{@code port}, a {@code handler} task per connection; see {@link Server}. */
    public static IoCoroutine<Server> startServer(StreamHandler handler, String host, int port) {
        return Server.start(handler, host, port);
    }

    /** Like {@link #startServer(StreamHandler, String, int)}, with TLS. */
    public static IoCoroutine<Server> startServer(StreamHandler handler, String host, int port, SSLContext tls) {
        return Server.start(handler, host, port, tls);
    }

    /** Listens on {@code group}'s loops: see {@link EventLoopGroup#startServer}. */
    public static IoCoroutine<Server> startServer(EventLoopGroup group, StreamHandler handler, String host, int port) {
        return group.startServer(handler, host, port);
    }

    /** Listens on the Unix domain socket {@code path}; see {@link Server#startUnix}. */
    public static IoCoroutine<Server> startUnixServer(StreamHandler handler, Path path) {
        return Server.startUnix(handler, path);
    }
    /** A UDP endpoint bound to {@code local}, connected to {@code remote} if not null; see {@link DatagramEndpoint#open}. */
    public static IoCoroutine<DatagramEndpoint> createDatagramEndpoint(SocketAddress local, SocketAddress remote) {
        return DatagramEndpoint.open(local, remote);
    }
    /** Starts {@code command} with its stdin, stdout and stderr as pipes; see {@link Subprocess#exec(String...)}. */
    public static IoCoroutine<Subprocess> createSubprocessExec(String... command) {
        return Subprocess.exec(command);
    }

    /** Starts the process {@code builder} describes (directory, environment, redirects); see {@link Subprocess}. */
    public static IoCoroutine<Subprocess> createSubprocessExec(ProcessBuilder builder) {
        return Subprocess.exec(builder);
    }
}
