package dev.weft.sync;

import dev.weft.CancelledException;
import dev.weft.Coroutine;

import java.util.ArrayDeque;

/**
 * A meeting point for a fixed number of coroutines: asyncio's {@code Barrier}. Each party calls
 * {@link #arrive()} and waits; when the last of {@code parties} arrives, all of them go on together, each with a
 * different arrival index, and the barrier is ready for the next round (it is cyclic).
 * <pre>{@code
 * int index = await(barrier.arrive());
 * if (index == 0) { ... }      // exactly one party of each round sees 0
 * }</pre>
 *
 * <p>Invariants:
 * <ul>
 *   <li>fewer than {@code parties} coroutines wait at any time; the one that makes {@code parties} releases them
 *       all at once (it never waits) and the barrier starts its next round empty;</li>
 *   <li>the indices of one round are exactly {@code 0 .. parties-1}, in arrival order among the parties that
 *       are still waiting when the round completes (the releasing party gets {@code parties-1});</li>
 *   <li>cancellation-safe: a party cancelled while waiting leaves the round (the barrier then needs one more
 *       arrival, as in asyncio, and is not broken); one cancelled after its round completed but before its task
 *       resumed gets the {@link CancelledException}, and the round still counts for the others;</li>
 *   <li>{@link #abort()} breaks the barrier: waiting parties and every later arrival fail with
 *       {@link BrokenBarrierException} until {@link #reset()}; {@link #reset()} fails the waiting parties the same
 *       way and leaves the barrier empty and usable.</li>
 * </ul>
 *
 * <p>Single-threaded, like asyncio: use it only on the event loop's thread.
 *
 * <p>Differences from asyncio: {@code wait()} is {@link #arrive()} (Object.wait() is final, and "arrive" says
 * what the party does); {@code reset()} and {@code abort()} are plain methods, not coroutines (asyncio awaits
 * its internal condition's lock there; this barrier needs no lock); the "draining" phase is instant, so a party
 * of the next round never waits for the previous round's parties to resume; indices are assigned when the round
 * completes, so a cancelled party leaves no duplicate or gap (asyncio assigns them on arrival and can repeat one
 * after a cancellation); {@code n_waiting} and {@code broken} are {@link #waiting()} and {@link #isBroken()}.
 */
public final class Barrier {
    private final int parties;
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private boolean broken;

    /**
     * A barrier for {@code parties} coroutines.
     *
     * @throws IllegalArgumentException if {@code parties < 1}
     */
    public Barrier(int parties) {
        if (parties < 1) {
            throw new IllegalArgumentException("Barrier parties must be >= 1, not " + parties);
        }
        this.parties = parties;
    }

    /**
     * Arrives and waits for the rest of the round; completes with this party's index. Completes at once for the
     * party that completes the round. Lazy: nothing happens until the coroutine is awaited.
     *
     * @throws BrokenBarrierException (when awaited) if the barrier is or becomes broken, or is reset meanwhile
     */
    public Coroutine<Integer> arrive() {
        return SyncWaiter.coroutine("Barrier.arrive", new Waiter());
    }

    /** Fails the waiting parties with {@link BrokenBarrierException} and makes the barrier empty and unbroken. */
    public void reset() {
        broken = false;
        failAll("the barrier was reset");
    }

    /** Breaks the barrier: waiting parties and later arrivals fail with {@link BrokenBarrierException}. */
    public void abort() {
        broken = true;
        failAll("the barrier was aborted");
    }

    /** The number of parties a round needs. */
    public int parties() {
        return parties;
    }

    /** The number of parties waiting in the current round. */
    public int waiting() {
        return waiters.size();
    }

    /** Whether the barrier is broken (aborted and not reset). */
    public boolean isBroken() {
        return broken;
    }

    private void failAll(String why) {
        Waiter w;
        while ((w = waiters.poll()) != null) {
            w.fail(new BrokenBarrierException(why));
        }
    }

    @Override
    public String toString() {
        return "Barrier[" + (broken ? "broken" : "filling") + ", waiters:" + waiters.size() + "/" + parties + "]";
    }

    private final class Waiter extends SyncWaiter<Integer> {
        @Override
        void start() {
            if (broken) {
                fail(new BrokenBarrierException("the barrier is broken"));
            } else if (waiters.size() + 1 < parties) {
                waiters.add(this);
                enqueued();
            } else {
                int index = 0;
                Waiter w;
                while ((w = waiters.poll()) != null) {
                    if (w.grant(index)) {
                        index++;
                    }
                }
                grant(index);
            }
        }

        @Override
        void dequeue() {
            waiters.remove(this);
        }
    }
}
