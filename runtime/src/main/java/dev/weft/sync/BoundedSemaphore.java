package dev.weft.sync;

/**
 * A {@link Semaphore} that refuses to be released more often than it was acquired: asyncio's
 * {@code BoundedSemaphore}, which catches a release too many (usually a bug) instead of silently raising the
 * number of permits.
 *
 * <p>Invariants: those of {@link Semaphore}, and {@code value()} never exceeds the initial value. A permit that a
 * cancelled waiter gives back is not a release by the user and never trips the check.
 *
 * <p>Single-threaded, like asyncio: use it only on the event loop's thread.
 *
 * <p>Difference from asyncio: a release above the initial value throws {@link IllegalStateException} (asyncio:
 * {@code ValueError}), since it reports misuse of the object's state rather than a bad argument.
 */
public final class BoundedSemaphore extends Semaphore {
    private final int bound;

    /** A bounded semaphore with one permit. */
    public BoundedSemaphore() {
        this(1);
    }

    /**
     * A bounded semaphore with {@code value} permits, which is also the most it can ever hold.
     *
     * @throws IllegalArgumentException if {@code value} is negative
     */
    public BoundedSemaphore(int value) {
        super(value);
        this.bound = value;
    }

    /**
     * Gives a permit back.
     *
     * @throws IllegalStateException if that would raise the value above the initial value
     */
    @Override
    public void release() {
        if (value() >= bound) {
            throw new IllegalStateException("BoundedSemaphore released too many times (value " + value()
                    + ", initial value " + bound + ")");
        }
        releasePermit();
    }
}
