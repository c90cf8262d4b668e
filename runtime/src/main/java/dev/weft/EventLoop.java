package dev.weft;

import dev.weft.internal.CoroutineTracking;
import dev.weft.internal.IoInterest;
import dev.weft.internal.SlowStepWatchdog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A single-threaded event loop (seed 36.7): a ready queue of callbacks, timers, I/O readiness on a
 * {@link Selector}, and a thread-safe inbox through which other threads hand it work and wake it up.
 *
 * <p>Invariants:
 * <ul>
 *   <li>callbacks, timers, I/O callbacks and task steps run only on the thread inside {@code run*};</li>
 *   <li>callbacks run in the order they were scheduled; each pass runs the callbacks that were ready when
 *       it began, so a callback that schedules another cannot starve timers, I/O or the inbox;</li>
 *   <li>a {@link Task} in the ready queue stands for its next step: the loop runs the step directly (a task
 *       is its own wake-up callback, see {@link Task#run()});</li>
 *   <li>{@link #callSoonThreadsafe} may be called from any thread and never loses a wake-up: the loop
 *       announces that it is about to sleep ({@code sleeping}), re-checks its inbox, and only then blocks;
 *       a producer that sees it sleeping wakes it (selector wake-up or unpark);</li>
 *   <li>a callback that throws is reported to the exception handler and the loop goes on;</li>
 *   <li>the loop holds every unfinished task strongly, so a task nobody references still runs to the
 *       end (asyncio only keeps weak references and loses such tasks);</li>
 *   <li>the selector exists only once a channel was registered; until then the loop parks its thread.</li>
 * </ul>
 */
public final class EventLoop implements AutoCloseable {
    private static final ThreadLocal<EventLoop> RUNNING = new ThreadLocal<>();
    private static final AtomicInteger WORKER_COUNTER = new AtomicInteger();

    private final ArrayDeque<Runnable> ready = new ArrayDeque<>();
    private final PriorityQueue<TimerHandle> timers = new PriorityQueue<>();
    private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
    /** Unfinished tasks, in creation order: an intrusive list through the tasks themselves (no allocation). */
    private Task<?> firstTask;
    private Task<?> lastTask;
    private int taskCount;
    private final LoopClock clock;
    private volatile Thread thread;
    private volatile boolean sleeping;
    private volatile Selector selector;
    private long timerSequence;
    private int taskCounter;
    private Task<?> currentTask;
    private boolean closed;
    private boolean stopping;
    private boolean debug = Boolean.getBoolean("weft.debug");
    private Duration slowStep = Duration.ofMillis(100);
    private SlowStepWatchdog watchdog;
    private LoopExceptionHandler exceptionHandler = LoopExceptionHandler.logging();
    private ExecutorService workers;

    /** A loop on the system clock. */
    public EventLoop() {
        this(LoopClock.system());
    }

    /** A loop on the given clock (a {@link ManualClock} for deterministic tests). */
    public EventLoop(LoopClock clock) {
        this.clock = clock;
    }

    /** The loop running on this thread. */
    public static EventLoop current() {
        EventLoop loop = RUNNING.get();
        if (loop == null) {
            throw new IllegalStateException("no event loop is running on thread " + Thread.currentThread().getName()
                    + "; start one with Weft.run(coroutine)");
        }
        return loop;
    }

    /** The loop running on this thread, or null. */
    static EventLoop running() {
        return RUNNING.get();
    }

    /** Nanoseconds on this loop's clock. */
    public long nanoTime() {
        return clock.nanoTime();
    }

    public LoopClock clock() {
        return clock;
    }

    // ---------------------------------------------------------------- scheduling

    /** Schedules {@code callback} to run on the loop soon, after what is already ready. */
    public void callSoon(Runnable callback) {
        if (Thread.currentThread() != thread) {
            if (debug && thread != null) {
                throw wrongThread("callSoon");
            }
            callSoonThreadsafe(callback);
            return;
        }
        ready.add(callback);
    }

    /** Like {@link #callSoon} but from any thread; wakes the loop if it sleeps. */
    public void callSoonThreadsafe(Runnable callback) {
        checkOpen();
        inbox.add(callback);
        if (sleeping) {
            Selector s = selector;
            if (s != null) {
                s.wakeup();
            } else {
                Thread t = thread;
                if (t != null) {
                    LockSupport.unpark(t);
                }
            }
        }
    }

    /** Runs {@code callback} on the loop after {@code delay}. */
    public TimerHandle callLater(Duration delay, Runnable callback) {
        long nanos;
        try {
            nanos = Math.max(0, delay.toNanos());
        } catch (ArithmeticException tooLong) {
            nanos = Long.MAX_VALUE / 4;
        }
        return callAt(nanoTime() + nanos, callback);
    }

    /** Runs {@code callback} on the loop at {@code deadlineNanos} of {@link #nanoTime()}. */
    public TimerHandle callAt(long deadlineNanos, Runnable callback) {
        checkLoopThread("callAt");
        checkOpen();
        TimerHandle h = new TimerHandle(deadlineNanos, timerSequence++, callback);
        timers.add(h);
        return h;
    }

    // ---------------------------------------------------------------- tasks

    /** Wraps a coroutine in a task that starts on this loop's next pass (seed 36.8). */
    public <T> Task<T> createTask(Coroutine<T> coroutine) {
        return createTask(coroutine, null);
    }

    /** Like {@link #createTask(Coroutine)} with a name for error messages and dumps. */
    public <T> Task<T> createTask(Coroutine<T> coroutine, String name) {
        return createTask(coroutine, name, false);
    }

    /**
     * Like {@link #createTask(Coroutine, String)}; an eager task (asyncio 3.12's eager task factory) runs its
     * first step at once, inside this call, when called on the loop thread: one that finishes without
     * suspending never touches the ready queue.
     */
    <T> Task<T> createTask(Coroutine<T> coroutine, String name, boolean eager) {
        return createTask(coroutine, name, eager, Context.forNewTask());
    }

    /**
     * Like {@link #createTask(Coroutine, String)}, the task running in {@code context} itself, not in a copy
     * (asyncio's {@code create_task(context=)}): what it sets is seen in {@code context} afterwards.
     */
    public <T> Task<T> createTask(Coroutine<T> coroutine, String name, Context context) {
        return createTask(coroutine, name, false, java.util.Objects.requireNonNull(context, "context"));
    }

    private <T> Task<T> createTask(Coroutine<T> coroutine, String name, boolean eager, Context context) {
        checkOpen();
        if (coroutine == null) {
            throw new NullPointerException("coroutine");
        }
        Task<T> task = new Task<>(this, coroutine, name, name == null ? ++taskCounter : 0, context);
        link(task);
        task.start(eager);
        return task;
    }

    /** The unfinished tasks of this loop, in creation order. */
    public List<Task<?>> allTasks() {
        List<Task<?>> all = new ArrayList<>(taskCount);
        for (Task<?> t = firstTask; t != null; t = t.nextTask) {
            all.add(t);
        }
        return all;
    }

    private void link(Task<?> task) {
        task.previousTask = lastTask;
        if (lastTask == null) {
            firstTask = task;
        } else {
            lastTask.nextTask = task;
        }
        lastTask = task;
        taskCount++;
    }

    // ---------------------------------------------------------------- I/O readiness

    /**
     * Calls {@code callback} on the loop every time {@code channel} is ready to read (or to accept, for a
     * server socket), until {@link #removeReader}. The channel is switched to non-blocking mode.
     */
    public void addReader(SelectableChannel channel, Runnable callback) {
        interest(channel).setReader(callback);
    }

    /** Stops watching {@code channel} for reading; false if nothing was watching. */
    public boolean removeReader(SelectableChannel channel) {
        return removeInterest(channel, true);
    }

    /** Calls {@code callback} every time {@code channel} is ready to write (or has connected), until removed. */
    public void addWriter(SelectableChannel channel, Runnable callback) {
        interest(channel).setWriter(callback);
    }

    /** Stops watching {@code channel} for writing; false if nothing was watching. */
    public boolean removeWriter(SelectableChannel channel) {
        return removeInterest(channel, false);
    }

    /** An awaitable done once {@code channel} can be read (or accepted from) without blocking. */
    public Awaitable<Void> readable(SelectableChannel channel) {
        return IoInterest.once(this, channel, true);
    }

    /** An awaitable done once {@code channel} can be written (or has finished connecting) without blocking. */
    public Awaitable<Void> writable(SelectableChannel channel) {
        return IoInterest.once(this, channel, false);
    }

    private IoInterest interest(SelectableChannel channel) {
        checkLoopThread("I/O registration");
        checkOpen();
        try {
            Selector s = selector;
            if (s == null) {
                s = Selector.open();
                selector = s;
            }
            SelectionKey key = channel.keyFor(s);
            if (key == null || !key.isValid()) {
                if (channel.isBlocking()) {
                    channel.configureBlocking(false);
                }
                key = channel.register(s, 0, new IoInterest(channel));
            }
            IoInterest interest = (IoInterest) key.attachment();
            interest.bind(key);
            return interest;
        } catch (ClosedChannelException e) {
            throw new IllegalArgumentException("channel is closed: " + channel, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch " + channel, e);
        }
    }

    private boolean removeInterest(SelectableChannel channel, boolean reader) {
        checkLoopThread("I/O registration");
        Selector s = selector;
        SelectionKey key = s == null ? null : channel.keyFor(s);
        if (key == null || !key.isValid()) {
            return false;
        }
        IoInterest interest = (IoInterest) key.attachment();
        return reader ? interest.setReader(null) : interest.setWriter(null);
    }

    // ---------------------------------------------------------------- running

    /** Runs the loop until {@code target} is done. */
    public void runUntilComplete(Awaitable<?> target) {
        enter();
        try {
            while (!target.isDone()) {
                if (stopping) {
                    throw new IllegalStateException("event loop stopped before the awaited work completed");
                }
                runOnce();
            }
        } finally {
            exit();
        }
    }

    /** Runs the loop until {@link #stop()} is called (from a callback, or via callSoonThreadsafe). */
    public void runForever() {
        enter();
        try {
            while (!stopping) {
                runOnce();
            }
        } finally {
            exit();
        }
    }

    /**
     * Runs everything that is ready or due now, without waiting: for tests on a {@link ManualClock}, after
     * advancing it.
     */
    public void runUntilIdle() {
        enter();
        try {
            do {
                drainInbox();
                pollIo(0);
                fireDueTimers();
                runReady();
            } while (!ready.isEmpty() || !inbox.isEmpty() || hasDueTimer());
        } finally {
            exit();
        }
    }

    /** Makes {@link #runForever} return after the current pass. Loop thread, or through callSoonThreadsafe. */
    public void stop() {
        if (thread != null && Thread.currentThread() != thread) {
            callSoonThreadsafe(this::stop);
            return;
        }
        stopping = true;
    }

    public boolean isRunning() {
        return thread != null;
    }

    private void enter() {
        checkOpen();
        if (RUNNING.get() != null) {
            throw new IllegalStateException("an event loop is already running on this thread;"
                    + " await the coroutine instead of running a nested loop");
        }
        RUNNING.set(this);
        thread = Thread.currentThread();
        if (debug) {
            watchdog = SlowStepWatchdog.start(this, thread, slowStep);
            CoroutineTracking.enable();
        }
    }

    private void exit() {
        if (watchdog != null) {
            watchdog.stop();
            watchdog = null;
            CoroutineTracking.disable();
        }
        stopping = false;
        thread = null;
        RUNNING.remove();
    }

    /**
     * One pass: take the inbox, wait for I/O or the next timer if nothing is ready, fire timers, run callbacks.
     * A pass that has callbacks ready does not block, so it touches neither the {@code sleeping} flag (a
     * volatile write) nor the selector unless one exists, nor the clock unless a timer is pending.
     */
    private void runOnce() {
        drainInbox();
        long timeout = ready.isEmpty() && !stopping ? untilNextTimer() : 0;
        if (timeout == 0) {
            if (selector != null) {
                pollIo(0);
                drainInbox();
            }
        } else {
            sleeping = true;
            try {
                if (!inbox.isEmpty()) {
                    timeout = 0;
                } else if (clock instanceof ManualClock && ((ManualClock) clock).autoAdvance()
                        && !timers.isEmpty() && !hasIo()) {
                    ((ManualClock) clock).jumpTo(timers.peek().deadlineNanos());
                    timeout = 0;
                }
                pollIo(timeout);
            } finally {
                sleeping = false;
            }
            drainInbox();
        }
        if (!timers.isEmpty()) {
            fireDueTimers();
        }
        runReady();
    }

    /** Nanoseconds until the next live timer; -1 for none (wait indefinitely). */
    private long untilNextTimer() {
        while (!timers.isEmpty() && timers.peek().isCancelled()) {
            timers.poll();
        }
        TimerHandle next = timers.peek();
        if (next == null) {
            return -1;
        }
        return Math.max(0, next.deadlineNanos() - nanoTime());
    }

    private boolean hasIo() {
        Selector s = selector;
        return s != null && !s.keys().isEmpty();
    }

    /** Waits up to {@code timeoutNanos} (0: do not wait, -1: no limit) for I/O or a wake-up, then queues I/O callbacks. */
    private void pollIo(long timeoutNanos) {
        Selector s = selector;
        if (s == null) {
            if (timeoutNanos < 0) {
                LockSupport.park(this);
            } else if (timeoutNanos > 0 && !(clock instanceof ManualClock)) {
                LockSupport.parkNanos(this, timeoutNanos);
            }
            return;
        }
        try {
            if (timeoutNanos == 0 || clock instanceof ManualClock && timeoutNanos > 0) {
                s.selectNow();
            } else if (timeoutNanos < 0) {
                s.select();
            } else {
                s.select(Math.max(1, (timeoutNanos + 999_999) / 1_000_000));
            }
        } catch (IOException e) {
            report("selector failed", e);
            return;
        }
        Iterator<SelectionKey> keys = s.selectedKeys().iterator();
        while (keys.hasNext()) {
            SelectionKey key = keys.next();
            keys.remove();
            ((IoInterest) key.attachment()).ready(key, ready);
        }
    }

    private void drainInbox() {
        Runnable r;
        while ((r = inbox.poll()) != null) {
            ready.add(r);
        }
    }

    private boolean hasDueTimer() {
        TimerHandle t = timers.peek();
        return t != null && t.deadlineNanos() - nanoTime() <= 0;
    }

    private void fireDueTimers() {
        long now = nanoTime();
        TimerHandle t;
        while ((t = timers.peek()) != null && t.deadlineNanos() - now <= 0) {
            timers.poll();
            Runnable r = t.take();
            if (r != null) {
                ready.add(r);
            }
        }
    }

    private void runReady() {
        for (int n = ready.size(); n > 0; n--) {
            Runnable r = ready.poll();
            SlowStepWatchdog w = watchdog;
            long started = w == null ? 0 : w.begin(r);
            try {
                Task.runQueued(r);
            } catch (Throwable e) {
                report("exception in callback " + r, e);
            } finally {
                if (w != null) {
                    w.end(started, currentTaskName(r));
                }
            }
        }
    }

    private String currentTaskName(Runnable r) {
        Task<?> t = lastSteppedTask;
        lastSteppedTask = null;
        return t != null ? "task " + t.name() : "callback " + r;
    }

    private Task<?> lastSteppedTask;

    // ---------------------------------------------------------------- shutdown

    /** Cancels every unfinished task and runs the loop until they have all finished their cleanup. */
    void cancelRemainingTasks() {
        if (taskCount == 0) {
            return;
        }
        List<Task<?>> pending = allTasks();
        for (Task<?> t : pending) {
            t.cancel("event loop is shutting down");
        }
        Promise<Void> allDone = new Promise<>();
        for (Task<?> t : pending) {
            t.whenDone(() -> {
                if (taskCount == 0) {
                    allDone.complete(null);
                }
            });
        }
        runUntilComplete(allDone);
    }

    /** Closes the loop: drops what is scheduled, closes the selector, stops the worker threads. */
    @Override
    public void close() {
        if (thread != null) {
            throw new IllegalStateException("cannot close a running event loop");
        }
        if (closed) {
            return;
        }
        closed = true;
        ready.clear();
        timers.clear();
        inbox.clear();
        Selector s = selector;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                report("closing the selector failed", e);
            }
        }
        if (workers != null) {
            workers.shutdown();
        }
    }

    public boolean isClosed() {
        return closed;
    }

    // ---------------------------------------------------------------- worker threads

    /** Runs blocking work on one of this loop's worker threads, with the caller's context variables. */
    <T> Awaitable<T> runInWorker(Callable<T> work) {
        checkOpen();
        Promise<T> outcome = new Promise<>();
        Map<ContextVar<?>, Object> context = ContextVar.currentContext();
        workers().execute(() -> ContextVar.runWith(context, () -> {
            try {
                outcome.complete(work.call());
            } catch (Throwable t) {
                outcome.fail(t);
            }
        }));
        return outcome;
    }

    private ExecutorService workers() {
        if (workers == null) {
            workers = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "weft-worker-" + WORKER_COUNTER.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
        return workers;
    }

    // ---------------------------------------------------------------- debug and errors

    /**
     * Debug mode (also {@code -Dweft.debug=true}): warns when one step holds the loop longer than the slow-step
     * threshold, naming the task and where it was blocked; warns when a coroutine is garbage-collected without
     * ever having been awaited, with where it was created; and refuses loop calls from other threads.
     */
    public void setDebug(boolean enabled) {
        if (thread != null) {
            throw new IllegalStateException("set debug mode before running the loop");
        }
        debug = enabled;
    }

    public boolean isDebug() {
        return debug;
    }

    /** The slow-step threshold of debug mode (default 100 ms). */
    public void setSlowStepThreshold(Duration threshold) {
        slowStep = threshold;
    }

    /** Replaces the handler of errors nobody awaited; null restores the default (System.Logger). */
    public void setExceptionHandler(LoopExceptionHandler handler) {
        exceptionHandler = handler == null ? LoopExceptionHandler.logging() : handler;
    }

    /** Hands an error or warning to the exception handler; a handler that throws is ignored after printing. */
    public void report(String message, Throwable exception) {
        try {
            exceptionHandler.handle(this, message, exception);
        } catch (Throwable handlerFailure) {
            System.err.println("[weft] the loop's exception handler failed: " + handlerFailure);
        }
    }

    /** The task whose step is running, or null. */
    Task<?> currentTask() {
        return currentTask;
    }

    Task<?> enterTask(Task<?> task) {
        Task<?> previous = currentTask;
        currentTask = task;
        if (watchdog != null) {
            lastSteppedTask = task;
        }
        return previous;
    }

    void exitTask(Task<?> previous) {
        currentTask = previous;
    }

    void taskFinished(Task<?> task) {
        Task<?> before = task.previousTask;
        Task<?> after = task.nextTask;
        if (before == null) {
            firstTask = after;
        } else {
            before.nextTask = after;
        }
        if (after == null) {
            lastTask = before;
        } else {
            after.previousTask = before;
        }
        task.previousTask = null;
        task.nextTask = null;
        taskCount--;
    }

    /** Whether the calling thread is the one running this loop. */
    boolean inLoopThread() {
        return Thread.currentThread() == thread;
    }

    private void checkLoopThread(String what) {
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            throw wrongThread(what);
        }
    }

    private IllegalStateException wrongThread(String what) {
        return new IllegalStateException(what + " called from thread " + Thread.currentThread().getName()
                + " but the loop runs on " + thread.getName() + "; use callSoonThreadsafe");
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("event loop is closed");
        }
    }
}
