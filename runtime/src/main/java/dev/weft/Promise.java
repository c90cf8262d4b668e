package dev.weft;

import dev.weft.internal.CallbackSlot;
import dev.weft.internal.Cancellable;
import dev.weft.internal.Outcomes;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A value that will exist later: asyncio's {@code Future}. Await it from a coroutine;
 * complete, fail or cancel it from anywhere, any thread included.
 *
 * <p>Invariants: it is completed at most once (later calls return {@code false}); callbacks registered
 * before completion run exactly once (unless {@link #removeDoneCallback removed} first), in registration
 * order, on the thread that completes it; callbacks registered after completion run at once; a callback that
 * throws is reported and never stops the others nor reaches the completer. An awaiting coroutine is resumed on
 * its event loop's thread, never inline in {@code complete}.
 *
 * <p>Lock-free: everything hangs on one field, {@code state}, changed by compare-and-set. While pending it
 * holds the callbacks (null, one {@link Runnable}, or a chain of {@link Waiter}s, newest first); the one
 * completer that moves it to {@code COMPLETING} writes the outcome, then publishes {@code DONE} with a
 * release store, and runs the callbacks it took. So completing costs one CAS and registering a callback one
 * CAS, with no lock and no fence besides.
 *
 * @param <T> the type of the value
 */
public final class Promise<T> implements Awaitable<T>, Cancellable {
    /** {@code state} of a promise whose outcome is being written by the one completer. */
    private static final Object COMPLETING = new Object();
    /** {@code state} of a done promise: {@code value} and {@code failure} are final from here on. */
    private static final Object DONE = new Object();
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Promise.class, "state", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The callbacks while pending (null, a Runnable, a Waiter chain), then COMPLETING, then DONE. */
    private volatile Object state;
    /** Written by the completer before DONE is published; read only after seeing DONE. */
    private Object value;
    private Throwable failure;

    /** A callback registered while others were: a link of the pending chain, newest first. */
    private static final class Waiter {
        final Runnable callback;
        /** The older callbacks: a Runnable or a Waiter. */
        final Object older;

        Waiter(Runnable callback, Object older) {
            this.callback = callback;
            this.older = older;
        }
    }

    public Promise() {
    }

    /** A promise already failed with {@code failure}. */
    static <T> Promise<T> failedWith(Throwable failure) {
        Promise<T> p = new Promise<>();
        p.fail(failure);
        return p;
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
        return isDone() && failure instanceof CancelledException;
    }

    @Override
    public boolean isDone() {
        return STATE.getAcquire(this) == DONE;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T result() {
        if (!isDone()) {
            throw new IllegalStateException("promise is not done yet");
        }
        Throwable f = failure;
        if (f != null) {
            throw Outcomes.asUnchecked(f);
        }
        return (T) value;
    }

    @Override
    public Throwable exception() {
        if (!isDone()) {
            throw new IllegalStateException("promise is not done yet");
        }
        return failure;
    }

    @Override
    public void whenDone(Runnable callback) {
        Object s = STATE.getAcquire(this);
        for (int spins = 0;; spins++) {
            if (s == DONE) {
                callback.run();
                return;
            }
            if (s == COMPLETING) {
                // the completer is writing the outcome, two stores away; let it run if it was descheduled there
                if (spins < 100) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
                s = STATE.getAcquire(this);
                continue;
            }
            Object added = s == null ? callback : new Waiter(callback, s);
            Object witness = STATE.compareAndExchange(this, s, added);
            if (witness == s) {
                return;
            }
            s = witness;
        }
    }

    /**
     * Schedules {@code callback} on the calling thread's event loop once this promise is done (asyncio's
     * add_done_callback): it never runs inline in {@code complete}, whatever thread completes the promise. It
     * runs in a copy of the context current now; completed on the loop's thread, the promise puts it in the
     * ready queue at once, as asyncio does.
     *
     * @throws IllegalStateException if no loop runs on this thread
     */
    public void addDoneCallback(java.util.function.Consumer<? super Promise<T>> callback) {
        whenDone(new DoneCallback<>(this, callback, EventLoop.current()));
    }

    /**
     * Unregisters {@code callback} (asyncio's {@code remove_done_callback}): drops every registration of it by
     * {@link #addDoneCallback} and returns how many there were; 0 once the promise is done (its callbacks are
     * then scheduled already). Compared with {@code equals}: pass the object you registered, since two
     * evaluations of a lambda or method reference are different objects. May be called from any thread; like
     * registering, it is lock-free: it rebuilds the chain of pending callbacks without them and swaps it in with
     * one compare-and-set, retried if the chain changed meanwhile.
     */
    public int removeDoneCallback(java.util.function.Consumer<? super Promise<T>> callback) {
        java.util.Objects.requireNonNull(callback, "callback");
        return removeCallbacks(r -> DoneCallback.registers(r, callback), Integer.MAX_VALUE);
    }

    @Override
    public boolean removeWhenDone(Runnable callback) {
        return removeCallbacks(r -> r == callback, 1) > 0;
    }

    /**
     * Drops up to {@code limit} pending callbacks that {@code matches}, oldest first; returns how many. Lock-free:
     * rebuilds the chain without them and swaps it in with one compare-and-set, retried if the chain changed.
     */
    private int removeCallbacks(java.util.function.Predicate<Runnable> matches, int limit) {
        Object s = STATE.getAcquire(this);
        for (;;) {
            if (s == null || s == DONE || s == COMPLETING) {
                return 0;
            }
            java.util.ArrayList<Runnable> oldestFirst = new java.util.ArrayList<>();
            Object c = s;
            while (c instanceof Waiter) {
                oldestFirst.add(((Waiter) c).callback);
                c = ((Waiter) c).older;
            }
            oldestFirst.add((Runnable) c);
            java.util.Collections.reverse(oldestFirst);
            Object rebuilt = null;
            int removed = 0;
            for (Runnable r : oldestFirst) {
                if (removed < limit && matches.test(r)) {
                    removed++;
                } else {
                    rebuilt = rebuilt == null ? r : new Waiter(r, rebuilt);
                }
            }
            if (removed == 0) {
                return 0;
            }
            Object witness = STATE.compareAndExchange(this, s, rebuilt);
            if (witness == s) {
                return removed;
            }
            s = witness;
        }
    }

    private boolean settle(Object v, Throwable f) {
        Object s = STATE.getAcquire(this);
        for (;;) {
            if (s == DONE || s == COMPLETING) {
                return false;
            }
            Object witness = STATE.compareAndExchange(this, s, COMPLETING);
            if (witness == s) {
                break;
            }
            s = witness;
        }
        value = v;
        failure = f;
        STATE.setRelease(this, DONE);
        runAll(s);
        return true;
    }

    /**
     * Runs the callbacks taken from a pending state, oldest first, each isolated: one that throws is reported (to
     * the loop running on this thread, else logged) and the others still run; the completer never sees it.
     */
    private static void runAll(Object callbacks) {
        if (callbacks == null) {
            return;
        }
        if (callbacks instanceof Runnable) {
            CallbackSlot.runIsolated((Runnable) callbacks);
            return;
        }
        java.util.ArrayList<Runnable> newestFirst = new java.util.ArrayList<>();
        Object c = callbacks;
        while (c instanceof Waiter) {
            Waiter w = (Waiter) c;
            newestFirst.add(w.callback);
            c = w.older;
        }
        CallbackSlot.runIsolated((Runnable) c);
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            CallbackSlot.runIsolated(newestFirst.get(i));
        }
    }

    @Override
    public String toString() {
        if (!isDone()) {
            return "Promise[pending]";
        }
        return failure == null ? "Promise[value=" + value + "]" : "Promise[failed: " + failure + "]";
    }
}
