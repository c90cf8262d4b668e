package dev.weft;

import dev.weft.internal.CallbackSlot;
import dev.weft.internal.Cancellable;

import java.util.List;

/**
 * What {@code Weft.sleep(Duration.ZERO)} returns: done once the loop has run the callbacks that were ready
 * when it was first awaited, so the awaiting task goes to the back of the ready queue (a yield).
 *
 * <p>It is its own ready-queue entry: the first {@link #whenDone} puts it on the loop ({@link #run()} runs
 * there and completes it). A task waiting on it registers itself as the callback ({@link Task#run()}), and
 * {@link #run()} steps such a task directly instead of scheduling the step for another pass: the task has
 * already been to the back of the queue once. So a yield costs one small object and one ready-queue entry.
 * Any other callback runs as it would for any awaitable. Cancelling it completes it at once with a
 * {@link CancelledException}; its callbacks then run the ordinary way (a task's wake-up is scheduled).
 *
 * <p>Invariants: used on its loop's thread only; {@code state} is null (not awaited yet), the callbacks (a
 * {@link CallbackSlot}, or {@code NOBODY} once all were removed: pending and queued), {@link #DONE}, or the
 * {@link CancelledException} it was cancelled with, and never leaves the last two.
 */
final class Yield implements Awaitable<Void>, Cancellable, Runnable {
    private static final Object DONE = new Object();
    /** The pending state once every callback was removed: still queued on the loop, so never null again. */
    private static final Runnable NOBODY = () -> { };

    private Object state;

    @Override
    public boolean isDone() {
        return finished(state);
    }

    @Override
    public Void result() {
        Throwable f = exception();
        if (f != null) {
            throw (CancelledException) f;
        }
        return null;
    }

    @Override
    public Throwable exception() {
        Object s = state;
        if (s == DONE) {
            return null;
        }
        if (s instanceof CancelledException) {
            return (CancelledException) s;
        }
        throw new IllegalStateException("yield is not done yet");
    }

    @Override
    public void whenDone(Runnable callback) {
        Object s = state;
        if (finished(s)) {
            callback.run();
            return;
        }
        if (s == null) {
            EventLoop loop = callback instanceof Task ? ((Task<?>) callback).loop() : EventLoop.current();
            loop.callSoon(this);
        }
        state = CallbackSlot.add(s, callback);
    }

    @Override
    public boolean removeWhenDone(Runnable callback) {
        Object s = state;
        if (finished(s) || !CallbackSlot.contains(s, callback)) {
            return false;
        }
        Object left = CallbackSlot.remove(s, callback);
        state = left != null ? left : NOBODY;
        return true;
    }

    /** On the loop: completes the yield, stepping waiting tasks at once and running other callbacks. */
    @Override
    @SuppressWarnings("unchecked")
    public void run() {
        Object s = state;
        if (s == null || finished(s)) {
            return;
        }
        state = DONE;
        if (s instanceof Runnable) {
            runIsolated((Runnable) s);
        } else {
            for (Runnable r : (List<Runnable>) s) {
                runIsolated(r);
            }
        }
    }

    /** Steps a waiting task, or runs another callback; one that throws is reported and the others still run. */
    private static void runIsolated(Runnable callback) {
        if (callback instanceof Task) {
            ReadyQueue.runEntry(callback);
        } else {
            CallbackSlot.runIsolated(callback);
        }
    }

    /** Whether {@code state} is final: done, or cancelled. */
    private static boolean finished(Object state) {
        return state == DONE || state instanceof CancelledException;
    }

    @Override
    public boolean cancel(String message) {
        Object s = state;
        if (finished(s)) {
            return false;
        }
        state = new CancelledException(message);
        CallbackSlot.runAll(s);
        return true;
    }

    @Override
    public String toString() {
        return "Yield[" + (state == DONE ? "done" : state instanceof CancelledException ? "cancelled" : "pending") + "]";
    }
}
