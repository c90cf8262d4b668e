package dev.weft;

import dev.weft.internal.CallbackSlot;
import dev.weft.internal.Cancellable;
import dev.weft.internal.Outcomes;
import dev.weft.internal.Trampoline;
import dev.weft.internal.WovenCoroutine;

/**
 * A coroutine scheduled on an event loop (seed 36.8, 36.13): the loop drives it, it stores the result
 * or failure, and it can be cancelled. Awaiting a task gives its result, rethrows its failure, or throws
 * {@link CancelledException} if it was cancelled.
 *
 * <p>Invariants:
 * <ul>
 *   <li>all of a task's steps run on its loop's thread, one at a time;</li>
 *   <li>while waiting, the task waits for exactly one awaitable ({@code waitingOn}) on behalf of its
 *       innermost suspended frame; a step that finds it not done does nothing, so extra wake-ups are
 *       harmless;</li>
 *   <li>a cancellation request stays in force until it has been delivered as a
 *       {@link CancelledException} at an await of the task (or the task finished);</li>
 *   <li>once done, the outcome never changes and every done-callback has run exactly once.</li>
 * </ul>
 *
 * @param <T> the type of the result
 */
public final class Task<T> implements Awaitable<T>, Cancellable {
    private static final byte PENDING = 0;
    private static final byte RUNNING = 1;
    private static final byte WAITING = 2;
    private static final byte DONE = 3;

    private final EventLoop loop;
    private final String name;
    private final Coroutine<T> coroutine;
    private final Runnable step = this::step;
    private final Runnable wakeUp = this::wakeUp;

    private byte state = PENDING;
    private WovenCoroutine<?> innermost;
    private Awaitable<?> waitingOn;
    private boolean cancelRequested;
    private String cancelMessage;

    private volatile boolean done;
    private T value;
    private Throwable failure;
    private Object callbacks; // null, a Runnable, or a List<Runnable>

    Task(EventLoop loop, Coroutine<T> coroutine, String name) {
        if (coroutine instanceof WovenCoroutine) {
            ((WovenCoroutine<T>) coroutine).claim();
        }
        this.loop = loop;
        this.coroutine = coroutine;
        this.name = name;
        loop.callSoon(step);
    }

    /** The task's name. */
    public String name() {
        return name;
    }

    /** The loop the task runs on. */
    public EventLoop loop() {
        return loop;
    }

    /**
     * Asks the task to stop: a {@link CancelledException} is delivered at the await where it is suspended
     * (or at its next suspension if it is running), so its {@code catch} and {@code finally} blocks run.
     * What it awaits is cancelled too when that is a task, promise or sleep. A task cancelled before it
     * started never runs its body.
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
        cancelRequested = true;
        cancelMessage = message;
        if (state == WAITING) {
            Awaitable<?> awaited = waitingOn;
            if (awaited instanceof Cancellable) {
                ((Cancellable) awaited).cancel(message);
            }
            loop.callSoon(step);
        }
        return true;
    }

    @Override
    public boolean isDone() {
        return done;
    }

    /** Whether the task ended by cancellation. */
    public boolean isCancelled() {
        return done && failure instanceof CancelledException;
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
        if (failure != null) {
            throw Outcomes.asUnchecked(failure);
        }
        return value;
    }

    /** The failure of a finished task ({@link CancelledException} if cancelled), or null. */
    @Override
    public Throwable exception() {
        checkDone();
        return failure;
    }

    private void checkDone() {
        if (!done) {
            throw new IllegalStateException("task " + name + " is not done");
        }
    }

    @Override
    public void whenDone(Runnable callback) {
        if (done) {
            callback.run();
            return;
        }
        callbacks = CallbackSlot.add(callbacks, callback);
    }

    private void wakeUp() {
        loop.callSoon(step);
    }

    /** One step: start the coroutine, or resume its innermost frame with what it waited for. */
    private void step() {
        Object v = null;
        Throwable e = null;
        if (state == PENDING) {
            if (cancelRequested) {
                coroutine.close();
                finish(null, new CancelledException(cancelMessage));
                return;
            }
            if (!(coroutine instanceof WovenCoroutine)) {
                waitFor(null, coroutine);
                return;
            }
        } else if (state == WAITING) {
            if (cancelRequested) {
                cancelRequested = false;
                e = new CancelledException(cancelMessage);
            } else if (waitingOn.isDone()) {
                e = waitingOn.exception();
                v = e == null ? waitingOn.result() : null;
            } else {
                return;
            }
            waitingOn = null;
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
        waitingOn = awaited;
        state = WAITING;
        if (cancelRequested) {
            if (awaited instanceof Cancellable) {
                ((Cancellable) awaited).cancel(cancelMessage);
            }
            loop.callSoon(step);
        }
        awaited.whenDone(wakeUp);
    }

    @SuppressWarnings("unchecked")
    private void finish(Object v, Throwable f) {
        state = DONE;
        value = (T) v;
        failure = f;
        cancelRequested = false;
        done = true;
        loop.taskFinished(this);
        Object toRun = callbacks;
        callbacks = null;
        CallbackSlot.runAll(toRun);
    }

    @Override
    public String toString() {
        String s = done ? (isCancelled() ? "cancelled" : failure != null ? "failed: " + failure : "result=" + value)
                : state == PENDING ? "pending" : state == WAITING ? "waiting on " + waitingOn : "running";
        return "Task[" + name + ", " + s + "]";
    }
}
