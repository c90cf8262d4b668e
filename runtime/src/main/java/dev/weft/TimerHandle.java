package dev.weft;

/**
 * A callback scheduled on an {@link EventLoop} for a point in time ({@link EventLoop#callLater},
 * {@link EventLoop#callAt}). Cancelling it before it fires means it never runs, and it leaves the loop's timer
 * queue at once: a cancelled timer holds no memory until its deadline (asyncio keeps cancelled timers in its
 * heap until they are due or until most of the heap is cancelled).
 *
 * <p>Invariants: fires at most once, on the loop's thread, not before {@link #deadlineNanos()}; timers with the
 * same deadline fire in the order they were scheduled; {@code heapIndex} is its position in its loop's
 * {@link TimerQueue} while queued, and -1 once it fired, was cancelled, or its loop closed.
 */
public final class TimerHandle implements Comparable<TimerHandle> {
    private final TimerQueue queue;
    private final long deadlineNanos;
    private final long sequence;
    /** The callback until it runs; null once taken (fired) or dropped (cancelled, loop closed). Loop thread only. */
    private Runnable callback;
    /** Set by {@link #cancel()} from any thread; the loop never runs a cancelled timer's callback. */
    private volatile boolean cancelled;
    /** Position in the queue's heap, -1 when not queued. Loop thread only. */
    int heapIndex = -1;

    TimerHandle(TimerQueue queue, long deadlineNanos, long sequence, Runnable callback) {
        this.queue = queue;
        this.deadlineNanos = deadlineNanos;
        this.sequence = sequence;
        this.callback = callback;
    }

    /** The loop-clock time (nanoseconds) at which it fires. */
    public long deadlineNanos() {
        return deadlineNanos;
    }

    /**
     * Prevents the callback from running; does nothing once it ran. May be called from any thread: on the loop's
     * thread the timer leaves the queue at once, from another thread the loop removes it on its next pass.
     */
    public void cancel() {
        if (cancelled) {
            return;
        }
        cancelled = true;
        queue.cancelled(this);
    }

    /** Whether it was cancelled or already fired. */
    public boolean isCancelled() {
        return cancelled || heapIndex < 0;
    }

    /** Takes the callback for running: null if it was cancelled. Loop thread only. */
    Runnable take() {
        Runnable r = callback;
        callback = null;
        return cancelled ? null : r;
    }

    /** Forgets the callback without running it (the loop closed). Loop thread only. */
    void drop() {
        callback = null;
    }

    @Override
    public int compareTo(TimerHandle o) {
        int c = Long.compare(deadlineNanos - o.deadlineNanos, 0);
        return c != 0 ? c : Long.compare(sequence, o.sequence);
    }

    @Override
    public String toString() {
        return "TimerHandle[" + (cancelled ? "cancelled" : heapIndex < 0 ? "done" : "at " + deadlineNanos) + ", "
                + callback + "]";
    }
}
