package dev.weft.it.sync;

import dev.weft.Async;
import dev.weft.sync.Barrier;
import dev.weft.sync.BrokenBarrierException;
import dev.weft.CancelledException;
import dev.weft.Coroutine;
import dev.weft.Task;
import dev.weft.Weft;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static dev.weft.Weft.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * dev.weft.sync.Barrier through woven code: rounds, indices, abort/reset, the draining and resetting states, and
 * cancellation before and after a round and while held back.
 */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a broken primitive deadlocks
class BarrierTest {

    @Async
    static Coroutine<Integer> party(Barrier barrier, String name, List<String> log) {
        int index;
        try {
            index = await(barrier.arrive());
        } catch (CancelledException e) {
            log.add(name + " cancelled");
            throw e;
        } catch (BrokenBarrierException e) {
            log.add(name + " broken: " + e.getMessage());
            throw e;
        }
        log.add(name + " passed #" + index);
        return Coroutine.of(index);
    }

    static Task<Integer> spawn(Barrier barrier, String name, List<String> log) {
        return Weft.spawn(party(barrier, name, log), name);
    }

    @Async
    static Coroutine<List<String>> rounds() {
        Barrier barrier = new Barrier(3);
        List<String> log = new ArrayList<>();
        for (int round = 1; round <= 2; round++) {
            Task<Integer> a = spawn(barrier, "A" + round, log);
            Task<Integer> b = spawn(barrier, "B" + round, log);
            await(Sync.until(() -> barrier.waiting() == 2));
            assertEquals(3, barrier.parties());
            int mine = await(barrier.arrive()); // the last party: does not wait
            log.add("main passed #" + mine);
            assertEquals(0, barrier.waiting(), "the next round starts empty");
            await(a);
            await(b);
        }
        Barrier single = new Barrier(1);
        log.add("single #" + await(single.arrive()));
        return Coroutine.of(log);
    }

    @Test
    void theLastPartyReleasesTheRoundAndEveryPartyGetsADistinctIndex() {
        assertEquals(List.of("main passed #2", "A1 passed #0", "B1 passed #1",
                "main passed #2", "A2 passed #0", "B2 passed #1", "single #0"), Weft.run(rounds()));
    }

    @Test
    void aBarrierNeedsAtLeastOneParty() {
        assertThrows(IllegalArgumentException.class, () -> new Barrier(0));
    }

    @Async
    static Coroutine<List<String>> abortAndReset() {
        Barrier barrier = new Barrier(3);
        List<String> log = new ArrayList<>();
        Task<Integer> a = spawn(barrier, "A", log);
        await(Sync.until(() -> barrier.waiting() == 1));
        Coroutine<Void> abort = barrier.abort();
        assertFalse(barrier.isBroken(), "lazy: nothing happens until awaited");
        await(abort);
        assertTrue(barrier.isBroken());
        assertEquals("Barrier[broken]", barrier.toString());
        log.add("A: " + await(Sync.outcome(a)));
        log.add("late: " + await(Sync.outcome(barrier.arrive())));
        await(barrier.reset());
        assertFalse(barrier.isBroken());
        // usable again; a reset while parties wait breaks their round only
        Task<Integer> b = spawn(barrier, "B", log);
        await(Sync.until(() -> barrier.waiting() == 1));
        await(barrier.reset());
        assertEquals("Barrier[resetting, waiters:0/3]", barrier.toString(), "until B has left");
        log.add("B: " + await(Sync.outcome(b)));
        assertEquals("Barrier[filling, waiters:0/3]", barrier.toString());
        Task<Integer> c = spawn(barrier, "C", log);
        Task<Integer> d = spawn(barrier, "D", log);
        await(Sync.until(() -> barrier.waiting() == 2));
        log.add("main #" + await(barrier.arrive()));
        await(c);
        await(d);
        return Coroutine.of(log);
    }

    @Test
    void abortBreaksTheBarrierUntilResetAndResetBreaksOnlyTheCurrentRound() {
        assertEquals(List.of("A broken: the barrier was aborted", "A: BrokenBarrierException",
                "late: BrokenBarrierException", "B broken: the barrier was reset", "B: BrokenBarrierException",
                "main #2", "C passed #0", "D passed #1"), Weft.run(abortAndReset()));
    }

