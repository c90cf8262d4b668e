package dev.weft.it.asyncio;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Coroutine;
import dev.weft.Done;
import dev.weft.Task;
import dev.weft.WaitMode;
import dev.weft.Weft;
import dev.weft.sync.Barrier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

import static dev.weft.Weft.await;
import static dev.weft.it.asyncio.ApiPort.sleep0;
import static dev.weft.it.asyncio.BarrierPort.N;
import static dev.weft.it.asyncio.BarrierPort.arriveThenRecord;
import static dev.weft.it.asyncio.BarrierPort.gatherTasks;
import static org.junit.jupiter.api.Assertions.*;

/**
 * CPython's Lib/test/test_asyncio/test_locks.py, class BarrierTests, ported to woven Weft code: test_barrier,
 * test_repr, test_barrier_parties and the filling and draining tests (the reset tests are in
 * {@link BarrierResetPortTest}, the abort tests in {@link BarrierAbortPortTest}; together they port every test of
 * the class). asyncio's {@code barrier.wait()} is {@code barrier.arrive()}, {@code n_waiting} is
 * {@code waiting()}, {@code broken} is {@code isBroken()}, {@code async with barrier as i} is
 * {@code i = await(barrier.arrive())}, and {@code reset()}/{@code abort()} are awaited as in asyncio. Where a test
 * reads a private field, the comment says what replaces it.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a broken barrier deadlocks
class BarrierPortTest {
    /** test_locks.py's RGX_REPR, for a barrier's toString. */
    static final Pattern REPR = Pattern.compile("Barrier\\[(filling|draining|resetting|broken)(, waiters:\\d+/\\d+)?\\]");

    @Async
    static Coroutine<Integer> justArrive(Barrier barrier) {
        return Coroutine.of(await(barrier.arrive()));
    }

    // ------------------------------------------------------------------ test_barrier, test_repr

    @Test
    void test_barrier() {
        // `await barrier` is a TypeError in asyncio; here a Barrier is not an Awaitable, so it does not compile
        Barrier barrier = new Barrier(N);
        assertTrue(barrier.toString().contains("filling"));
    }

    @Async
    static Coroutine<Void> repr() {
        Barrier barrier = new Barrier(N);
        assertTrue(REPR.matcher(barrier.toString()).matches());
        assertTrue(barrier.toString().contains("filling"));
        List<Task<?>> waiters = new ArrayList<>();
        int incr = 2;
        for (int i = 0; i < incr; i++) {
            waiters.add(Weft.spawn(justArrive(barrier)));
        }
        await(sleep0());
        assertTrue(REPR.matcher(barrier.toString()).matches());
        assertTrue(barrier.toString().contains("waiters:" + incr + "/" + N), barrier.toString());
        assertTrue(barrier.toString().contains("filling"));
        // create missing waiters
        for (int i = 0, missing = barrier.parties() - barrier.waiting(); i < missing; i++) {
            waiters.add(Weft.spawn(justArrive(barrier)));
        }
        await(sleep0());
        assertTrue(REPR.matcher(barrier.toString()).matches());
        assertTrue(barrier.toString().contains("draining"), barrier.toString());
        // add a part of waiters
        for (int i = 0; i < incr; i++) {
            waiters.add(Weft.spawn(justArrive(barrier)));
        }
        await(sleep0());
        // and reset
        await(barrier.reset());
        assertTrue(REPR.matcher(barrier.toString()).matches());
        assertTrue(barrier.toString().contains("resetting"), barrier.toString());
        // add a part of waiters again
        for (int i = 0; i < incr; i++) {
            waiters.add(Weft.spawn(justArrive(barrier)));
        }
        await(sleep0());
        // and abort
        await(barrier.abort());
        assertTrue(REPR.matcher(barrier.toString()).matches());
        assertTrue(barrier.toString().contains("broken"));
        assertTrue(barrier.isBroken());
        // suppress unhandled exceptions
        await(Weft.gatherSettled(waiters));
        return Coroutine.done();
    }

    @Test
    void test_repr() {
        Weft.run(repr());
    }

    @Test
    void test_barrier_parties() {
        assertThrows(IllegalArgumentException.class, () -> new Barrier(0));
        assertThrows(IllegalArgumentException.class, () -> new Barrier(-4));
        assertNotNull(new Barrier(N));
    }

    // ------------------------------------------------------------------ filling

    @Async
    static Coroutine<Void> appendIndex(Barrier barrier, List<Integer> results) {
        int i = await(barrier.arrive()); // async with barrier as i
        results.add(i);
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> contextManager() {
        int n = 3;
        Barrier barrier = new Barrier(n);
        List<Integer> results = new ArrayList<>();
        List<Coroutine<?>> parties = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            parties.add(appendIndex(barrier, results));
        }
        await(gatherTasks(parties));
        Collections.sort(results);
        assertEquals(List.of(0, 1, 2), results);
        assertEquals(0, barrier.waiting());
        assertFalse(barrier.isBroken());
        return Coroutine.done();
    }

    @Test
    void test_context_manager() {
        Weft.run(contextManager());
    }

    @Async
    static Coroutine<Boolean> fillingOneTask() {
        Barrier barrier = new Barrier(1);
        await(barrier.arrive());
        assertEquals(0, barrier.waiting());
        assertFalse(barrier.isBroken());
        return Coroutine.of(true);
    }

    @Test
    void test_filling_one_task() {
        assertTrue(Weft.run(fillingOneTask()));
    }

    @Async
    static Coroutine<Void> fillingOneTaskTwice() {
        Barrier barrier = new Barrier(1);
        Task<Integer> t1 = Weft.spawn(barrier.arrive());
        await(sleep0());
        assertEquals(0, barrier.waiting());
        Task<Integer> t2 = Weft.spawn(barrier.arrive());
        await(sleep0());
        assertEquals(t1.result(), t2.result());
        assertEquals(t1.isDone(), t2.isDone());
        assertEquals(0, barrier.waiting());
        assertFalse(barrier.isBroken());
        return Coroutine.done();
    }

    @Test
    void test_filling_one_task_twice() {
        Weft.run(fillingOneTaskTwice());
    }

    @Async
    static Coroutine<Void> fillingTaskByTask() {
        Barrier barrier = new Barrier(3);
        Task<Integer> t1 = Weft.spawn(barrier.arrive());
        await(sleep0());
        assertEquals(1, barrier.waiting());
        assertTrue(barrier.toString().contains("filling"));
        Task<Integer> t2 = Weft.spawn(barrier.arrive());
        await(sleep0());
        assertEquals(2, barrier.waiting());
        assertTrue(barrier.toString().contains("filling"));
        Task<Integer> t3 = Weft.spawn(barrier.arrive());
        await(sleep0());
        Done<Task<Integer>> done = await(Weft.waitAll(List.of(t1, t2, t3), WaitMode.ALL_COMPLETED));
        assertEquals(3, done.done().size());
        assertEquals(0, barrier.waiting());
        assertFalse(barrier.isBroken());
        return Coroutine.done();
    }

    @Test
    void test_filling_task_by_task() {
        Weft.run(fillingTaskByTask());
    }

    @Async
    static Coroutine<Integer> waitTwice(Barrier barrier, List<Boolean> results1, List<Boolean> results2, boolean second) {
        await(barrier.arrive());
        results1.add(true);
        int i = await(barrier.arrive());
        results2.add(second);
        return Coroutine.of(i);
    }

    @Async
    static Coroutine<Void> fillingTasksWaitTwice() {
        Barrier barrier = new Barrier(N);
        List<Boolean> results = new ArrayList<>();
        List<Coroutine<?>> parties = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            parties.add(waitTwice(barrier, results, results, false));
        }
        await(gatherTasks(parties));
        assertEquals(N * 2, results.size());
        assertEquals(N, Collections.frequency(results, true));
        assertEquals(N, Collections.frequency(results, false));
        assertEquals(0, barrier.waiting());
        assertFalse(barrier.isBroken());
        return Coroutine.done();
    }

    @Test
    void test_filling_tasks_wait_twice() {
        Weft.run(fillingTasksWaitTwice());
    }

    @Async
    static Coroutine<Void> fillingTasksCheckReturnValue() {
        Barrier barrier = new Barrier(N);
        List<Boolean> results1 = new ArrayList<>();
        List<Boolean> results2 = new ArrayList<>();
        List<Coroutine<?>> parties = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            parties.add(waitTwice(barrier, results1, results2, true));
        }
        List<Object> res = await(gatherTasks(parties));
        assertEquals(Collections.nCopies(N, true), results1);
        assertEquals(Collections.nCopies(N, true), results2);
        List<Integer> indices = new ArrayList<>();
        for (Object o : res) {
            indices.add((Integer) o);
        }
        Collections.sort(indices);
        assertEquals(List.of(0, 1, 2, 3, 4), indices);
        assertEquals(0, barrier.waiting());
        assertFalse(barrier.isBroken());
        return Coroutine.done();
    }

    @Test
    void test_filling_tasks_check_return_value() {
        Weft.run(fillingTasksCheckReturnValue());
    }

    // ------------------------------------------------------------------ draining

    @Async
    static Coroutine<Void> recordDraining(Barrier barrier, List<Boolean> results) {
        await(barrier.arrive());
        // barrier state change to filling for the last task release
        results.add(barrier.toString().contains("draining"));
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> drainingState() {
        Barrier barrier = new Barrier(N);
        List<Boolean> results = new ArrayList<>();
        List<Coroutine<?>> parties = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            parties.add(recordDraining(barrier, results));
        }
        await(gatherTasks(parties));
        assertEquals(N, results.size());
        assertEquals(false, results.get(N - 1));
        assertEquals(List.of(true, true, true, true), results.subList(0, N - 1));
        assertEquals(0, barrier.waiting());
        assertFalse(barrier.isBroken());
        return Coroutine.done();
    }

    @Test
    void test_draining_state() {
        Weft.run(drainingState());
    }

    @Async
    static Coroutine<Void> blockingWhileDraining(Barrier barrier, Barrier barrierNoWaiting, int[] rewaitN) {
        // first time waiting
        await(barrier.arrive());
        // after waiting once for all tasks
        if (rewaitN[0] > 0) {
            rewaitN[0]--;
            // wait again only for rewait tasks
            await(barrier.arrive());
        } else {
            // wait for end of draining state
            await(barrierNoWaiting.arrive());
            // wait for other waiting tasks
            await(barrier.arrive());
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> blockingTasksWhileDraining() {
        int rewait = 2;
        Barrier barrier = new Barrier(N);
        Barrier barrierNoWaiting = new Barrier(N - rewait);
        int[] rewaitN = {rewait};
        List<Coroutine<?>> parties = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            parties.add(blockingWhileDraining(barrier, barrierNoWaiting, rewaitN));
        }
        // a success means that barrierNoWaiting was waited for exactly N - rewait = 3 times
        await(gatherTasks(parties));
        return Coroutine.done();
    }

    @Test
    void test_blocking_tasks_while_draining() {
        Weft.run(blockingTasksWhileDraining());
    }

    @Async
    static Coroutine<Void> fillingTasksCancelOne() {
        Barrier barrier = new Barrier(3);
        List<Boolean> results = new ArrayList<>();
        Task<Void> t1 = Weft.spawn(arriveThenRecord(barrier, results));
        await(sleep0());
        assertEquals(1, barrier.waiting());
        Task<Void> t2 = Weft.spawn(arriveThenRecord(barrier, results));
        await(sleep0());
        assertEquals(2, barrier.waiting());
        t1.cancel();
        await(sleep0());
        assertEquals(1, barrier.waiting());
        assertThrows(CancelledException.class, t1::result);
        assertTrue(t1.isCancelled());
        Task<Void> t3 = Weft.spawn(arriveThenRecord(barrier, results));
        await(sleep0());
        assertEquals(2, barrier.waiting());
        Task<Void> t4 = Weft.spawn(arriveThenRecord(barrier, results));
        await(Weft.gather(t2, t3, t4));
        assertEquals(3, results.size());
        assertEquals(0, barrier.waiting());
        assertFalse(barrier.isBroken());
        return Coroutine.done();
    }

    @Test
    void test_filling_tasks_cancel_one() {
        Weft.run(fillingTasksCancelOne());
    }
}
