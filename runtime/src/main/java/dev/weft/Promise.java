package dev.weft;

import dev.weft.internal.CallbackSlot;
import dev.weft.internal.Cancellable;
import dev.weft.internal.Outcomes;

/**
 * A value that will exist later: asyncio's {@code Future} (seed 36.12). Await it from a coroutine;
 * complete, fail or cancel it from anywhere, any thread included.
 *
 * <p>Invariants: it is completed at most once (later calls return {@code false}); callbacks registered
 * before completion run exactly once, on the thread that completes it and outside its lock; callbacks
 * registered after completion run at once. An awaiting coroutine is resumed on its event loop's thread,
 * never inline in {@code complete}.
 *
 * @param <T> the type of the value
 */
public final class Promise<T> implements Awaitable<T>, Cancellable {
    private static final Object PENDING = new Object();

    private volatile Object value = PENDING;
    private volatile Throwable failure;
    private Object callbacks; // null, a Runnable, or a List<Runnable>; guarded by this

    public Promise() {
    }

    /** Completes with {@code value}; {@code false} if it was already done. */
    public boolean complete(T value) {
        return settle(value, null);
    }

    /** Completes with a failure; {@code false} if it was already done. */
    public boolean fail(Throwable failure) {
        if (failure == null) {
            throw new NullPointerException("failure");
        }
        return settle(null, failure);
    }

    /** Cancels it: awaiters get a {@link CancelledException}. {@code false} if it was already done. */
    public boolean cancel() {
        return cancel(null);
    }

    /** Cancels it with a message carried by the {@link CancelledException}. */
    @Override
    public boolean cancel(String message) {
        return settle(null, new CancelledException(message));
    }

    /** Whether it was cancelled. */
    public boolean isCancelled() {
        return failure instanceof CancelledException;
    }

    @Override
    public boolean isDone() {
        return value != PENDING;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T result() {
        Object v = value;
        if (v == PENDING) {
            throw new IllegalStateException("promise is not done yet");
        }
        Throwable f = failure;
        if (f != null) {
            throw Outcomes.asUnchecked(f);
        }
        return (T) v;
    }

    @Override
    public Throwable exception() {
        if (value == PENDING) {
            throw new IllegalStateException("promise is not done yet");
        }
        return failure;
    }

    @Override
    public void whenDone(Runnable callback) {
        synchronized (this) {
            if (value == PENDING) {
                callbacks = CallbackSlot.add(callbacks, callback);
                return;
            }
        }
        callback.run();
    }

    /**
     * Schedules {@code callback} on the calling thread's event loop once this promise is done (asyncio's
     * add_done_callback): it never runs inline in {@code complete}, whatever thread completes the promise.
     *
     * @throws IllegalStateException if no loop runs on this thread
     */
    public void addDoneCallback(java.util.function.Consumer<? super Promise<T>> callback) {
        EventLoop loop = EventLoop.current();
        whenDone(() -> loop.callSoonThreadsafe(() -> callback.accept(this)));
    }

    private boolean settle(Object v, Throwable f) {
        Object toRun;
        synchronized (this) {
            if (value != PENDING) {
                return false;
            }
            failure = f;
            value = v; // the volatile write that publishes failure too
            toRun = callbacks;
            callbacks = null;
        }
        CallbackSlot.runAll(toRun);
        return true;
    }

    @Override
    public String toString() {
        if (!isDone()) {
            return "Promise[pending]";
        }
        return failure == null ? "Promise[value=" + value + "]" : "Promise[failed: " + failure + "]";
    }
}