    @Async
    static Coroutine<List<String>> cancelBeforeTheRound() {
        Barrier barrier = new Barrier(3);
        List<String> log = new ArrayList<>();
        Task<Integer> a = spawn(barrier, "A", log);
        Task<Integer> b = spawn(barrier, "B", log);
        await(Sync.until(() -> barrier.waiting() == 2));
        a.cancel();
        b.cancel();
        await(Sync.pass(2));
        assertEquals(0, barrier.waiting(), "the cancelled parties left the round");
        assertFalse(barrier.isBroken(), "cancellation does not break the barrier (asyncio)");
        Task<Integer> c = spawn(barrier, "C", log);
        Task<Integer> d = spawn(barrier, "D", log);
        await(Sync.until(() -> barrier.waiting() == 2));
        log.add("main #" + await(barrier.arrive()));
        log.add("A: " + await(Sync.outcome(a)) + ", B: " + await(Sync.outcome(b)));
        await(c);
        await(d);
        return Coroutine.of(log);
    }

    @Test
    void partiesCancelledWhileWaitingLeaveTheRoundWithoutBreakingIt() {
        assertEquals(List.of("A cancelled", "B cancelled", "main #2", "A: cancelled, B: cancelled", "C passed #0",
                "D passed #1"), Weft.run(cancelBeforeTheRound()));
    }

    @Async
    static Coroutine<List<String>> cancelAfterTheRound() {
        Barrier barrier = new Barrier(3);
        List<String> log = new ArrayList<>();
        Task<Integer> a = spawn(barrier, "A", log);
        Task<Integer> b = spawn(barrier, "B", log);
        await(Sync.until(() -> barrier.waiting() == 2));
        log.add("main #" + await(barrier.arrive()));
        a.cancel(); // released by the round, cancelled before it resumed
        log.add("A: " + await(Sync.outcome(a)) + ", B: " + await(Sync.outcome(b)));
        // the barrier is fine for the next round
        Task<Integer> c = spawn(barrier, "C", log);
        Task<Integer> d = spawn(barrier, "D", log);
        await(Sync.until(() -> barrier.waiting() == 2));
        log.add("main #" + await(barrier.arrive()));
        await(c);
        await(d);
        return Coroutine.of(log);
    }

    @Test
    void aPartyCancelledAfterItsRoundCompletedGetsTheCancellationAndTheRoundStands() {
        assertEquals(List.of("main #2", "A cancelled", "B passed #1", "A: cancelled, B: value 1", "main #2",
                "C passed #0", "D passed #1"), Weft.run(cancelAfterTheRound()));
    }

    // ------------------------------------------------------------------ draining and resetting

    /** A party whose first step runs inside this call: it arrives at once (Weft.spawnEager). */
    static Task<Integer> arriveNow(Barrier barrier, String name, List<String> log) {
        return Weft.spawnEager(party(barrier, name, log));
    }

    @Async
    static Coroutine<List<String>> drainingHoldsBackTheNextRound() {
        Barrier barrier = new Barrier(2);
        List<String> log = new ArrayList<>();
        Task<Integer> a = spawn(barrier, "A", log);
        await(Sync.until(() -> barrier.waiting() == 1));
        log.add("main #" + await(barrier.arrive()));            // releases A, which has not resumed yet
        assertEquals("Barrier[draining, waiters:0/2]", barrier.toString());
        Task<Integer> c = arriveNow(barrier, "C", log);         // arrives while A is still inside
        log.add("C held back: waiting=" + barrier.waiting() + ", C done=" + c.isDone());
        await(a);                                               // A left: the barrier fills again, C arrives again
        await(Sync.until(() -> barrier.waiting() == 1));
        log.add("C entered the next round");
        log.add("main #" + await(barrier.arrive()));
        await(c);
        return Coroutine.of(log);
    }

    @Test
    void anArrivalWhileTheRoundDrainsWaitsForTheNextRound() {
        assertEquals(List.of("main #1", "C held back: waiting=0, C done=false", "A passed #0",
                "C entered the next round", "main #1", "C passed #0"), Weft.run(drainingHoldsBackTheNextRound()));
    }

