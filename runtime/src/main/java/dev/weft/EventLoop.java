package dev.weft;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * A single-threaded event loop (seed 36.7): a ready queue of callbacks, timers, and a thread-safe inbox
 * through which other threads hand it work and wake it up.
 *
 * <p>Invariants:
 * <ul>
 *   <li>callbacks, timers and task steps run only on the thread inside {@link #runUntilComplete};</li>
 *   <li>callbacks run in the order they were scheduled; each pass runs the callbacks that were ready when
 *       it began, so a callback that schedules another cannot starve timers or the inbox;</li>
 *   <li>{@link #callSoonThreadsafe} may be called from any thread, and never loses a wake-up: the loop
 *       re-checks its inbox after every unpark and before every park;</li>
 *   <li>the loop holds every unfinished task strongly, so a task nobody references still runs to the
 *       end (asyncio only keeps weak references and loses such tasks).</li>
 * </ul>
 */
public final class EventLoop implements AutoCloseable {
    private static final ThreadLocal<EventLoop> RUNNING = new ThreadLocal<>();

    private final ArrayDeque<Runnable> ready = new ArrayDeque<>();
    private final PriorityQueue<TimerHandle> timers = new PriorityQueue<>();
    private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
    private final Set<Task<?>> tasks = new LinkedHashSet<>();
    private volatile Thread thread;
    private long timerSequence;
    private long taskCounter;
    private Task<?> currentTask;
    private boolean closed;

    public EventLoop() {
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
        return System.nanoTime();
    }

    /** Schedules {@code callback} to run on the loop soon, after what is already ready. */
    public void callSoon(Runnable callback) {
        if (Thread.currentThread() != thread) {
            callSoonThreadsafe(callback);
            return;
        }
        ready.add(callback);
    }

    /** Like {@link #callSoon} but from any thread; wakes the loop if it sleeps. */
    public void callSoonThreadsafe(Runnable callback) {
        checkOpen();
        inbox.add(callback);
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            LockSupport.unpark(t);
        }
    }

    /** Runs {@code callback} on the loop after {@code delay}. */
    public TimerHandle callLater(Duration delay, Runnable callback) {
        return callAt(nanoTime() + Math.max(0, delay.toNanos()), callback);
    }

    /** Runs {@code callback} on the loop at {@code deadlineNanos} of {@link #nanoTime()}. */
    public TimerHandle callAt(long deadlineNanos, Runnable callback) {
        checkLoopThread();
        TimerHandle h = new TimerHandle(deadlineNanos, timerSequence++, callback);
        timers.add(h);
        return h;
    }

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
        checkOpen();
        if (coroutine == null) {
            throw new NullPointerException("coroutine");
        }
        Task<T> task = new Task<>(this, coroutine, name != null ? name : "Task-" + (++taskCounter),
                ContextVar.currentContext(), eager);
        if (!task.isDone()) {
            tasks.add(task);
        }
        return task;
    }

    /** The unfinished tasks of this loop, in creation order. */
    public java.util.List<Task<?>> allTasks() {
        return new ArrayList<>(tasks);
    }

    /** Runs the loop until {@code target} is done. */
    public void runUntilComplete(Awaitable<?> target) {
        checkOpen();
        if (RUNNING.get() != null) {
            throw new IllegalStateException("an event loop is already running on this thread;"
                    + " await the coroutine instead of running a nested loop");
        }
        RUNNING.set(this);
        thread = Thread.currentThread();
        try {
            while (!target.isDone()) {
                runOnce();
            }
        } finally {
            thread = null;
            RUNNING.remove();
        }
    }

    /** One pass: take the inbox, fire due timers, run what was ready; sleep first if there is nothing. */
    private void runOnce() {
        drainInbox();
        if (ready.isEmpty()) {
            sleepUntilWork();
            drainInbox();
        }
        fireDueTimers();
        for (int n = ready.size(); n > 0; n--) {
            ready.poll().run();
        }
    }

    private void sleepUntilWork() {
        for (;;) {
            purgeCancelledTimers();
            long waitNanos = Long.MAX_VALUE;
            TimerHandle next = timers.peek();
            if (next != null) {
                waitNanos = next.deadlineNanos() - nanoTime();
                if (waitNanos <= 0) {
                    return;
                }
            }
            if (!inbox.isEmpty()) {
                return;
            }
            if (waitNanos == Long.MAX_VALUE) {
                LockSupport.park(this);
            } else {
                LockSupport.parkNanos(this, waitNanos);
            }
            if (!inbox.isEmpty()) {
                return;
            }
        }
    }

    private void purgeCancelledTimers() {
        while (!timers.isEmpty() && timers.peek().isCancelled()) {
            timers.poll();
        }
    }

    private void drainInbox() {
        Runnable r;
        while ((r = inbox.poll()) != null) {
            ready.add(r);
        }
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

    /** Cancels every unfinished task and runs the loop until they have all finished their cleanup. */
    void cancelRemainingTasks() {
        if (tasks.isEmpty()) {
            return;
        }
        List<Task<?>> pending = new ArrayList<>(tasks);
        for (Task<?> t : pending) {
            t.cancel("event loop is shutting down");
        }
        Task<?> last = pending.get(pending.size() - 1);
        runUntilComplete(new Awaitable<Object>() {
            @Override
            public boolean isDone() {
                return tasks.isEmpty();
            }

            @Override
            public Object result() {
                return null;
            }

            @Override
            public Throwable exception() {
                return null;
            }

            @Override
            public void whenDone(Runnable callback) {
                last.whenDone(callback);
            }
        });
    }

    /** The task whose step is running, or null. */
    Task<?> currentTask() {
        return currentTask;
    }

    Task<?> enterTask(Task<?> task) {
        Task<?> previous = currentTask;
        currentTask = task;
        return previous;
    }

    void exitTask(Task<?> previous) {
        currentTask = previous;
    }

    void taskFinished(Task<?> task) {
        tasks.remove(task);
    }

    /** Whether the calling thread is the one running this loop. */
    boolean inLoopThread() {
        return Thread.currentThread() == thread;
    }

    private void checkLoopThread() {
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            throw new IllegalStateException("event loop method called from thread " + Thread.currentThread().getName()
                    + " but the loop runs on " + t.getName() + "; use callSoonThreadsafe");
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("event loop is closed");
        }
    }

    /** Closes the loop; it cannot run again. */
    @Override
    public void close() {
        if (thread != null) {
            throw new IllegalStateException("cannot close a running event loop");
        }
        closed = true;
        ready.clear();
        timers.clear();
        inbox.clear();
    }

    public boolean isClosed() {
        return closed;
    }
}
