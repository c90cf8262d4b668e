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

/** dev.weft.Barrier through woven code: rounds, indices, abort/reset, and cancellation before and after a round. */
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
        barrier.abort();
        assertTrue(barrier.isBroken());
        log.add("A: " + await(Sync.outcome(a)));
        log.add("late: " + await(Sync.outcome(barrier.arrive())));
        barrier.reset();
        assertFalse(barrier.isBroken());
        // usable again; a reset while parties wait breaks their round only
        Task<Integer> b = spawn(barrier, "B", log);
        await(Sync.until(() -> barrier.waiting() == 1));
        barrier.reset();
        log.add("B: " + await(Sync.outcome(b)));
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
}