    @Async
    static Coroutine<List<String>> resetWhileDraining() {
        Barrier barrier = new Barrier(3);
        List<String> log = new ArrayList<>();
        Task<Integer> a = spawn(barrier, "A", log);
        Task<Integer> b = spawn(barrier, "B", log);
        await(Sync.until(() -> barrier.waiting() == 2));
        log.add("main #" + await(barrier.arrive()));   // releases A and B, which have not resumed
        await(barrier.reset());                        // so they are still inside: they fail as they resume
        assertEquals("Barrier[resetting, waiters:0/3]", barrier.toString());
        Task<Integer> c = arriveNow(barrier, "C", log); // held back until A and B have left
        assertFalse(c.isDone());
        log.add("A: " + await(Sync.outcome(a)) + ", B: " + await(Sync.outcome(b)));
        await(Sync.until(() -> barrier.waiting() == 1));
        Task<Integer> d = spawn(barrier, "D", log);
        await(Sync.until(() -> barrier.waiting() == 2));
        log.add("main #" + await(barrier.arrive()));
        await(c);
        await(d);
        return Coroutine.of(log);
    }

    @Test
    void aResetWhileTheRoundDrainsFailsThePartiesThatHaveNotResumed() {
        assertEquals(List.of("main #2", "A broken: the barrier was reset", "B broken: the barrier was reset",
                        "A: BrokenBarrierException, B: BrokenBarrierException", "main #2", "C passed #0", "D passed #1"),
                Weft.run(resetWhileDraining()));
    }

    @Async
    static Coroutine<List<String>> heldBackThenCancelled() {
        Barrier barrier = new Barrier(2);
        List<String> log = new ArrayList<>();
        Task<Integer> a = spawn(barrier, "A", log);
        await(Sync.until(() -> barrier.waiting() == 1));
        log.add("main #" + await(barrier.arrive()));   // draining until A resumes
        Task<Integer> c = arriveNow(barrier, "C", log);
        Task<Integer> d = arriveNow(barrier, "D", log);
        c.cancel();                                    // while held back
        await(a);
        log.add("C: " + await(Sync.outcome(c)));
        await(Sync.until(() -> barrier.waiting() == 1));
        log.add("D waits alone: " + barrier);
        await(barrier.abort());
        log.add("D: " + await(Sync.outcome(d)));
        return Coroutine.of(log);
    }

    @Test
    void aPartyCancelledWhileHeldBackLeavesNothingBehind() {
        assertEquals(List.of("main #1", "A passed #0", "C cancelled", "C: cancelled",
                "D waits alone: Barrier[filling, waiters:1/2]", "D broken: the barrier was aborted",
                "D: BrokenBarrierException"), Weft.run(heldBackThenCancelled()));
    }

    @Async
    static Coroutine<List<String>> abortWhileHeldBack() {
        Barrier barrier = new Barrier(2);
        List<String> log = new ArrayList<>();
        Task<Integer> a = spawn(barrier, "A", log);
        await(Sync.until(() -> barrier.waiting() == 1));
        log.add("main #" + await(barrier.arrive()));
        Task<Integer> c = arriveNow(barrier, "C", log);
        await(barrier.abort());                        // A (released, not resumed) and C (held back) fail
        log.add("A: " + await(Sync.outcome(a)) + ", C: " + await(Sync.outcome(c)));
        await(barrier.reset());
        log.add("after reset: " + barrier);
        return Coroutine.of(log);
    }

    @Test
    void anAbortFailsTheReleasedPartiesThatHaveNotResumedAndThoseHeldBack() {
        assertEquals(List.of("main #1", "A broken: the barrier was aborted", "C broken: the barrier is broken",
                "A: BrokenBarrierException, C: BrokenBarrierException", "after reset: Barrier[filling, waiters:0/2]"),
                Weft.run(abortWhileHeldBack()));
    }

    @Async
    static Coroutine<List<String>> cancelledAfterReleaseWhileOthersArrive() {
        Barrier barrier = new Barrier(2);
        List<String> log = new ArrayList<>();
        Task<Integer> a = spawn(barrier, "A", log);
        await(Sync.until(() -> barrier.waiting() == 1));
        log.add("main #" + await(barrier.arrive()));
        Task<Integer> c = arriveNow(barrier, "C", log); // held back while A is inside
        a.cancel();                                     // A leaves without resuming: the drain ends, C arrives again
        log.add("A: " + await(Sync.outcome(a)));
        await(Sync.until(() -> barrier.waiting() == 1));
        log.add("main #" + await(barrier.arrive()));
        await(c);
        return Coroutine.of(log);
    }

    @Test
    void aReleasedPartyCancelledBeforeItResumedStillEndsTheDrain() {
        assertEquals(List.of("main #1", "A cancelled", "A: cancelled", "main #1", "C passed #0"),
                Weft.run(cancelledAfterReleaseWhileOthersArrive()));
    }
}
