package dev.weft;

/**
 * A callback scheduled on an {@link EventLoop} for a point in time. Cancelling it before it fires
 * means it never runs.
 *
 * <p>Invariants: fires at most once, on the loop's thread, not before {@link #deadlineNanos()};
 * timers with the same deadline fire in the order they were scheduled.
 */
public final class TimerHandle implements Comparable<TimerHandle> {
    private final long deadlineNanos;
    private final long sequence;
    private Runnable callback;

    TimerHandle(long deadlineNanos, long sequence, Runnable callback) {
        this.deadlineNanos = deadlineNanos;
        this.sequence = sequence;
        this.callback = callback;
    }

    /** The loop-clock time (nanoseconds) at which it fires. */
    public long deadlineNanos() {
        return deadlineNanos;
    }

    /** Prevents the callback from running; does nothing once it ran. */
    public void cancel() {
        callback = null;
    }

    /** Whether it was cancelled or already fired. */
    public boolean isCancelled() {
        return callback == null;
    }

    /** Takes the callback for running: null if cancelled. */
    Runnable take() {
        Runnable r = callback;
        callback = null;
        return r;
    }

    @Override
    public int compareTo(TimerHandle o) {
        int c = Long.compare(deadlineNanos - o.deadlineNanos, 0);
        return c != 0 ? c : Long.compare(sequence, o.sequence);
    }
}
