package dev.weft;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Which thread owns an {@link EventLoop}, and where the loop is in its life cycle.
 *
 * <p>Invariants:
 * <ul>
 *   <li>at most one thread owns the loop at a time: the one inside a {@code run*} method, the one closing it, or
 *       one that borrowed the idle loop for a moment to act on it from outside ({@link #runHereIfFree});
 *       ownership is taken by compare-and-set of {@code thread}, so two threads can never run the loop, or run and
 *       close it, at once; a thread runs at most one loop at a time ({@link #RUNNING});</li>
 *   <li>{@code kind} says what the owner does: {@code RUNS} (running or closing it) or {@code BORROWS}; it is
 *       written right after the compare-and-set that took {@code thread} and cleared before {@code thread} is
 *       released, so it is {@code NONE} while an owner is taking or giving the loop up;</li>
 *   <li>a borrow is invisible to the other callers: a thread that wants to run, close or borrow the loop while it
 *       is borrowed (or changing hands) waits for the moment it takes, and is refused only by an owner that
 *       {@code RUNS} it;</li>
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
    /** {@code kind} while nobody owns the loop, or while an owner is taking or releasing it. */
    private static final int NONE = 0;
    /** {@code kind} of an owner that runs or closes the loop. */
    private static final int RUNS = 1;
    /** {@code kind} of an owner that borrowed the idle loop for a moment. */
    private static final int BORROWS = 2;

    static {
        try {
            THREAD = MethodHandles.lookup().findVarHandle(LoopOwnership.class, "thread", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The owning thread, or null. */
    volatile Thread thread;
    /** What the owner does with the loop: NONE, RUNS or BORROWS (see the class invariants). */
    private volatile int kind = NONE;
    private volatile int lifecycle = OPEN;

    boolean isClosed() {
        return lifecycle == CLOSED;
    }

    /** Whether a thread runs or closes the loop (a borrow for a moment does not count). */
    boolean isRun() {
        return thread != null && kind != BORROWS;
    }

    /**
     * Takes {@code thread} for the calling thread with {@code as} as its kind, waiting out a borrow; returns the
     * thread that runs the loop instead (the loop is then not taken), or null once taken.
     */
    private Thread take(int as) {
        Thread me = Thread.currentThread();
        for (int spins = 0;; spins++) {
            if (THREAD.compareAndSet(this, null, me)) {
                kind = as;
                return null;
            }
            Thread t = thread;
            if (t != null && kind == RUNS && thread == t) {
                return t;
            }
            if (spins < 100) {
                Thread.onSpinWait();
            } else {
                Thread.yield(); // a borrower acts for a moment; let it finish if it was descheduled
            }
        }
    }

    private void release() {
        kind = NONE;
        thread = null;
    }

    /** The calling thread takes the loop to run it. */
    void enter(EventLoop loop) {
        if (RUNNING.get() != null) {
            throw new IllegalStateException("an event loop is already running on this thread;"
                    + " await the coroutine instead of running a nested loop");
        }
        Thread runner = take(RUNS);
        if (runner != null) {
            throw new IllegalStateException("event loop is already running on thread " + runner);
        }
        if (lifecycle != OPEN) {
            release();
            throw new LoopClosedException("event loop is closed");
        }
        RUNNING.set(loop);
    }

    /**
     * Runs {@code work} now if the calling thread owns the loop, or can take it for the moment ({@link #borrow});
     * false, running nothing, if another thread runs it.
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
     * nobody runs), waiting out another borrow; false if another thread runs or closes it, this thread runs another
     * loop, or the loop is closed.
     */
    private boolean borrow(EventLoop loop) {
        if (RUNNING.get() != null || lifecycle != OPEN || take(BORROWS) != null) {
            return false;
        }
        if (lifecycle != OPEN) {
            release();
            return false;
        }
        RUNNING.set(loop);
        return true;
    }

    /** Whether the loop is closing or closed. */
    boolean isClosing() {
        return lifecycle != OPEN;
    }

    /** The running (or borrowing) thread gives the loop up. */
    void exit() {
        RUNNING.remove();
        release();
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
        Thread runner = Thread.currentThread() == thread ? thread : take(RUNS);
        if (runner != null) {
            if (lifecycle == CLOSED) {
                return null;
            }
            throw new IllegalStateException("cannot close a running event loop (it runs on " + runner + ")");
        }
        if (lifecycle == CLOSED) {
            release();
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
        release();
    }
}
