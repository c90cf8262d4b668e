package dev.weft.sync;

import dev.weft.CancelledException;
import dev.weft.Coroutine;
import dev.weft.internal.Intrinsics;
import dev.weft.internal.WovenCoroutine;

import java.util.ArrayDeque;

/**
 * A meeting point for a fixed number of coroutines: asyncio's {@code Barrier}. Each party calls
 * {@link #arrive()} and waits; when the last of {@code parties} arrives, all of them go on together, each with a
 * different arrival index, and once they have all left, the barrier takes the next round (it is cyclic).
 * <pre>{@code
 * int index = await(barrier.arrive());
 * if (index == 0) { ... }      // exactly one party of each round sees 0
 * }</pre>
 *
 * <p>States, as in asyncio:
 * <ul>
 *   <li><b>filling</b>: parties arrive and wait ({@link #waiting()} counts them); the one that makes
 *       {@code parties} releases the round and goes on at once;</li>
 *   <li><b>draining</b>: the released parties leave as their tasks resume; a party arriving meanwhile waits
 *       until the last of them has left, then enters the next round, so rounds never mix;</li>
 *   <li><b>resetting</b> ({@link #reset()} while parties are inside): the parties waiting, and the released ones
 *       that have not resumed yet, fail with {@link BrokenBarrierException} as they resume; arrivals wait until
 *       the last has left, then the barrier is filling again;</li>
 *   <li><b>broken</b> ({@link #abort()}): every party inside fails with {@link BrokenBarrierException} as it
 *       resumes, and so does every arrival, until {@link #reset()}.</li>
 * </ul>
 * A released party takes its index when its task resumes: a reset or abort in between makes it fail instead
 * (asyncio's behaviour, since its parties re-check the state when they wake up).
 *
 * <p>Invariants:
 * <ul>
 *   <li>{@code inside} counts the parties in the barrier: those waiting in the filling round plus those released
 *       (by the round, a reset or an abort) that have not resumed; while filling it equals the round's
 *       waiters, fewer than {@code parties};</li>
 *   <li>the state goes back to filling only when {@code inside} drops to 0 (from draining or resetting), or by a
 *       reset with nobody inside; the arrivals held back meanwhile are then woken, in arrival order, and
 *       arrive again;</li>
 *   <li>the indices of one round are exactly {@code 0 .. parties-1}, in arrival order among the parties still
 *       waiting when the round completes (the releasing party gets {@code parties-1});</li>
 *   <li>cancellation-safe: a party cancelled while waiting leaves the round (the barrier then needs one more
 *       arrival, as in asyncio, and is not broken); one cancelled after its release but before its task resumed
 *       gets the {@link CancelledException} and leaves, and the round still counts for the others.</li>
 * </ul>
 *
 * <p>Single-threaded, like asyncio: use it only on the event loop's thread.
 *
 * <p>Differences from asyncio: {@code wait()} is {@link #arrive()} (Object.wait() is final, and "arrive" says
 * what the party does); {@link #reset()} and {@link #abort()} are coroutines as in asyncio, but never suspend
 * (asyncio's take the barrier's internal lock, which a waking party holds for an instant; this barrier needs no
 * lock); indices are assigned when the round completes, so a cancelled party leaves no duplicate or gap (asyncio
 * assigns them on arrival and repeats one after a cancellation); {@code n_waiting} and {@code broken} are
 * {@link #waiting()} and {@link #isBroken()}.
 */
public final class Barrier {
    /** What a party held back by draining or resetting is woken with: arrive again. */
    private static final int ARRIVE_AGAIN = -1;

    private enum State { FILLING, DRAINING, RESETTING, BROKEN }

    private final int parties;
    /** The parties waiting for the round to fill, in arrival order. */
    private final ArrayDeque<Party> round = new ArrayDeque<>();
    /** The arrivals waiting for the draining or resetting to end, in arrival order. */
    private final ArrayDeque<Party> heldBack = new ArrayDeque<>();
    private State state = State.FILLING;
    private int inside;

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
     * party that completes the round. While the barrier drains or resets, waits first for that to end. Lazy:
     * nothing happens until the coroutine is awaited.
     *
     * @throws BrokenBarrierException (when awaited) if the barrier is or becomes broken, or is reset meanwhile
     */
    public Coroutine<Integer> arrive() {
        WovenCoroutine<Integer> f = WovenCoroutine.create(Barrier::resumeArrive, "Barrier.arrive", 0, 2);
        f.a0 = this;
        return f;
    }

    /**
     * Resets the barrier to filling and empty, when awaited: parties inside it (waiting, or released and not
     * resumed) fail with {@link BrokenBarrierException}; until they have all left it is resetting, and arrivals
     * wait. Also repairs a broken barrier. Completes without suspending.
     */
    public Coroutine<Void> reset() {
        return action("Barrier.reset", () -> {
            if (inside > 0) {
                state = State.RESETTING;
                wakeRound();
            } else {
                state = State.FILLING;
                wakeHeldBack();
            }
        });
    }

