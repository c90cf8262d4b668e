package dev.weft.it.asyncio;

import dev.weft.Async;
import dev.weft.Coroutine;
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
import static dev.weft.it.asyncio.BarrierPort.gatherTasks;
import static org.junit.jupiter.api.Assertions.*;

/**
 * CPython's Lib/test/test_asyncio/test_locks.py, class BarrierTests, the abort tests (test_abort_barrier and
 * test_abort_barrier_*), ported to woven Weft code: {@code barrier.abort()} awaited while parties drain or block,
 * or after a party failed, leaving the barrier broken until a reset. The other tests of the class are in
 * {@link BarrierPortTest}, whose header gives the mapping of asyncio's names, and {@link BarrierResetPortTest}.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a broken barrier deadlocks
class BarrierAbortPortTest {

    // ------------------------------------------------------------------ abort

    @Async
    static Coroutine<Void> abortBarrier() {
        Barrier barrier = new Barrier(1);
        Weft.spawn(barrier.abort());
        await(sleep0());
        assertEquals(0, barrier.waiting());
        assertTrue(barrier.isBroken());
        return Coroutine.done();
    }

    @Test
    void test_abort_barrier() {
        Weft.run(abortBarrier());
    }

    @Async
    static Coroutine<Void> abortHalfDrainingHalfBlocking(Barrier barrier, List<Boolean> results1,
                                                       List<Boolean> results2, int blockingTasks, int[] count) {
        try {
            await(barrier.arrive());
        } catch (BrokenBarrierException e) {
            // here catch tasks waiting to drain
            results1.add(true);
            return Coroutine.done();
        }
        count[0]++;
        if (count[0] > blockingTasks) {
            // abort now: raise BrokenBarrierException for all tasks
            await(barrier.abort());
        } else {
            try {
                await(barrier.arrive());
            } catch (BrokenBarrierException e) {
                // here catch blocked tasks (already drained)
                results2.add(true);
            }
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> abortBarrierWhenTasksHalfDrainingHalfBlocking() {
        Barrier barrier = new Barrier(N);
        List<Boolean> results1 = new ArrayList<>();
        List<Boolean> results2 = new ArrayList<>();
        int blockingTasks = N / 2;
        int[] count = {0};
        List<Coroutine<?>> parties = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            parties.add(abortHalfDrainingHalfBlocking(barrier, results1, results2, blockingTasks, count));
        }
        await(gatherTasks(parties));
        assertTrue(barrier.isBroken());
        assertEquals(Collections.nCopies(blockingTasks, true), results1);
        assertEquals(Collections.nCopies(N - blockingTasks - 1, true), results2);
        assertEquals(0, barrier.waiting());
        assertFalse(barrier.toString().contains("resetting"));
        return Coroutine.done();
    }

    @Test
    void test_abort_barrier_when_tasks_half_draining_half_blocking() {
        Weft.run(abortBarrierWhenTasksHalfDrainingHalfBlocking());
    }

    @Async
    static Coroutine<Void> raiseInTheMiddle(Barrier barrier, List<Boolean> results1, List<Boolean> results2) {
        try {
            int i = await(barrier.arrive());
            if (i == N / 2) {
                throw new IllegalStateException("RuntimeError");
            }
            await(barrier.arrive());
            results1.add(true);
        } catch (BrokenBarrierException e) {
            results2.add(true);
        } catch (IllegalStateException e) {
            await(barrier.abort());
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> abortBarrierWhenException() {
        // test from threading.Barrier: see `lock_tests.test_reset`
        Barrier barrier = new Barrier(N);
        List<Boolean> results1 = new ArrayList<>();
        List<Boolean> results2 = new ArrayList<>();
        List<Coroutine<?>> parties = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            parties.add(raiseInTheMiddle(barrier, results1, results2));
        }
        await(gatherTasks(parties));
        assertTrue(barrier.isBroken());
        assertEquals(0, results1.size());
        assertEquals(N - 1, results2.size());
        assertEquals(0, barrier.waiting());
        return Coroutine.done();
    }

    @Test
    void test_abort_barrier_when_exception() {
        Weft.run(abortBarrierWhenException());
    }

    @Async
    static Coroutine<Void> abortThenReset(Barrier barrier1, Barrier barrier2, List<Boolean> results1,
                                        List<Boolean> results2, List<Boolean> results3) {
        try {
            int i = await(barrier1.arrive());
            if (i == N / 2) {
                throw new IllegalStateException("RuntimeError");
            }
            await(barrier1.arrive());
            results1.add(true);
        } catch (BrokenBarrierException e) {
            results2.add(true);
        } catch (IllegalStateException e) {
            await(barrier1.abort());
        }
        // Synchronize and reset the barrier. Must synchronize first so that everyone has left it when we reset,
        // and after so that no one enters it before the reset.
        int i = await(barrier2.arrive());
        if (i == N / 2) {
            await(barrier1.reset());
        }
        await(barrier2.arrive());
        await(barrier1.arrive());
        results3.add(true);
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> abortBarrierWhenExceptionThenResetting() {
        // test from threading.Barrier: see `lock_tests.test_abort_and_reset`
        Barrier barrier1 = new Barrier(N);
        Barrier barrier2 = new Barrier(N);
        List<Boolean> results1 = new ArrayList<>();
        List<Boolean> results2 = new ArrayList<>();
        List<Boolean> results3 = new ArrayList<>();
        List<Coroutine<?>> parties = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            parties.add(abortThenReset(barrier1, barrier2, results1, results2, results3));
        }
        await(gatherTasks(parties));
        assertFalse(barrier1.isBroken());
        assertEquals(0, results1.size());
        assertEquals(N - 1, results2.size());
        assertEquals(N, results3.size());
        assertEquals(0, barrier1.waiting());
        return Coroutine.done();
    }

    @Test
    void test_abort_barrier_when_exception_then_resetting() {
        Weft.run(abortBarrierWhenExceptionThenResetting());
    }
}
