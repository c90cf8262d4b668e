package dev.weft;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Which thread owns an {@link EventLoop}, and where the loop is in its life cycle.
 *
 * <p>Invariants:
 * <ul>
 *   <li>at most one thread owns the loop at a time: the one inside a {@code run*} method, or the one closing it;
 *       ownership is taken by compare-and-set, so two threads can never run the loop, or run and close it, at
 *       once; a thread runs at most one loop at a time ({@link #RUNNING});</li>
 *   <li>the life cycle goes open, closing, closed, and never back; a closed loop cannot be owned again.</li>
 * </ul>
 */
final class LoopOwnership {
    /** The loop running on each thread. */
    static final ThreadLocal<EventLoop> RUNNING = new ThreadLocal<>();
    private static final VarHandle THREAD;
    private static final int OPEN = 0;
    private static final int CLOSING = 1;
    private static final int CLOSED = 2;

    static {
        try {
            THREAD = MethodHandles.lookup().findVarHandle(LoopOwnership.class, "thread", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The owning thread, or null. */
    volatile Thread thread;
    private volatile int lifecycle = OPEN;

    boolean isClosed() {
        return lifecycle == CLOSED;
    }

    /** The calling thread takes the loop to run it. */
    void enter(EventLoop loop) {
        if (RUNNING.get() != null) {
            throw new IllegalStateException("an event loop is already running on this thread;"
                    + " await the coroutine instead of running a nested loop");
        }
        if (!THREAD.compareAndSet(this, null, Thread.currentThread())) {
            throw new IllegalStateException("event loop is already running on thread " + thread);
        }
        if (lifecycle != OPEN) {
            thread = null;
            throw new LoopClosedException("event loop is closed");
        }
        RUNNING.set(loop);
    }

    /**
     * Runs {@code work} now if the calling thread owns the loop, or can take it for the moment ({@link #borrow});
     * false, running nothing, if another thread owns it.
     */
    boolean runHereIfFree(EventLoop loop, Runnable work) {
        if (Thread.currentThread() == thread) {
            work.run();
            return true;
        }
        if (!borrow(loop)) {
            return false;
        }
        try {
            work.run();
        } finally {
            exit();
        }
        return true;
    }

    /**
     * The calling thread takes an idle loop for a moment (to act on it at once from outside: cancel a task of a loop
     * nobody runs); false if another thread owns it, this thread runs another loop, or the loop is closed.
     */
    private boolean borrow(EventLoop loop) {
        if (RUNNING.get() != null || lifecycle != OPEN || !THREAD.compareAndSet(this, null, Thread.currentThread())) {
            return false;
        }
        if (lifecycle != OPEN) {
            thread = null;
            return false;
        }
        RUNNING.set(loop);
        return true;
    }

    /** Whether the loop is closing or closed. */
    boolean isClosing() {
        return lifecycle != OPEN;
    }

    /** The running thread gives the loop up. */
    void exit() {
        RUNNING.remove();
        thread = null;
    }

    /**
     * The calling thread takes the loop to close it: null if it is closed already, else whether this thread can
     * also run it (it runs no other loop); in both cases the loop is now closing and owned by this thread.
     *
     * @throws IllegalStateException if another thread (or this one, further up) runs the loop
     */
    Boolean beginClose(EventLoop loop) {
        if (lifecycle == CLOSED) {
            return null;
        }
        if (!THREAD.compareAndSet(this, null, Thread.currentThread())) {
            if (lifecycle == CLOSED) {
                return null;
            }
            throw new IllegalStateException("cannot close a running event loop (it runs on " + thread + ")");
        }
        if (lifecycle == CLOSED) {
            thread = null;
            return null;
        }
        lifecycle = CLOSING;
        boolean canRun = RUNNING.get() == null;
        if (canRun) {
            RUNNING.set(loop);
        }
        return canRun;
    }

    /** The closing thread has shut the loop down: it is closed for good and no longer owned. */
    void endClose(boolean ranIt) {
        lifecycle = CLOSED;
        if (ranIt) {
            RUNNING.remove();
        }
        thread = null;
    }
}
