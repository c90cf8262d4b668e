package dev.weft.sync;

import dev.weft.CancelledException;
import dev.weft.Coroutine;

import java.util.ArrayDeque;

/**
 * A counter of permits for coroutines: asyncio's {@code Semaphore}. {@link #acquire()} takes a permit, waiting
 * while there is none; {@link #release()} gives one back.
 *
 * <p>Invariants:
 * <ul>
 *   <li>{@code value() >= 0}, and the wait queue is empty whenever {@code value() > 0}: a newcomer takes a
 *       permit at once only if nobody waits, so it never overtakes a waiter;</li>
 *   <li>fair: waiters get permits in the order they started waiting (FIFO); a permit released while somebody
 *       waits goes straight to the first waiter (the value does not rise);</li>
 *   <li>permits are conserved under cancellation: a waiter cancelled before it got a permit leaves the queue;
 *       one cancelled after it was handed a permit but before its task resumed releases it again (to the next
 *       waiter, or back to the value), and its task gets the {@link CancelledException};</li>
 *   <li>{@code value()} + permits held or handed out = initial value + releases - acquisitions; nothing else
 *       changes it.</li>
 * </ul>
 *
 * <p>Single-threaded, like asyncio: use it only on the event loop's thread.
 *
 * <p>Differences from asyncio: {@code acquire()} completes with no value instead of {@code True}; the current
 * value is public ({@link #value()}); a negative initial value is an {@link IllegalArgumentException} (asyncio:
 * {@code ValueError}). No {@code async with}: acquire, then release in a finally block.
 */
public class Semaphore {
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private int value;

    /** A semaphore with one permit. */
    public Semaphore() {
        this(1);
    }

    /**
     * A semaphore with {@code value} permits.
     *
     * @throws IllegalArgumentException if {@code value} is negative
     */
    public Semaphore(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("Semaphore initial value must be >= 0, not " + value);
        }
        this.value = value;
    }

    /** Takes a permit: at once (without suspending) if one is free and nobody waits, else in FIFO order. Lazy. */
    public Coroutine<Void> acquire() {
        return SyncWaiter.coroutine(getClass().getSimpleName() + ".acquire", new Waiter());
    }

    /** Gives a permit back: to the first waiter, or to the value if nobody waits. */
    public void release() {
        releasePermit();
    }

    /** Whether {@link #acquire()} would have to wait. */
    public boolean locked() {
        return value == 0;
    }

    /** The number of free permits. */
    public int value() {
        return value;
    }

    /** The release itself, also used to give back a permit a cancelled waiter did not take. */
    final void releasePermit() {
        value++;
        Waiter w;
        while (value > 0 && (w = waiters.poll()) != null) {
            value--;
            if (!w.grant(null)) {
                value++;
            }
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + (locked() ? "locked" : "unlocked") + ", value:" + value
                + ", waiters:" + waiters.size() + "]";
    }

    private final class Waiter extends SyncWaiter<Void> {
        @Override
        void start() {
            if (value > 0) { // then nobody waits (invariant)
                value--;
                grant(null);
            } else {
                waiters.add(this);
                enqueued();
            }
        }

        @Override
        void dequeue() {
            waiters.remove(this);
        }

        @Override
        void giveBack(Void granted) {
            releasePermit();
        }
    }
}
