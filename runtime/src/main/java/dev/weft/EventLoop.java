package dev.weft;

import java.nio.channels.SelectableChannel;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * A single-threaded event loop: callbacks and task steps, timers, I/O readiness, worker threads for blocking
 * work, and a thread-safe inbox through which other threads hand it work. One part per concern, each with its
 * invariants in its header: {@link LoopPass} and {@link ReadyQueue} (scheduling), {@link TimerQueue},
 * {@link IoSelector} (the selector and its registrations), {@link WorkerThreads}, {@link LoopDebug},
 * {@link LoopTasks}, {@link LoopOwnership}, {@link LoopRuns} (the run methods) and {@link LoopShutdown}.
 *
 * <p>Invariants: callbacks, timers, I/O callbacks and task steps run only on the thread that owns the loop (the
 * one inside a {@code run*} method, or in {@link #close()}); the runtime's own wake-ups (a task woken by a promise
 * completed on any thread) always take the thread-safe path, are never refused by debug mode, and are dropped only
 * once the loop is closed, when every task is done; once closed, work handed in from another thread is refused
 * ({@link LoopClosedException}) and work still queued is rejected, never silently lost.
 */
public final class EventLoop implements AutoCloseable {
    /** Queued only to wake the loop up: runs nothing, and a closing loop drops it without a report. */
    static final Runnable NOTHING = () -> { };

    private final LoopClock clock;
    private final IoSelector io = new IoSelector(this);
    private final ReadyQueue ready = new ReadyQueue(io::wakeUp);
    private final TimerQueue timers = new TimerQueue(this);
    private final WorkerThreads workers = new WorkerThreads();
    private final LoopDebug debug = new LoopDebug(this);
    private final LoopTasks tasks = new LoopTasks(debug);
    private final LoopPass pass;
    private final LoopOwnership owner = new LoopOwnership();
    private final LoopRuns runs;
    private Duration shutdownTimeout = Duration.ofSeconds(30);

    /** A loop on the system clock. */
    public EventLoop() {
        this(LoopClock.system());
    }

    /** A loop on the given clock (a {@link ManualClock} for deterministic tests). */
    public EventLoop(LoopClock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.pass = new LoopPass(this, clock, ready, timers, io, debug);
        this.runs = new LoopRuns(this, owner, pass, debug, ready);
    }

    /** The loop running on this thread. */
    public static EventLoop current() {
        EventLoop loop = LoopOwnership.RUNNING.get();
        if (loop == null) {
            throw new IllegalStateException("no event loop is running on thread " + Thread.currentThread().getName()
                    + "; start one with Weft.run(coroutine)");
        }
        return loop;
    }

    static EventLoop running() { // the loop running on this thread, or null
        return LoopOwnership.RUNNING.get();
    }

    /** Nanoseconds on this loop's clock. */
    public long nanoTime() {
        return clock.nanoTime();
    }

    public LoopClock clock() {
        return clock;
    }

    /**
     * Schedules {@code callback} to run on the loop soon, after what is already ready. From another thread it is
     * {@link #callSoonThreadsafe}, except in debug mode, where such a call is refused as a likely mistake.
     */
    public void callSoon(Runnable callback) {
        Objects.requireNonNull(callback, "callback");
        if (Thread.currentThread() == owner.thread) {
            ready.add(callback); // added while the closing loop seals its queue, it is reported as dropped
            return;
        }
        debug.checkThread("callSoon", true);
        callSoonThreadsafe(callback);
    }

    /**
     * Like {@link #callSoon} but from any thread; wakes the loop if it sleeps. A callback still queued when the loop
     * closes is reported as dropped. Throws {@link LoopClosedException} if the loop is closed.
     */
    public void callSoonThreadsafe(Runnable callback) {
        Objects.requireNonNull(callback, "callback");
        if (!ready.offer(callback)) {
            throw new LoopClosedException("event loop is closed");
        }
    }

    /** Runs {@code callback} on the loop after {@code delay}. Loop's thread (or while the loop is not running). */
    public TimerHandle callLater(Duration delay, Runnable callback) {
        long nanos = delay.isNegative() ? 0 : delay.compareTo(Duration.ofNanos(Long.MAX_VALUE / 4)) > 0
                ? Long.MAX_VALUE / 4 : delay.toNanos();
        return callAt(nanoTime() + nanos, callback);
    }

    /** Runs {@code callback} on the loop at {@code deadlineNanos} of {@link #nanoTime()}. */
    public TimerHandle callAt(long deadlineNanos, Runnable callback) {
        Objects.requireNonNull(callback, "callback");
        checkLoopThread("callAt");
        checkOpen();
        return timers.schedule(deadlineNanos, callback);
    }

    /** Wakes {@code task}: its next step is scheduled, from any thread; after the loop closed there is none. */
    void wake(Task<?> task) {
        if (Thread.currentThread() == owner.thread) {
            ready.add(task);
        } else {
            ready.offer(task);
        }
    }

    /**
     * Runs {@code work} now if this thread runs the loop or can take it for the moment (no thread runs it), so a
     * call from outside acts at once, as asyncio's do before its loop runs; false if another thread owns the loop.
     */
    boolean runHereIfFree(Runnable work) {
        return owner.runHereIfFree(this, work);
    }

    boolean isClosing() {
        return owner.isClosing();
    }

    /** Hands work to the loop from any thread; false once the loop is closed. */
    boolean offerInternal(Runnable work) {
        return ready.offer(work);
    }

    /** Wraps a coroutine in a task that starts on this loop's next pass. */
    public <T> Task<T> createTask(Coroutine<T> coroutine) {
        return createTask(coroutine, null);
    }

    /** Like {@link #createTask(Coroutine)} with a name for error messages and dumps. */
    public <T> Task<T> createTask(Coroutine<T> coroutine, String name) {
        return createTask(coroutine, name, false);
    }

    /**
     * Like {@link #createTask(Coroutine, String)}; an eager task (asyncio 3.12's eager task factory) runs its
     * first step at once, inside this call, when called on the loop thread. Loop's thread (or while the loop is
     * not running; from other threads use {@link Weft#runCoroutineThreadsafe}).
     */
    <T> Task<T> createTask(Coroutine<T> coroutine, String name, boolean eager) {
        return createTask(coroutine, name, eager, Context.forNewTask());
    }

    /**
     * Like {@link #createTask(Coroutine, String)}, the task running in {@code context} itself, not in a copy
     * (asyncio's {@code create_task(context=)}): what it sets is seen in {@code context} afterwards.
     */
    public <T> Task<T> createTask(Coroutine<T> coroutine, String name, Context context) {
        return createTask(coroutine, name, false, Objects.requireNonNull(context, "context"));
    }

    private <T> Task<T> createTask(Coroutine<T> coroutine, String name, boolean eager, Context context) {
        Objects.requireNonNull(coroutine, "coroutine");
        checkLoopThread("createTask");
        checkOpen();
        return tasks.create(this, coroutine, name, eager, context);
    }

    /** The unfinished tasks of this loop, in creation order. Loop's thread. */
    public List<Task<?>> allTasks() {
        checkLoopThread("allTasks");
        return tasks.all();
    }

    /** This loop's tasks: the unfinished ones, and the one whose step runs. */
    LoopTasks tasks() {
        return tasks;
    }

    /**
     * Calls {@code callback} on the loop every time {@code channel} is ready to read (or to accept, for a server
     * socket), until {@link #removeReader}. The channel is switched to non-blocking mode. Unlike asyncio, a second
     * reader callback for the same channel is refused instead of silently replacing the first.
     *
     * @throws IllegalStateException if the channel already has another reader callback
     */
    public void addReader(SelectableChannel channel, Runnable callback) {
        checkIo();
        io.interest(channel).setCallback(true, Objects.requireNonNull(callback, "callback"));
    }

    /** Stops calling the reader callback of {@code channel}; false if it had none. One-shot waits are not touched. */
    public boolean removeReader(SelectableChannel channel) {
        checkLoopThread("removeReader");
        return io.clearCallback(channel, true);
    }

    /** Like {@link #addReader} for write (or connect) readiness. */
    public void addWriter(SelectableChannel channel, Runnable callback) {
        checkIo();
        io.interest(channel).setCallback(false, Objects.requireNonNull(callback, "callback"));
    }

    /** Stops calling the writer callback of {@code channel}; false if it had none. */
    public boolean removeWriter(SelectableChannel channel) {
        checkLoopThread("removeWriter");
        return io.clearCallback(channel, false);
    }

    /**
     * An awaitable done once {@code channel} can be read (or accepted from) without blocking. Any number of tasks may
     * wait on the same channel; each is woken, and cancelling one stops only its own wait.
     */
    public Awaitable<Void> readable(SelectableChannel channel) {
        checkIo();
        return io.waitFor(channel, true);
    }

    /** Like {@link #readable} for writing (or for a pending connection to finish). */
    public Awaitable<Void> writable(SelectableChannel channel) {
        checkIo();
        return io.waitFor(channel, false);
    }

    private void checkIo() {
        checkLoopThread("I/O registration");
        checkOpen();
    }

    /**
     * Runs the loop until {@code target} is done; a coroutine is first wrapped in a task. Another thread may
     * complete the target: the loop wakes up for it.
     */
    public void runUntilComplete(Awaitable<?> target) {
        runs.untilComplete(target instanceof Coroutine && !target.isDone() ? createTask((Coroutine<?>) target) : target);
    }

    /** Runs the loop until {@link #stop()} is called (from a callback, or from another thread). */
    public void runForever() {
        runs.forever();
    }

    /** Runs everything that is ready or due now, without waiting: for tests on a {@link ManualClock}. */
    public void runUntilIdle() {
        runs.untilIdle();
    }

    /**
     * Makes {@link #runForever} return after the current pass; called before it runs, the next {@code runForever}
     * runs one pass without waiting (the callbacks already scheduled, the I/O already ready) and returns, as in
     * asyncio. Any thread.
     */
    public void stop() {
        runs.stop();
    }

    /** Whether a thread is running (or closing) the loop. */
    public boolean isRunning() {
        return owner.isRun();
    }

    /**
     * Closes the loop: cancels every unfinished task and runs the loop until all of them finished their cleanup,
     * tasks spawned by that cleanup included, within the shutdown timeout ({@link #setShutdownTimeout}); a task
     * still running then is reported by name and abandoned. Then it rejects what is still queued (futures of work
     * handed in from other threads fail with {@link LoopClosedException}), drops the timers, closes the selector
     * and stops the worker threads. Idempotent. {@link Weft#run} calls it when its coroutine is done.
     *
     * @throws IllegalStateException if the loop is running (close it after {@code run*} returned)
     */
    @Override
    public void close() {
        Boolean canRun = owner.beginClose(this);
        if (canRun == null) {
            return;
        }
        if (canRun) {
            debug.loopEntered(Thread.currentThread());
        }
        try {
            LoopShutdown.run(this, tasks, pass, canRun ? shutdownTimeout : Duration.ZERO);
        } finally {
            ready.seal(entry -> LoopShutdown.rejected(this, entry, NOTHING));
            timers.clear();
            io.close();
            workers.shutDown();
            if (canRun) {
                debug.loopExited();
            }
            runs.forgetStop();
            owner.endClose(canRun);
        }
    }

    public boolean isClosed() {
        return owner.isClosed();
    }

    /**
     * How long {@link #close()} (and so {@link Weft#run}) waits for cancelled tasks to finish their cleanup before
     * abandoning them (default 30 seconds of real time).
     */
    public void setShutdownTimeout(Duration timeout) {
        shutdownTimeout = LoopShutdown.checkedTimeout(timeout);
    }

    /** Runs blocking work on one of this loop's worker threads, with the caller's context variables. */
    <T> Awaitable<T> runInWorker(Callable<T> work) {
        return workers.submit(Objects.requireNonNull(work, "work"), ContextVar.currentContext());
    }

    /**
     * Debug mode (also {@code -Dweft.debug=true}): warns when one step holds the loop longer than the slow-step
     * threshold, naming the task and where it was blocked; warns when a coroutine is garbage-collected without
     * ever having been awaited, with where it was created; and refuses {@code callSoon} from other threads.
     */
    public void setDebug(boolean enabled) {
        debug.setEnabled(enabled);
    }

    public boolean isDebug() {
        return debug.enabled();
    }

    /** The slow-step threshold of debug mode (default 100 ms). */
    public void setSlowStepThreshold(Duration threshold) {
        debug.setSlowStepThreshold(threshold);
    }

    /** Replaces the handler of errors nobody awaited; null restores the default (System.Logger). */
    public void setExceptionHandler(LoopExceptionHandler handler) {
        debug.setExceptionHandler(handler);
    }

    /** Hands an error or warning to the exception handler; a handler that throws is ignored after printing. */
    public void report(String message, Throwable exception) {
        debug.report(message, exception);
    }

    boolean inLoopThread() { // whether the calling thread runs (or closes) this loop
        return Thread.currentThread() == owner.thread;
    }

    /** The thread running (or closing) the loop, or null. */
    Thread runningThread() {
        return owner.thread;
    }

    private void checkLoopThread(String what) {
        debug.checkThread(what, false);
    }

    /**
     * Refuses what would never run: the closing loop's last pass is over, its queue sealed (from then on, closed
     * included: {@code close()} seals before it marks the loop closed).
     */
    private void checkOpen() {
        if (ready.isSealed()) {
            throw new LoopClosedException("event loop is closed");
        }
    }
}
