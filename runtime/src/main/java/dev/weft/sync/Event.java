package dev.weft.sync;

import dev.weft.CancelledException;
import dev.weft.Coroutine;

import java.util.ArrayDeque;

/**
 * A flag coroutines can wait for: asyncio's {@code Event}. {@link #set()} wakes every waiter, and later
 * {@link #waitFor()} calls complete at once until {@link #clear()}.
 *
 * <p>Invariants:
 * <ul>
 *   <li>the wait queue is empty whenever the flag is set;</li>
 *   <li>{@link #set()} wakes all waiters, in the order they started waiting; they are woken even if the flag is
 *       cleared again before they resume (as in asyncio);</li>
 *   <li>cancellation-safe: a waiter cancelled before the event was set leaves the queue; one cancelled after it
 *       was woken gets the {@link CancelledException} and nothing else changes (an event has nothing to give
 *       back).</li>
 * </ul>
 *
 * <p>Single-threaded, like asyncio: use it only on the event loop's thread. (To set it from another thread, go
 * through {@code loop.callSoonThreadsafe(event::set)}.)
 *
 * <p>Differences from asyncio: {@code wait()} is {@link #waitFor()} because {@code Object.wait()} is final,
 * and it completes with no value instead of {@code True}; {@code is_set()} is {@link #isSet()}.
 */
public final class Event {
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private boolean set;

    public Event() {
    }

    /** Waits until the flag is set; completes at once (without suspending) if it already is. Lazy. */
    public Coroutine<Void> waitFor() {
        return SyncWaiter.coroutine("Event.waitFor", new Waiter());
    }

    /** Sets the flag and wakes every waiter (FIFO). Does nothing if it is already set. */
    public void set() {
        if (set) {
            return;
        }
        set = true;
        Waiter w;
        while ((w = waiters.poll()) != null) {
            w.grant(null);
        }
    }

    /** Clears the flag: later {@link #waitFor()} calls wait for the next {@link #set()}. */
    public void clear() {
        set = false;
    }

    /** Whether the flag is set. */
    public boolean isSet() {
        return set;
    }

    @Override
    public String toString() {
        return "Event[" + (set ? "set" : "unset") + ", waiters:" + waiters.size() + "]";
    }

    private final class Waiter extends SyncWaiter<Void> {
        @Override
        void start() {
            if (set) {
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
    }
}
