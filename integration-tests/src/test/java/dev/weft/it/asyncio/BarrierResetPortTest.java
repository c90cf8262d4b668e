package dev.weft.it.asyncio;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.sync.Barrier;
import dev.weft.sync.BrokenBarrierException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static dev.weft.Weft.await;
import static dev.weft.it.asyncio.ApiPort.sleep0;
import static dev.weft.it.asyncio.BarrierPort.N;
import static dev.weft.it.asyncio.BarrierPort.arriveThenRecord;
import static dev.weft.it.asyncio.BarrierPort.gatherTasks;
import static org.junit.jupiter.api.Assertions.*;

/**
 * CPython's Lib/test/test_asyncio/test_locks.py, class BarrierTests, the reset tests (test_reset_barrier and
 * test_reset_barrier_*), ported to woven Weft code: {@code barrier.reset()} awaited while parties wait, drain or
 * block, the waiting parties getting {@link BrokenBarrierException}. The other tests of the class are in
 * {@link BarrierPortTest}, whose header gives the mapping of asyncio's names, and {@link BarrierAbortPortTest}.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a broken barrier deadlocks
class BarrierResetPortTest {

    // ------------------------------------------------------------------ reset

    @Async
    static Coroutine<Void> resetBarrier() {
        Barrier barrier = new Barrier(1);
        Weft.spawn(barrier.reset());
        await(sleep0());
        assertEquals(0, barrier.waiting());
        assertFalse(barrier.isBroken());
        return Coroutine.done();
    }

    @Test
    void test_reset_barrier() {
        Weft.run(resetBarrier());
    }

    @Async
    static Coroutine<Void> brokenIsRecorded(Barrier barrier, List<Boolean> results) {
        try {
            await(barrier.arrive());
        } catch (BrokenBarrierException e) {
            results.add(true);
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> resetBarrierWhileTasksWaiting() {
        Barrier barrier = new Barrier(N);
        List<Boolean> results = new ArrayList<>();
        // N-1 tasks waiting on barrier with N parties
        List<Task<Void>> tasks = new ArrayList<>();
        for (int i = 0; i < N - 1; i++) {
            tasks.add(Weft.spawn(brokenIsRecorded(barrier, results)));
        }
        await(sleep0());
        // reset the barrier
        Weft.spawn(barrier.reset());
        await(Weft.gather(tasks));
        assertEquals(N - 1, results.size());
        assertEquals(0, barrier.waiting());
        assertFalse(barrier.toString().contains("resetting"));
        assertFalse(barrier.isBroken());
        return Coroutine.done();
    }

    @Test
    void test_reset_barrier_while_tasks_waiting() {
        Weft.run(resetBarrierWhileTasksWaiting());
    }

    @Async
    static Coroutine<Void> halfDraining(Barrier barrier, List<Boolean> results1, int restOfTasks, int[] passed) {
        try {
            await(barrier.arrive());
        } catch (BrokenBarrierException e) {
            // catch here waiting tasks
            results1.add(true);
            return Coroutine.done();
        }
        // here drained task outside the barrier; asyncio reads barrier._count, the parties still inside: those
        // released that have not left yet, N minus the ones that passed
        passed[0]++;
        if (restOfTasks == N - passed[0]) {
            // tasks outside the barrier
            await(barrier.reset());
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> resetBarrierWhenTasksHalfDraining() {
        Barrier barrier = new Barrier(N);
        List<Boolean> results1 = new ArrayList<>();
        int restOfTasks = N / 2;
        int[] passed = {0};
        List<Coroutine<?>> parties = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            parties.add(halfDraining(barrier, results1, restOfTasks, passed));
        }
        await(gatherTasks(parties));
        assertEquals(Collections.nCopies(restOfTasks, true), results1);
        assertEquals(0, barrier.waiting());
        assertFalse(barrier.toString().contains("resetting"));
        assertFalse(barrier.isBroken());
        return Coroutine.done();
    }

    @Test
    void test_reset_barrier_when_tasks_half_draining() {
        Weft.run(resetBarrierWhenTasksHalfDraining());
    }

    @Async
    static Coroutine<Void> halfDrainingHalfBlocking(Barrier barrier, List<Boolean> results1, List<Boolean> results2,
                                                  int blockingTasks, int[] count) {
        try {
            await(barrier.arrive());
        } catch (BrokenBarrierException e) {
            // here catch still waiting tasks
            results1.add(true);
            // so now waiting again to reach nb_parties
            await(barrier.arrive());
            return Coroutine.done();
        }
        count[0]++;
        if (count[0] > blockingTasks) {
            // reset now: raise BrokenBarrierException for waiting tasks
            await(barrier.reset());
            // so now waiting again to reach nb_parties
            await(barrier.arrive());
        } else {
            try {
                await(barrier.arrive());
            } catch (BrokenBarrierException e) {
                // here no catch - blocked tasks go to wait
                results2.add(true);
            }
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> resetBarrierWhenTasksHalfDrainingHalfBlocking() {
        Barrier barrier = new Barrier(N);
        List<Boolean> results1 = new ArrayList<>();
        List<Boolean> results2 = new ArrayList<>();
        int blockingTasks = N / 2;
        int[] count = {0};
        List<Coroutine<?>> parties = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            parties.add(halfDrainingHalfBlocking(barrier, results1, results2, blockingTasks, count));
        }
        await(gatherTasks(parties));
        assertEquals(Collections.nCopies(blockingTasks, true), results1);
        assertEquals(List.of(), results2);
        assertEquals(0, barrier.waiting());
        assertFalse(barrier.toString().contains("resetting"));
        assertFalse(barrier.isBroken());
        return Coroutine.done();
    }

    @Test
    void test_reset_barrier_when_tasks_half_draining_half_blocking() {
        Weft.run(resetBarrierWhenTasksHalfDrainingHalfBlocking());
    }

    @Async
    static Coroutine<Void> waitThenWaitAgainInFinally(Barrier barrier, List<Boolean> results1, List<Boolean> results2) {
        try {
            await(barrier.arrive());
        } catch (BrokenBarrierException e) {
            results1.add(true);
        } finally {
            await(barrier.arrive());
            results2.add(true);
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> resetBarrierWhileTasksWaitingAndWaitingAgain() {
        Barrier barrier = new Barrier(N);
        List<Boolean> results1 = new ArrayList<>();
        List<Boolean> results2 = new ArrayList<>();
        List<Task<Void>> tasks = new ArrayList<>();
        for (int i = 0; i < N - 1; i++) {
            tasks.add(Weft.spawn(waitThenWaitAgainInFinally(barrier, results1, results2)));
        }
        // reset barrier, N-1 waiting tasks raise a BrokenBarrierException
        Weft.spawn(barrier.reset());
        await(sleep0());
        // complete waiting tasks in the `finally`
        Weft.spawn(arriveThenRecord(barrier, results2));
        await(Weft.gather(tasks));
        assertFalse(barrier.isBroken());
        assertEquals(N - 1, results1.size());
        assertEquals(N, results2.size());
        assertEquals(0, barrier.waiting());
        return Coroutine.done();
    }

    @Test
    void test_reset_barrier_while_tasks_waiting_and_waiting_again() {
        Weft.run(resetBarrierWhileTasksWaitingAndWaitingAgain());
    }

    @Async
    static Coroutine<Void> resetWhileDraining(Barrier barrier, List<Boolean> results1, List<Boolean> results2,
                                            List<Boolean> results3, int[] count) {
        await(barrier.arrive());
        count[0]++;
        if (count[0] == N) {
            // last task exited from barrier
            await(barrier.reset());
            // wait here to reach the `parties`
            await(barrier.arrive());
        } else {
            try {
                // second waiting
                await(barrier.arrive());
                // N-1 tasks here
                results1.add(true);
            } catch (Exception e) {
                // never goes here
                results2.add(true);
            }
        }
        // Now, pass the barrier again; last wait, must be completed
        await(barrier.arrive());
        results3.add(true);
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> resetBarrierWhileTasksDraining() {
        Barrier barrier = new Barrier(N);
        List<Boolean> results1 = new ArrayList<>();
        List<Boolean> results2 = new ArrayList<>();
        List<Boolean> results3 = new ArrayList<>();
        int[] count = {0};
        List<Coroutine<?>> parties = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            parties.add(resetWhileDraining(barrier, results1, results2, results3, count));
        }
        await(gatherTasks(parties));
        assertFalse(barrier.isBroken());
        assertEquals(N - 1, results1.size());
        assertEquals(0, results2.size());
        assertEquals(N, results3.size());
        assertEquals(0, barrier.waiting());
        return Coroutine.done();
    }

    @Test
    void test_reset_barrier_while_tasks_draining() {
        Weft.run(resetBarrierWhileTasksDraining());
    }
}
