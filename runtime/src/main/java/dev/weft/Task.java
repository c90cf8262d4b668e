package dev.weft;

import dev.weft.internal.AsyncStackTrace;
import dev.weft.internal.CallbackSlot;
import dev.weft.internal.Cancellable;
import dev.weft.internal.Outcomes;
import dev.weft.internal.Trampoline;
import dev.weft.internal.WovenCoroutine;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A coroutine scheduled on an event loop (seed 36.8, 36.13): the loop drives it, it stores the result
 * or failure, and it can be cancelled. Awaiting a task gives its result, rethrows its failure, or throws
 * {@link CancelledException} if it was cancelled.
 *
 * <p>Invariants:
 * <ul>
 *   <li>all of a task's steps run on its loop's thread, one at a time;</li>
 *   <li>while waiting, the task waits for exactly one awaitable ({@code held}) on behalf of its
 *       innermost suspended frame; a step that finds it not done does nothing, so extra wake-ups are
 *       harmless;</li>
 *   <li>a cancellation request ({@code mustCancel}) stays in force until it has been delivered as a
 *       {@link CancelledException} at an await of the task, or the task finished; {@link #cancelling()}
 *       counts the requests not withdrawn by {@link #uncancel()};</li>
 *   <li>when a cancellation makes the task drop the outcome of what it awaited, that awaitable is told
 *       ({@link Cancellable#abandoned()}), so a granted lock or queue item is not lost;</li>
 *   <li>once done, the outcome never changes and every done-callback has run exactly once.</li>
 * </ul>
 *
 * <p>A task is its own wake-up: it is the {@link Runnable} it registers with what it awaits ({@link #run()}
 * schedules its next step), and the loop, finding a task in its ready queue, runs the task's step directly.
 * So a task allocates nothing besides itself to be scheduled and woken.
 *
 * @param <T> the type of the result
 */
public final class Task<T> implements Awaitable<T>, Cancellable, Runnable {
    private static final byte PENDING = 0;
    private static final byte RUNNING = 1;
    private static final byte WAITING = 2;
    private static final byte DONE = 3;
    /** Done with a failure: {@code held} is the Throwable. */
    private static final byte FAILED = 4;

    private final EventLoop loop;
    /** The name given at spawn or by {@link #setName}, or null: then it is "Task-" + {@code number}, made only when asked for. */
    private String givenName;
    private final int number;
    /** The loop's list of unfinished tasks runs through these. */
    Task<?> previousTask;
    Task<?> nextTask;
    private final Coroutine<T> coroutine;
    /**
     * The context this task runs in (see {@link Context}): a copy of its spawner's, or the one it was spawned in;
     * null while it holds no variables and nobody asked for it (made on first need).
     */
    Context context;

    private byte state = PENDING;
    private WovenCoroutine<?> innermost;
    private boolean mustCancel;
    private int cancelRequests;

    private volatile boolean done;
    /**
     * While WAITING: the awaitable waited for. Once done: the value, or the failure when {@code state == FAILED}.
     * (The two never coexist, so they share a field: a task is 64 bytes, not 72.)
     */
    private Object held;
    /**
     * Before done: the message of the latest cancellation request (a String, or null). Once done: the
     * {@link TaskFailureWatch} of a failure nobody retrieved yet, or null. (Never both, so one field.)
     */
    private Object note;
    private Object callbacks; // see CallbackSlot

    Task(EventLoop loop, Coroutine<T> coroutine, String name, int number, Context context) {
        if (coroutine instanceof WovenCoroutine) {
            ((WovenCoroutine<T>) coroutine).claim();
        }
        this.loop = loop;
        this.coroutine = coroutine;
        this.givenName = name;
        this.number = number;
        this.context = context;
    }

    /** Schedules the first step, or runs it at once when eager and on the loop thread. */
    void start(boolean eager) {
        if (eager && loop.inLoopThread()) {
            step();
        } else {
            loop.callSoon(this);
        }
    }

    /** The task's name. */
    public String name() {
        return givenName != null ? givenName : "Task-" + Integer.toUnsignedString(number);
    }

    /** Renames the task (asyncio's {@code set_name}): {@link #name()} gives {@code name} from now on. */
    public void setName(String name) {
        givenName = java.util.Objects.requireNonNull(name, "name");
    }

    /** The context the task runs in (asyncio's {@code get_context()}); the one it was spawned in, if any. Loop thread only. */
    public Context context() {
        return Context.of(this);
    }

    /** The loop the task runs on. */
    public EventLoop loop() {
        return loop;
    }

    /** The coroutine this task drives. */
    public Coroutine<T> coroutine() {
        return coroutine;
    }

    /**
     * Asks the task to stop: a {@link CancelledException} is delivered at the await where it is suspended
     * (or at its next suspension if it is running), so its {@code catch} and {@code finally} blocks run.
     * What it awaits is cancelled too when that is a task, promise or sleep. A task cancelled before it
     * started never runs its body. May be called from any thread.
     *
     * @return {@code false} if the task was already done
     */
    public boolean cancel() {
        return cancel(null);
    }

    /** Like {@link #cancel()}, with a message for the {@link CancelledException}. */
    @Override
    public boolean cancel(String message) {
        if (done) {
            return false;
        }
        if (!loop.inLoopThread() && !loop.isClosed()) {
            loop.callSoonThreadsafe(() -> cancel(message));
            return true;
        }
        cancelRequests++;
        mustCancel = true;
        note = message;
        if (state == WAITING) {
            Awaitable<?> awaited = (Awaitable<?>) held;
            if (awaited instanceof Cancellable) {
                ((Cancellable) awaited).cancel(message);
            }
            loop.callSoon(this);
        }
        return true;
    }

    /** How many cancellation requests are pending (asyncio's {@code cancelling()}): not withdrawn by uncancel. */
    public int cancelling() {
        return cancelRequests;
    }

    /**
     * Withdraws one cancellation request, as a scope that cancelled the task for its own reasons (a timeout,
     * a task group) does once it has handled it. When none is left, a not yet delivered cancellation is
     * dropped. Returns the number of requests left.
     */
    public int uncancel() {
        if (cancelRequests > 0) {
            cancelRequests--;
            if (cancelRequests == 0) {
                mustCancel = false;
            }
        }
        return cancelRequests;
    }

    @Override
    public boolean isDone() {
        return done;
    }

    /** Whether the task ended by cancellation. */
    public boolean isCancelled() {
        return done && failure() instanceof CancelledException;
    }

    /**
     * The result of a finished task. A failure is thrown: unchecked exceptions and errors (a
     * {@link CancelledException} included) as they are, checked exceptions wrapped in
     * {@link java.util.concurrent.CompletionException}.
     *
     * @throws IllegalStateException if the task is not done
     */
    @Override
    public T result() {
        checkDone();
        markRetrieved();
        if (state == FAILED) {
            throw Outcomes.asUnchecked((Throwable) held);
        }
        @SuppressWarnings("unchecked")
        T value = (T) held;
        return value;
    }

    /** The failure of a finished task ({@link CancelledException} if cancelled), or null. */
    @Override
    public Throwable exception() {
        checkDone();
        markRetrieved();
        return failure();
    }

    /** The failure once done, or null. */
    private Throwable failure() {
        return state == FAILED ? (Throwable) held : null;
    }

    private void markRetrieved() {
        Object n = note;
        if (n instanceof TaskFailureWatch) {
            ((TaskFailureWatch) n).retrieved = true;
            note = null;
        }
    }

    private void checkDone() {
        if (!done) {
            throw new IllegalStateException("task " + name() + " is not done");
        }
    }

    /** Awaitable protocol: runs {@code callback} inline once done (at once if done). Loop thread only. */
    @Override
    public void whenDone(Runnable callback) {
        if (done) {
            callback.run();
            return;
        }
        callbacks = CallbackSlot.add(callbacks, callback);
    }

    /** Schedules {@code callback} on the loop once the task is done (asyncio's add_done_callback). */
    public void addDoneCallback(Consumer<? super Task<T>> callback) {
        whenDone(new DoneCallback<>(this, callback, loop));
    }

    /**
     * Unregisters {@code callback} (asyncio's {@code remove_done_callback}): drops every registration of it by
     * {@link #addDoneCallback} and returns how many there were; 0 once the task is done (its callbacks are then
     * scheduled already). Compared with {@code equals}: pass the object you registered, since two evaluations of
     * a lambda or method reference are different objects. Loop thread only.
     */
    public int removeDoneCallback(Consumer<? super Task<T>> callback) {
        int removed = done ? 0 : DoneCallback.count(callbacks, callback);
        callbacks = removed == 0 ? callbacks : DoneCallback.removeFrom(callbacks, callback);
        return removed;
    }

    /**
     * A CompletableFuture completed with the task's outcome (failures as they are, cancellation as a
     * {@link CancelledException}), for code outside the loop. May be called from any thread.
     */
    @SuppressWarnings("unchecked")
    public CompletableFuture<T> toCompletableFuture() {
        CompletableFuture<T> future = new CompletableFuture<>();
        Runnable settle = () -> whenDone(() -> {
            markRetrieved();
            if (state == FAILED) {
                future.completeExceptionally((Throwable) held);
            } else {
                future.complete((T) held);
            }
        });
        if (loop.inLoopThread() || loop.isClosed()) {
            settle.run();
        } else {
            loop.callSoonThreadsafe(settle);
        }
        return future;
    }

    /**
     * Wakes the task up: schedules its next step on its loop. This is the callback a task gives to what it
     * awaits; a step that finds the awaited thing not done does nothing, so an extra call is harmless.
     */
    @Override
    public void run() {
        loop.callSoon(this);
    }

    /**
     * Runs an entry of a loop's ready queue: a task stands for its next step (see {@link #run()}), anything
     * else is an ordinary callback. The loop and {@link Yield} both run their entries through here.
     */
    static void runQueued(Runnable entry) {
        if (entry instanceof Task) {
            ((Task<?>) entry).step();
        } else {
            entry.run();
        }
    }

    /**
     * One step, run by the loop when it takes this task from its ready queue: start the coroutine, or resume
     * its innermost frame with what it waited for.
     */
    void step() {
        Object v = null;
        Throwable e = null;
        if (state == PENDING) {
            if (mustCancel) {
                coroutine.close();
                finish(null, new CancelledException((String) note));
                return;
            }
            if (!(coroutine instanceof WovenCoroutine)) {
                waitFor(null, coroutine);
                return;
            }
        } else if (state == WAITING) {
            Awaitable<?> awaited = (Awaitable<?>) held;
            if (mustCancel) {
                mustCancel = false;
                e = new CancelledException((String) note);
                if (innermost != null) {
                    AsyncStackTrace.recordAwaiter(e, innermost);
                }
                if (awaited instanceof Cancellable) {
                    ((Cancellable) awaited).abandoned();
                }
            } else if (awaited.isDone()) {
                e = awaited.exception();
                v = e == null ? awaited.result() : null;
            } else {
                return;
            }
            held = null;
            if (innermost == null) {
                finish(v, e);
                return;
            }
        } else {
            return;
        }
        byte started = state;
        state = RUNNING;
        Task<?> previous = loop.enterTask(this);
        WovenCoroutine<?> suspended;
        try {
            suspended = started == PENDING
                    ? Trampoline.start((WovenCoroutine<?>) coroutine)
                    : Trampoline.resume(innermost, v, e);
        } finally {
            loop.exitTask(previous);
        }
        if (suspended == null) {
            innermost = null;
            WovenCoroutine<?> root = (WovenCoroutine<?>) coroutine;
            Throwable f = root.exception();
            finish(f == null ? root.result() : null, f);
        } else {
            waitFor(suspended, suspended.awaiting());
        }
    }

    private void waitFor(WovenCoroutine<?> frame, Awaitable<?> awaited) {
        innermost = frame;
        held = awaited;
        state = WAITING;
        if (mustCancel) {
            if (awaited instanceof Cancellable) {
                ((Cancellable) awaited).cancel((String) note);
            }
            loop.callSoon(this);
        }
        awaited.whenDone(this);
    }

    @SuppressWarnings("unchecked")
    private void finish(Object v, Throwable f) {
        state = f == null ? DONE : FAILED;
        held = f == null ? v : f;
        mustCancel = false;
        note = f != null && !(f instanceof CancelledException) ? TaskFailureWatch.watch(this, loop, f) : null;
        done = true;
        loop.taskFinished(this);
        Object toRun = callbacks;
        callbacks = null;
        CallbackSlot.runAll(toRun);
    }

    @Override
    public String toString() {
        String s = done ? (isCancelled() ? "cancelled" : state == FAILED ? "failed: " + held : "result=" + held)
                : state == PENDING ? "pending" : state == WAITING ? "waiting on " + held : "running";
        return "Task[" + name() + ", " + s + "]";
    }
}
