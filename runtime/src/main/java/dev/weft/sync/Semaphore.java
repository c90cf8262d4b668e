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
 *   <li>{@code value() >= 0}; a newcomer takes a permit at once only if one is free, nobody waits, and no
 *       permit is {@code handedOut} (given to a waiter whose task has not resumed yet), so it never overtakes a
 *       waiter, even one already served but not yet running: it waits behind them (asyncio's rule);</li>
 *   <li>fair: waiters get permits in the order they started waiting (FIFO); a permit released while somebody
 *       waits goes straight to the first waiter (the value does not rise); a served waiter, when its task
 *       resumes, passes the permits still free on to the waiters behind it, so the wait queue is empty whenever
 *       {@code value() > 0} and nothing is handed out;</li>
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
    /** Permits given to waiters whose tasks have not resumed yet (each is taken, or given back, later). */
    private int handedOut;

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

    /**
     * Takes a permit: at once (without suspending) if one is free and nobody waits, nor has been served without
     * having resumed yet; else in FIFO order. Lazy.
     */
    public Coroutine<Void> acquire() {
        return SyncWaiter.coroutine(getClass().getSimpleName() + ".acquire", new Waiter());
    }

    /** Gives a permit back: to the first waiter, or to the value if nobody waits. */
    public void release() {
        releasePermit();
    }

    /** Whether {@link #acquire()} would have to wait (asyncio's {@code locked()}). */
    public boolean locked() {
        return value == 0 || !waiters.isEmpty() || handedOut > 0;
    }

    /** The number of free permits. */
    public int value() {
        return value;
    }

    /** The release itself, also used to give back a permit a cancelled waiter did not take. */
    final void releasePermit() {
        value++;
        serveWaiters();
    }

    /** Hands the free permits to the first waiters. */
    private void serveWaiters() {
        Waiter w;
        while (value > 0 && (w = waiters.poll()) != null) {
            value--;
            if (w.grant(null)) {
                w.handedOver = true;
                handedOut++;
            } else {
                value++;
            }
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + (locked() ? "locked" : "unlocked") + ", value:" + value
                + ", waiters:" + waiters.size() + (handedOut > 0 ? ", served:" + handedOut : "") + "]";
    }

    private final class Waiter extends SyncWaiter<Void> {
        /** Served from the queue (counted in {@code handedOut} until taken or given back). */
        boolean handedOver;

        @Override
        void start() {
            if (!locked()) {
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
        Void taken(Void granted) {
            if (handedOver) {
                handedOut--;
                serveWaiters(); // newcomers that queued behind this one get the permits still free
            }
            return null;
        }

        @Override
        void giveBack(Void granted) {
            if (handedOver) {
                handedOut--;
            }
            releasePermit();
        }
    }
}
