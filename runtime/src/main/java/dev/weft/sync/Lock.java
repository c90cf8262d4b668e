package dev.weft.sync;

import dev.weft.CancelledException;
import dev.weft.Coroutine;
import dev.weft.internal.WovenCoroutine;

import java.util.ArrayDeque;

/**
 * A mutual-exclusion lock for coroutines: asyncio's {@code Lock}. Not reentrant, and (as in asyncio) not
 * owned by a task: any coroutine may release it.
 * <pre>{@code
 * await(lock.acquire());
 * try {
 *     ...                      // may await: other tasks run, but none gets the lock
 * } finally {
 *     lock.release();
 * }
 * }</pre>
 *
 * <p>Invariants:
 * <ul>
 *   <li>the wait queue is empty whenever the lock is unlocked: {@link #acquire()} takes a free lock at once
 *       only if nobody waits, so a newcomer never overtakes a waiter;</li>
 *   <li>fair: waiters get the lock in the order they started waiting (FIFO);</li>
 *   <li>{@link #release()} with waiters hands ownership straight to the first live waiter ({@code handedTo}
 *       until its task resumes), and the lock stays locked; nobody can take it in between, and releasing it
 *       again before that waiter resumed is refused like releasing an unlocked lock;</li>
 *   <li>cancellation-safe: a waiter cancelled before it got the lock leaves the queue; one cancelled after it
 *       was handed the lock but before its task resumed releases it again (to the next waiter, or unlocked),
 *       and its task gets the {@link CancelledException}. No stale waiter, no lost ownership.</li>
 * </ul>
 *
 * <p>Single-threaded, like asyncio: use it only from coroutines and callbacks on the event loop's thread.
 *
 * <p>Differences from asyncio: {@code acquire()} completes with no value instead of {@code True}; there is no
 * {@code async with lock:} (Java's try-with-resources cannot await), write the try/finally above. A lock released
 * to a waiter whose task has not resumed yet is already that waiter's: {@link #locked()} stays true (asyncio's
 * reports False in that instant); in both, a second {@code release()} then fails and a newcomer waits behind
 * the waiter, so the order in which tasks get the lock is the same.
 */
public final class Lock {
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private boolean locked;
    /** The waiter a release handed the lock to, until its task resumes and takes it (or gives it back). */
    private Waiter handedTo;

    public Lock() {
    }

    /**
     * Acquires the lock: at once (without suspending) if it is free and nobody waits, else after the waiters
     * ahead. Nothing happens until the returned coroutine is awaited.
     */
    public Coroutine<Void> acquire() {
        return SyncWaiter.coroutine("Lock.acquire", new Waiter(null));
    }

    /**
     * Releases the lock: hands it to the first waiter, or unlocks it if nobody waits.
     *
     * @throws IllegalStateException if the lock is not locked, or was just released to a waiter whose task has
     *                               not resumed yet (asyncio's lock is not locked in that instant either)
     */
    public void release() {
        if (!locked || handedTo != null) {
            throw new IllegalStateException("Lock.release() called on a lock that is not locked"
                    + (locked ? " (it was released to a waiter that has not resumed yet)" : ""));
        }
        passOn();
    }

    /** Hands the lock to the first live waiter, or unlocks it. */
    private void passOn() {
        Waiter next;
        while ((next = waiters.poll()) != null) {
            if (next.grant(null)) {
                handedTo = next; // ownership passes on: stays locked
                return;
            }
        }
        locked = false;
    }

    /** Whether the lock is held (or handed to a waiter that has not resumed yet). */
    public boolean locked() {
        return locked;
    }

    /**
     * For {@link Condition}: a waiter that the task's cancellation cannot withdraw. The condition's coroutine
     * keeps awaiting it (in its place in the queue) until it holds the lock, and it is skipped if that
     * coroutine is closed first.
     */
    Waiter pinnedWaiter(WovenCoroutine<?> frame) {
        return new Waiter(frame);
    }

    @Override
    public String toString() {
        return "Lock[" + (locked ? "locked" : "unlocked") + ", waiters:" + waiters.size() + "]";
    }

    final class Waiter extends SyncWaiter<Void> {
        private final WovenCoroutine<?> pinnedTo;

        Waiter(WovenCoroutine<?> pinnedTo) {
            this.pinnedTo = pinnedTo;
        }

        @Override
        void start() {
            if (!locked) { // then nobody waits (invariant)
                locked = true;
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
            if (handedTo == this) {
                handedTo = null;
            }
            return null;
        }

        @Override
        void giveBack(Void granted) {
            if (handedTo == this) {
                handedTo = null;
            }
            passOn();
        }

        @Override
        boolean live() {
            return pinnedTo == null || !pinnedTo.isDone();
        }

        @Override
        boolean coalescesCallbacks() {
            return pinnedTo != null;
        }

        @Override
        public boolean cancel(String message) {
            return pinnedTo == null && super.cancel(message);
        }

        @Override
        public void abandoned() {
            if (pinnedTo == null) {
                super.abandoned();
            }
        }
    }
}
