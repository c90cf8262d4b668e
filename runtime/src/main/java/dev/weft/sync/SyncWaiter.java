package dev.weft.sync;

import dev.weft.Awaitable;
import dev.weft.CancelledException;
import dev.weft.Coroutine;
import dev.weft.Weft;
import dev.weft.internal.CallbackSlot;
import dev.weft.internal.Cancellable;
import dev.weft.internal.Intrinsics;
import dev.weft.internal.Outcomes;
import dev.weft.internal.WovenCoroutine;

/**
 * One waiting call of a synchronisation primitive or queue ({@code lock.acquire()}, {@code queue.get()}, ...):
 * the awaitable a task waits on, and the cancellation-safe hand-over of what it was granted.
 *
 * <p>The primitive {@link #grant grants} a waiter directly (a lock's ownership, a permit, an item, a reserved
 * queue slot): the thing leaves the primitive at that moment. The awaiting coroutine then either
 * <em>takes</em> it when it resumes ({@link #take}, which may finish the operation, as a put inserts its item)
 * or, when its task was cancelled in between, the waiter <em>gives it back</em> ({@link #giveBack}): the lock
 * passes on, the permit is released, the item returns to the front of the queue. A waiter still waiting when
 * cancelled leaves the wait queue ({@link #dequeue}), so no stale waiter is ever granted anything.
 *
 * <p>Life cycle: {@code NEW → (start) → WAITING → GRANTED → TAKEN | RETURNED}, or {@code → FAILED} (cancelled
 * while waiting, or failed by the primitive: queue shut down, barrier broken). {@code start} may also grant or
 * fail at once (the fast path). Invariants:
 * <ul>
 *   <li>a waiter is in its primitive's wait queue exactly while it is {@code WAITING};</li>
 *   <li>whatever was granted is either taken or given back, exactly once (never both, never neither, as long
 *       as the coroutine returned by {@link #coroutine} is driven by a task or closed);</li>
 *   <li>done-callbacks run inline, once, when the waiter leaves {@code NEW}/{@code WAITING}; Weft's callbacks
 *       only schedule the task's next step, so the primitive's state is always consistent before and after.</li>
 * </ul>
 *
 * <p>Single-threaded: used only on the event loop's thread, like asyncio's primitives.
 *
 * <p>Each waiting method returns {@link #coroutine}: a coroutine written by hand in the shape the weaver
 * produces (the runtime itself is not woven). Calling the method does nothing; the first
 * run starts the waiter, and the one suspension point is the waiter itself, so the task's cancellation reaches
 * it ({@link Cancellable#cancel}, then {@link Cancellable#abandoned}) and the coroutine withdraws it again on
 * any failure delivered at the resume (which also covers {@link Coroutine#close()}).
 *
 * @param <T> what is granted (Void for locks and events, the item for a get, the index for a barrier)
 */
abstract class SyncWaiter<T> implements Awaitable<T>, Cancellable {
    private static final byte NEW = 0;
    private static final byte WAITING = 1;
    private static final byte GRANTED = 2;
    private static final byte FAILED = 3;
    private static final byte TAKEN = 4;
    private static final byte RETURNED = 5;

    private byte state = NEW;
    private T value;
    private Throwable failure;
    private Object callbacks; // see CallbackSlot

    /**
     * The first run of the awaiting coroutine: settle at once ({@link #grant} or {@link #fail}), or join the
     * primitive's wait queue and call {@link #enqueued()}.
     */
    abstract void start();

    /** Called when this waiter is cancelled while waiting: leave the primitive's wait queue. */
    abstract void dequeue();

    /** What was granted will never be taken (the task was cancelled or the coroutine closed): give it back. */
    void giveBack(T granted) {
    }

    /** The awaiting coroutine resumes with the grant: finish the operation, return the coroutine's value. */
    T taken(T granted) {
        return granted;
    }

    /** Whether the waiter may still be granted; a waiter that is not is skipped (and failed) by {@link #grant}. */
    boolean live() {
        return true;
    }

    /**
     * Whether registering the same callback object twice keeps one registration. Only for a waiter its own
     * coroutine awaits again after a cancellation (Condition's re-acquire): the task re-registers its one
     * wake-up runnable each time, and must not pile them up.
     */
    boolean coalescesCallbacks() {
        return false;
    }

    /** The waiter joined its primitive's wait queue. */
    final void enqueued() {
        state = WAITING;
    }

    /** Whether the waiter is in its primitive's wait queue. */
    final boolean isWaiting() {
        return state == WAITING;
    }