    /**
     * Breaks the barrier, when awaited: parties inside it, and every later arrival, fail with
     * {@link BrokenBarrierException} until {@link #reset()}. Completes without suspending.
     */
    public Coroutine<Void> abort() {
        return action("Barrier.abort", () -> {
            state = State.BROKEN;
            wakeRound();
            wakeHeldBack();
        });
    }

    /** The number of parties a round needs. */
    public int parties() {
        return parties;
    }

    /** The number of parties waiting in the filling round; 0 while draining, resetting or broken (asyncio's n_waiting). */
    public int waiting() {
        return state == State.FILLING ? inside : 0;
    }

    /** Whether the barrier is broken (aborted and not reset). */
    public boolean isBroken() {
        return state == State.BROKEN;
    }

    @Override
    public String toString() {
        String s = state.name().toLowerCase(java.util.Locale.ROOT);
        return "Barrier[" + s + (state == State.BROKEN ? "" : ", waiters:" + waiting() + "/" + parties) + "]";
    }

    /** The round's waiters are released: each fails or passes as it resumes, by the state then. */
    private void wakeRound() {
        Party p;
        while ((p = round.poll()) != null) {
            p.grant(ARRIVE_AGAIN); // the value is not used: the state decides
        }
    }

    private void wakeHeldBack() {
        Party p;
        while ((p = heldBack.poll()) != null) {
            p.grant(ARRIVE_AGAIN);
        }
    }

    /** A party inside the barrier has left it (resumed, or cancelled). */
    private void left() {
        inside--;
        if (inside == 0) {
            if (state == State.DRAINING || state == State.RESETTING) {
                state = State.FILLING;
            }
            if (state != State.DRAINING) {
                wakeHeldBack();
            }
        }
    }

    /** One call of {@link #arrive()}: held back, or in the round; a new one for each try. */
    private final class Party extends SyncWaiter<Integer> {
        /** Counted in {@code inside}: entered the round (rather than being held back). */
        private boolean entered;

        @Override
        void start() {
            switch (state) {
                case BROKEN:
                    fail(new BrokenBarrierException("the barrier is broken"));
                    return;
                case DRAINING:
                case RESETTING:
                    heldBack.add(this);
                    enqueued();
                    return;
                default:
                    entered = true;
                    inside++;
                    if (inside < parties) {
                        round.add(this);
                        enqueued();
                        return;
                    }
                    state = State.DRAINING;
                    int index = 0;
                    Party p;
                    while ((p = round.poll()) != null) {
                        p.grant(index++);
                    }
                    grant(index);
            }
        }

        @Override
        void dequeue() {
            if (entered) {
                round.remove(this);
                left();
            } else {
                heldBack.remove(this);
            }
        }

        @Override
        void giveBack(Integer granted) {
            if (entered) {
                left(); // released, cancelled before it resumed: it leaves, the round stands
            }
        }

        @Override
        Integer taken(Integer granted) {
            if (!entered) {
                return ARRIVE_AGAIN;
            }
            State now = state;
            left();
            if (now == State.BROKEN) {
                throw new BrokenBarrierException("the barrier was aborted");
            }
            if (now == State.RESETTING) {
                throw new BrokenBarrierException("the barrier was reset");
            }
            return granted;
        }
    }

    // ---------------------------------------------------------------- the coroutines, written by hand

    /*
     * arrive(). Frame slots: a0 the barrier; a1 the party waiting (label 1). Labels: 0 start, 1 resumed after
     * waiting. A party held back is woken to arrive again: the loop makes a new party for each try.
     */
    private static Object resumeArrive(WovenCoroutine<?> f) {
        Barrier barrier = (Barrier) f.a0;
        switch (f.label) {
            case 0:
                break;
            case 1: {
                Party p = (Party) f.a1;
                f.a1 = null;
                try {
                    Intrinsics.awaitResume(f);
                } catch (Throwable cancelledOrFailed) {
                    p.withdraw(); // nothing left behind: a task cancellation already did it, a close() did not
                    throw cancelledOrFailed;
                }
                int index = p.take();
                if (index != ARRIVE_AGAIN) {
                    f.a0 = null;
                    return index;
                }
                break;
            }
            default:
                throw Intrinsics.badLabel(f);
        }
        for (;;) {
            Party p = barrier.new Party();
            p.start();
            if (!p.isDone()) {
                f.a1 = p;
                f.label = 1;
                return Intrinsics.awaitStart(p, f); // not done: SUSPENDED
            }
            int index = p.take();
            if (index != ARRIVE_AGAIN) {
                f.a0 = null;
                return index;
            }
        }
    }

    /** A coroutine that runs {@code action} when first run and completes, without suspending. */
    private static Coroutine<Void> action(String name, Runnable action) {
        WovenCoroutine<Void> f = WovenCoroutine.create(Barrier::resumeAction, name, 0, 1);
        f.a0 = action;
        return f;
    }

    private static Object resumeAction(WovenCoroutine<?> f) {
        if (f.label != 0) {
            throw Intrinsics.badLabel(f);
        }
        Runnable action = (Runnable) f.a0;
        f.a0 = null;
        action.run();
        return null;
    }
}
