package dev.weft.sync;

import dev.weft.CancelledException;
import dev.weft.Coroutine;
import dev.weft.Timeout;
import dev.weft.TaskGroup;
import dev.weft.internal.Intrinsics;
import dev.weft.internal.Outcomes;
import dev.weft.internal.WovenCoroutine;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * A condition variable for coroutines: asyncio's {@code Condition}. A coroutine holding the lock waits with
 * {@link #waitFor()}, which releases the lock, waits to be notified, and takes the lock again before it returns;
 * another coroutine holding the lock wakes waiters with {@link #notify(int)} / {@link #notifyAllWaiters()}.
 * <pre>{@code
 * await(cond.acquire());
 * try {
 *     await(cond.waitFor(() -> !items.isEmpty()));
 *     use(items.remove(0));
 * } finally {
 *     cond.release();
 * }
 * }</pre>
 *
 * <p>Invariants:
 * <ul>
 *   <li>{@link #waitFor()} returns, or throws, only with the lock held again, cancellation included: a task
 *       cancelled while waiting (for the notification or for the lock) first re-acquires the lock in its turn,
 *       then gets the {@link CancelledException} (the most recent one if it was cancelled several times), exactly
 *       as asyncio's {@code wait()}; its {@code finally} can release it as usual;</li>
 *   <li>fair: notifications wake waiters in the order they started waiting, and re-acquiring the lock queues
 *       behind the lock's other waiters (FIFO);</li>
 *   <li>cancellation-safe: a waiter cancelled before it was notified leaves the queue and uses up no
 *       notification; one cancelled after it was notified (before its task resumed, or while it re-acquires the
 *       lock) passes the notification on to the next waiter (asyncio 3.13's behaviour), so {@code notify(n)}
 *       still wakes {@code n} live waiters;</li>
 *   <li>{@link #notify(int)} and {@link #waitFor()} require the lock to be held.</li>
 * </ul>
 *
 * <p>Single-threaded, like asyncio: use it only on the event loop's thread.
 *
 * <p>Differences from asyncio: {@code wait()} is {@link #waitFor()} and {@code wait_for(predicate)} is
 * {@link #waitFor(BooleanSupplier)}, because {@code Object.wait()} is final; {@code notify()} (n = 1) is
 * {@link #notifyOne()} and {@code notify_all()} is {@link #notifyAllWaiters()}, because {@code Object.notify()}
 * and {@code Object.notifyAll()} are final ({@link #notify(int)} keeps its name: it overloads them, and a
 * mistaken {@code cond.notify()} without argument would call {@code Object.notify()}). Both waits complete with
 * no value instead of {@code True} / the predicate's value. Misuse (waiting or notifying without the lock) is an
 * {@link IllegalStateException} (asyncio: {@code RuntimeError}).
 *
 * <p>Under a {@link Timeout} or {@link TaskGroup}, whose cancellation sticks: while the wait re-acquires the lock
 * its frame holds the delivered {@link CancelledException} (slot {@code a2}), so the scope sees the cancellation
 * on its way out and lets the re-acquire finish instead of cancelling it again; the timeout is thrown once the
 * lock is held. A cancellation delivered again anyway (a second {@code cancel()}) never costs the re-acquire its
 * place in the lock's queue: its lock waiter cannot be withdrawn by the task, only by the wait's own frame.
 */
public final class Condition {
    private final Lock lock;
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();

    /** A condition with a lock of its own. */
    public Condition() {
        this(new Lock());
    }

    /** A condition on {@code lock}, which other conditions and code may share. */
    public Condition(Lock lock) {
        this.lock = Objects.requireNonNull(lock, "lock");
    }

    /** The underlying lock. */
    public Lock lock() {
        return lock;
    }

    /** Acquires the underlying lock (see {@link Lock#acquire()}). */
    public Coroutine<Void> acquire() {
        return lock.acquire();
    }

    /** Releases the underlying lock (see {@link Lock#release()}). */
    public void release() {
        lock.release();
    }

    /** Whether the underlying lock is held. */
    public boolean locked() {
        return lock.locked();
    }

    /**
     * Releases the lock, waits until notified, re-acquires the lock, returns. Lazy: nothing happens until the
     * coroutine is awaited. See the class comment for cancellation.
     *
     * @throws IllegalStateException (when awaited) if the lock is not held
     */
    public Coroutine<Void> waitFor() {
        WovenCoroutine<Void> f = WovenCoroutine.create(Condition::resumeWait, "Condition.waitFor", 0, 3);
        f.a0 = this;
        return f;
    }

    /**
     * Waits until {@code predicate} is true: checks it (with the lock held), and {@link #waitFor()}s again while
     * it is false. Completes at once if it is already true.
     *
     * @throws IllegalStateException (when awaited) if the lock is not held and the predicate is false
     */
    public Coroutine<Void> waitFor(BooleanSupplier predicate) {
        Objects.requireNonNull(predicate, "predicate");
        WovenCoroutine<Void> f = WovenCoroutine.create(Condition::resumeWaitUntil, "Condition.waitFor", 0, 2);
        f.a0 = this;
        f.a1 = predicate;
        return f;
    }

    /**
     * Wakes up to {@code n} waiters, in FIFO order (fewer if fewer wait).
     *
     * @throws IllegalStateException if the lock is not held
     */
    public void notify(int n) {
        if (!lock.locked()) {
            throw new IllegalStateException("Condition.notify() without holding the lock");
        }
        wake(n);
    }

    /** Wakes one waiter: asyncio's {@code notify()}. */
    public void notifyOne() {
        notify(1);
    }

    /** Wakes every waiter: asyncio's {@code notify_all()}. */
    public void notifyAllWaiters() {
        notify(Integer.MAX_VALUE);
    }

    private void wake(int n) {
        int woken = 0;
        Waiter w;
        while (woken < n && (w = waiters.poll()) != null) {
            if (w.grant(null)) {
                woken++;
            }
        }
    }

    @Override
    public String toString() {
        return "Condition[" + (lock.locked() ? "locked" : "unlocked") + ", waiters:" + waiters.size() + "]";
    }

    /** One coroutine waiting to be notified. */
    private final class Waiter extends SyncWaiter<Void> {
        @Override
        void start() {
            waiters.add(this);
            enqueued();
        }

        @Override
        void dequeue() {
            waiters.remove(this);
        }

        @Override
        void giveBack(Void granted) {
            wake(1); // notified but cancelled before it could use it: the notification passes on
        }
    }

    // ---------------------------------------------------------------- waitFor(): a coroutine written by hand

    /*
     * Frame slots: a0 the condition; a1 the notification waiter (label 1), then the lock waiter (label 2);
     * a2 the failure to rethrow once the lock is held again. Labels: 0 start, 1 notified (or failed),
     * 2 resumed while re-acquiring.
     */
    private static Object resumeWait(WovenCoroutine<?> f) {
        Condition c = (Condition) f.a0;
        switch (f.label) {
            case 0: {
                if (!c.lock.locked()) {
                    throw new IllegalStateException("Condition.waitFor() without holding the lock");
                }
                Waiter w = c.new Waiter();
                w.start();
                c.lock.release();
                f.a1 = w;
                f.label = 1;
                return Intrinsics.awaitStart(w, f); // not done: SUSPENDED
            }
            case 1: {
                Waiter w = (Waiter) f.a1;
                f.a1 = null;
                try {
                    Intrinsics.awaitResume(f);
                    w.take();
                } catch (Throwable cancelled) {
                    w.withdraw(); // leaves the queue, or passes a notification on (no-op if the task did it)
                    ((WovenCoroutine.Wide<?>) f).a2 = cancelled;
                }
                Lock.Waiter relock = c.lock.pinnedWaiter(f);
                relock.start();
                return holdLock(f, relock);
            }
            case 2: {
                try {
                    Intrinsics.awaitResume(f);
                } catch (Throwable cancelled) {
                    if (((WovenCoroutine.Wide<?>) f).a2 == null) {
                        // it was notified, and now ends in failure without using it: another waiter gets the
                        // notification (asyncio 3.13 notifies one more on any failure out of wait())
                        c.wake(1);
                    }
                    ((WovenCoroutine.Wide<?>) f).a2 = cancelled; // keep re-acquiring; rethrow the most recent failure afterwards
                }
                return holdLock(f, (Lock.Waiter) f.a1);
            }
            default:
                throw Intrinsics.badLabel(f);
        }
    }

    /** Finishes the wait once the lock is held again, or suspends (label 2) until the lock is handed over. */
    private static Object holdLock(WovenCoroutine<?> f, Lock.Waiter relock) {
        if (!relock.isDone()) {
            f.a1 = relock;
            f.label = 2;
            return Intrinsics.awaitStart(relock, f); // SUSPENDED
        }
        relock.take();
        Throwable failure = (Throwable) ((WovenCoroutine.Wide<?>) f).a2;
        f.a0 = null;
        f.a1 = null;
        ((WovenCoroutine.Wide<?>) f).a2 = null;
        if (failure != null) {
            throw Outcomes.sneakyThrow(failure);
        }
        return null;
    }

    /* Frame slots: a0 the condition, a1 the predicate. Labels: 0 start, 1 a waitFor() returned (or threw). */
    private static Object resumeWaitUntil(WovenCoroutine<?> f) {
        Condition c = (Condition) f.a0;
        BooleanSupplier predicate = (BooleanSupplier) f.a1;
        switch (f.label) {
            case 0:
                break;
            case 1:
                Intrinsics.awaitResume(f); // rethrows the wait's failure, the lock held again
                break;
            default:
                throw Intrinsics.badLabel(f);
        }
        while (!predicate.getAsBoolean()) {
            Object r = Intrinsics.awaitStart(c.waitFor(), f);
            if (r == Intrinsics.SUSPENDED) {
                f.label = 1;
                return r;
            }
        }
        f.a0 = null;
        f.a1 = null;
        return null;
    }
}