    /**
     * Hands {@code granted} to this waiter. {@code false} (nothing handed over: the caller keeps it and tries the
     * next waiter) if it is not new or waiting, or no longer {@link #live}.
     */
    final boolean grant(T granted) {
        if (state != NEW && state != WAITING) {
            return false;
        }
        if (!live()) {
            settle(FAILED, null, new CancelledException("the waiting coroutine was closed"));
            return false;
        }
        settle(GRANTED, granted, null);
        return true;
    }

    /** Fails this waiter (queue shut down, barrier broken); {@code false} if it was not new or waiting. */
    final boolean fail(Throwable reason) {
        if (state != NEW && state != WAITING) {
            return false;
        }
        settle(FAILED, null, reason);
        return true;
    }

    /** Cancellable: leaves the wait queue if still waiting; {@code false} if already granted or settled. */
    @Override
    public boolean cancel(String message) {
        if (state != WAITING) {
            return false;
        }
        dequeue();
        settle(FAILED, null, new CancelledException(message));
        return true;
    }

    /** Cancellable: the awaiting task dropped the outcome; what was granted goes back. */
    @Override
    public void abandoned() {
        withdraw();
    }

    /** Undoes this waiter whatever its state: leaves the wait queue, or gives back a grant not yet taken. */
    final void withdraw() {
        if (state == WAITING) {
            dequeue();
            settle(FAILED, null, new CancelledException());
        } else if (state == GRANTED) {
            state = RETURNED;
            giveBack(value);
        }
    }

    /** The awaiting coroutine takes the grant (or gets the failure thrown). */
    final T take() {
        if (state == FAILED) {
            throw Outcomes.sneakyThrow(failure);
        }
        if (state != GRANTED) {
            throw new IllegalStateException("waiter taken in state " + state);
        }
        state = TAKEN;
        return taken(value);
    }

    private void settle(byte newState, T v, Throwable f) {
        state = newState;
        value = v;
        failure = f;
        Object toRun = callbacks;
        callbacks = null;
        CallbackSlot.runAll(toRun);
    }

    @Override
    public final boolean isDone() {
        return state >= GRANTED;
    }

    @Override
    public final T result() {
        if (!isDone()) {
            throw new IllegalStateException(this + " is not done");
        }
        if (failure != null) {
            throw Outcomes.asUnchecked(failure);
        }
        return value;
    }

    @Override
    public final Throwable exception() {
        if (!isDone()) {
            throw new IllegalStateException(this + " is not done");
        }
        return failure;
    }

    @Override
    public final void whenDone(Runnable callback) {
        if (isDone()) {
            callback.run();
            return;
        }
        if (coalescesCallbacks() && (callbacks == callback
                || callbacks instanceof java.util.List && ((java.util.List<?>) callbacks).contains(callback))) {
            return;
        }
        callbacks = CallbackSlot.add(callbacks, callback);
    }

    @Override
    public final boolean removeWhenDone(Runnable callback) {
        boolean had = CallbackSlot.contains(callbacks, callback);
        callbacks = CallbackSlot.remove(callbacks, callback);
        return had;
    }

    @Override
    public String toString() {
        String[] names = {"new", "waiting", "granted", "failed", "taken", "returned"};
        return getClass().getSimpleName() + "[" + names[state] + "]";
    }

    // ---------------------------------------------------------------- the coroutine around one waiter

    /**
     * A coroutine that starts {@code waiter} when first run and completes with what it takes. Frame slot
     * {@code a0}: the waiter, until it is taken. Labels: 0 start, 1 resumed after waiting.
     */
    static <T> Coroutine<T> coroutine(String name, SyncWaiter<T> waiter) {
        WovenCoroutine<T> f = WovenCoroutine.create(SyncWaiter::resume, name, 0, 1);
        f.a0 = waiter;
        return f;
    }

    private static Object resume(WovenCoroutine<?> f) {
        SyncWaiter<?> w = (SyncWaiter<?>) f.a0;
        switch (f.label) {
            case 0:
                w.start();
                if (w.isDone()) {
                    f.a0 = null;
                    return w.take();
                }
                f.label = 1;
                return Intrinsics.awaitStart(w, f); // not done: SUSPENDED
            case 1:
                f.a0 = null;
                try {
                    Intrinsics.awaitResume(f);
                } catch (Throwable cancelledOrFailed) {
                    w.withdraw(); // nothing left behind: a task cancellation already did it, a close() did not
                    throw cancelledOrFailed;
                }
                return w.take();
            default:
                throw Intrinsics.badLabel(f);
        }
    }
}
