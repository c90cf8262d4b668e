package dev.weft;

import dev.weft.internal.CallbackSlot;
import dev.weft.internal.Cancellable;
import dev.weft.internal.Outcomes;
import dev.weft.internal.Trampoline;
import dev.weft.internal.WovenCoroutine;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A coroutine scheduled on an event loop: the loop drives it, it stores the result
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
 * <p>A task is its own wake-up: the {@link Runnable} it registers with what it awaits ({@link #run()} schedules
 * its next step, which the loop runs directly), so it allocates nothing besides itself to be scheduled and woken.
 *
 * @param <T> the type of the result
 */
public final class Task<T> implements Awaitable<T>, Cancellable, Runnable {
    private static final byte PENDING = 0, RUNNING = 1, WAITING = 2, DONE = 3;
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
    /** The context it runs in (see {@link Context}): its spawner's copy, or the one given; null until first needed. */
    Context context;

    private byte state = PENDING;
    private WovenCoroutine<?> innermost;
    private boolean mustCancel;
    private int cancelRequests;

    private volatile boolean done;
    /** While WAITING the awaitable waited for; once done the value, or the failure if FAILED (never both: 64 B, not 72). */
    private Object held;
    /** Before done the latest cancellation's message; once done the watch of a failure not retrieved yet (or null). */
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

    void start(boolean eager) { // schedules the first step, or runs it at once when eager and on the loop thread
        if (eager && loop.inLoopThread()) {
            step();
        } else {
            loop.wake(this);
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
     * started never runs its body; one cancelled while it runs ends cancelled even if it then returns without
     * awaiting again (as in asyncio). Any thread: while another thread runs the loop, the request is handed to
     * it and takes effect in order with what is already queued there.
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
        if (!loop.inLoopThread()) {
            return CrossThreadCancel.request(this, message);
        }
        boolean alreadyPending = mustCancel;
        cancelRequests++;
        mustCancel = true;
        note = message;
        if (state == WAITING && !alreadyPending) { // (a pending request already did this; a cycle of awaits stops here)
            AwaitCancellation.cancelAwaited((Awaitable<?>) held, message);
            loop.wake(this);
        }
        return true;
    }

    /** How many cancellation requests are pending (asyncio's {@code cancelling()}): not withdrawn by uncancel. */
    public int cancelling() {
        return cancelRequests;
    }

    /**
     * Withdraws one cancellation request, as a scope that cancelled the task for its own reasons (a timeout, a task
     * group) does once it handled it. When none is left, a cancellation not delivered yet is dropped. Returns the
     * number of requests left.
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
     * The result of a finished task. A failure is thrown: unchecked exceptions and errors (a {@link CancelledException}
     * included) as they are, checked ones wrapped in {@link java.util.concurrent.CompletionException}.
     *
     * @throws IllegalStateException if the task is not done
     */
    @Override
    @SuppressWarnings("unchecked")
    public T result() {
        checkDone();
        markRetrieved();
        if (state == FAILED) {
            throw Outcomes.asUnchecked((Throwable) held);
        }
        return (T) held;
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

    @Override
    public boolean removeWhenDone(Runnable callback) {
        boolean had = CallbackSlot.contains(callbacks, callback);
        callbacks = CallbackSlot.remove(callbacks, callback);
        return had;
    }

    /** Schedules {@code callback} on the loop once the task is done (asyncio's add_done_callback). */
    public void addDoneCallback(Consumer<? super Task<T>> callback) {
        whenDone(new DoneCallback<>(this, callback, loop));
    }

    /**
     * Unregisters {@code callback} (asyncio's {@code remove_done_callback}): drops every registration of it by
     * {@link #addDoneCallback} and returns how many there were (0 once done). Compared with {@code equals}: pass the
     * object you registered (two evaluations of a lambda are two objects). Loop thread only.
     */
    public int removeDoneCallback(Consumer<? super Task<T>> callback) {
        int removed = done ? 0 : DoneCallback.count(callbacks, callback);
        callbacks = removed == 0 ? callbacks : DoneCallback.removeFrom(callbacks, callback);
        return removed;
    }

    /**
     * A CompletableFuture of the task's outcome (cancellation as {@link CancelledException}), from any thread; taken
     * on another thread while the loop runs, it completes once the loop has handled it ({@link TaskFuture}).
     */
    public CompletableFuture<T> toCompletableFuture() {
        return TaskFuture.of(this);
    }

    /** Wakes the task (the callback it gives what it awaits): its next step is scheduled; an extra call is harmless. */
    @Override
    public void run() {
        loop.wake(this);
    }

    /** One step, run by the loop from its ready queue: start the coroutine, or resume its innermost frame. */
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
                e = AwaitCancellation.deliveredAt(this, innermost, awaited, new CancelledException((String) note));
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
        Task<?> previous = loop.tasks().enter(this);
        WovenCoroutine<?> suspended;
        try {
            suspended = started == PENDING
                    ? Trampoline.start((WovenCoroutine<?>) coroutine)
                    : Trampoline.resume(innermost, v, e);
        } finally {
            loop.tasks().exit(previous);
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
        if (awaited == this) { // it would wait forever (asyncio: "Task cannot await on itself")
            awaited = Promise.failedWith(new IllegalStateException("task " + name() + " cannot await itself"));
        }
        innermost = frame;
        held = awaited;
        state = WAITING;
        if (mustCancel) {
            // the cancellation is delivered at this await: do not start waiting (no timer armed, nothing registered)
            AwaitCancellation.cancelAwaited(awaited, (String) note);
            loop.wake(this);
            return;
        }
        awaited.whenDone(this);
    }

    private void finish(Object v, Throwable f) {
        if (f == null && mustCancel) {
            f = new CancelledException((String) note); // cancelled while running, returned without awaiting again
        }
        state = f == null ? DONE : FAILED;
        held = f == null ? v : f;
        mustCancel = false;
        note = f != null && !(f instanceof CancelledException) ? TaskFailureWatch.watch(this, loop, f) : null;
        done = true;
        loop.tasks().unlink(this);
        Object toRun = callbacks;
        callbacks = null;
        CallbackSlot.runAll(toRun);
    }

    /** Ends the task cancelled without running more of its code (its loop closed before it finished its cleanup). */
    void abandon(String message) {
        if (!done) {
            innermost = null;
            finish(null, new CancelledException(message));
        }
    }

    boolean started() { // whether the task took its first step (or is done)
        return state != PENDING;
    }

    /** The failure of a finished task that nobody looked at yet, or null; looking marks it retrieved. */
    Throwable unretrievedFailure() {
        if (!done || !(note instanceof TaskFailureWatch)) {
            return null;
        }
        markRetrieved();
        return (Throwable) held;
    }

    /**
     * Delivers a pending request again at the next await, counting no new one: a scope that consumed an outside
     * cancellation for its own purposes (a group turning it into an {@link ExceptionGroup}) gives it back (asyncio 3.13).
     */
    void redeliverCancel() {
        if (!done && cancelRequests > 0) {
            mustCancel = true;
            note = null; // as asyncio's task.cancel() without a message
        }
    }

    @Override
    public String toString() {
        String s = done ? (isCancelled() ? "cancelled" : state == FAILED ? "failed: " + held : "result=" + held)
                : state == PENDING ? "pending" : state == WAITING ? "waiting on " + held : "running";
        return "Task[" + name() + ", " + s + "]";
    }
}
