package dev.weft.it.asyncio;

import dev.weft.Async;
import dev.weft.Awaitable;
import dev.weft.CancelledException;
import dev.weft.Coroutine;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.Weft;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.weft.Weft.await;
import static dev.weft.it.asyncio.AsyncioPort.ms;
import static dev.weft.it.asyncio.AsyncioPort.outcome;
import static dev.weft.it.asyncio.AsyncioPort.returning;
import static dev.weft.it.asyncio.AsyncioPort.run;
import static dev.weft.it.asyncio.AsyncioPort.yields;
import static dev.weft.it.asyncio.TasksGatherShieldPort.inner;
import static org.junit.jupiter.api.Assertions.*;

/**
 * CPython's {@code Lib/test/test_asyncio/test_tasks.py} (3.13), the tests of {@code gather()} (GatherTestsBase,
 * FutureGatherTests, CoroutineGatherTests, test_cancel_gather_*), ported to {@link Weft#gather} and
 * {@link Weft#gatherSettled}; the tests of {@code shield()} are in {@link TasksShieldPortTest}. Weft's gather is a
 * coroutine run inside the awaiting task, so where CPython holds the gathering future the port spawns the gather as
 * a task; CPython's two variants (children as futures, and as coroutines awaiting them) are both run.
 * {@code return_exceptions=True} is gatherSettled.
 *
 * <p>Deliberate difference, asserted where it shows: the first failure of a gather cancels the other children
 * (README, "gather, waitAll, asCompleted"), where asyncio leaves them running.
 *
 * <p>Not ported: test_constructor_* (gather binds no loop when called: like every Weft coroutine it runs nothing
 * until awaited, then on the awaiting task's loop), test_env_var_debug and test_issue46672 (Python's environment
 * variables and type errors).
 */
@org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class TasksGatherPortTest {

    /** CPython's wrap_futures: the promises themselves, or coroutines awaiting them. */
    @SafeVarargs
    static List<Awaitable<Integer>> wrap(boolean asCoroutines, Promise<Integer>... futures) {
        List<Awaitable<Integer>> wrapped = new ArrayList<>();
        for (Promise<Integer> f : futures) {
            wrapped.add(asCoroutines ? AsyncioPort.awaiting(f) : f);
        }
        return wrapped;
    }

    @SuppressWarnings("unchecked")
    static Promise<Integer>[] promises(int n) {
        Promise<Integer>[] p = new Promise[n];
        for (int i = 0; i < n; i++) {
            p[i] = new Promise<>();
        }
        return p;
    }

    // ------------------------------------------------------------------ GatherTestsBase

    @Async
    static Coroutine<Object> checkSuccess(boolean asCoroutines, boolean settled) {
        Promise<Integer>[] p = promises(3);
        List<Awaitable<Integer>> children = wrap(asCoroutines, p);
        Task<?> fut = Weft.spawn(settled ? Weft.gatherSettled(children) : Weft.gather(children));
        int[] calls = {0};
        fut.addDoneCallback(t -> calls[0]++);
        p[1].complete(1);
        p[0].complete(2);
        await(yields(10)); // CPython's _run_loop: until nothing is ready
        assertEquals(0, calls[0]);
        assertFalse(fut.isDone());
        p[2].complete(3);
        await(yields(10)); // CPython's _run_loop: until nothing is ready
        assertEquals(1, calls[0]);
        return Coroutine.of(fut.result());
    }

    /** test_success: the values in argument order, once all are done. */
    @Test
    void testSuccess() {
        for (boolean asCoroutines : new boolean[] {false, true}) {
            assertEquals(List.of(2, 1, 3), run(checkSuccess(asCoroutines, false)));
        }
    }

    /** test_result_exception_success: the same in gatherSettled mode. */
    @Test
    void testResultExceptionSuccess() {
        for (boolean asCoroutines : new boolean[] {false, true}) {
            assertEquals(List.of(2, 1, 3), run(checkSuccess(asCoroutines, true)));
        }
    }

    @Async
    static Coroutine<Void> oneException(boolean asCoroutines) {
        Promise<Integer>[] p = promises(5);
        Task<List<Integer>> fut = Weft.spawn(Weft.gather(wrap(asCoroutines, p)));
        int[] calls = {0};
        fut.addDoneCallback(t -> calls[0]++);
        ArithmeticException exc = new ArithmeticException();
        p[0].complete(1);
        p[1].fail(exc);
        await(yields(10)); // CPython's _run_loop: until nothing is ready
        assertTrue(fut.isDone());
        assertEquals(1, calls[0]);
        assertSame(exc, fut.exception());
        // Weft: the other children were cancelled (asyncio: left running, and these would "do nothing")
        assertFalse(p[2].complete(3));
        assertTrue(p[2].isCancelled() && p[3].isCancelled() && p[4].isCancelled());
        return Coroutine.done();
    }

    /** test_one_exception: the first failure is the gather's. (Weft cancels the others; asyncio leaves them.) */
    @Test
    void testOneException() {
        run(oneException(false));
        run(oneException(true));
    }

    @Async
    static Coroutine<List<Object>> returnExceptions(boolean asCoroutines, Throwable exc, Throwable exc2) {
        Promise<Integer>[] p = promises(4);
        Task<List<Object>> fut = Weft.spawn(Weft.gatherSettled(wrap(asCoroutines, p)));
        int[] calls = {0};
        fut.addDoneCallback(t -> calls[0]++);
        p[1].complete(1);
        p[2].fail(exc);
        p[0].complete(3);
        await(yields(10)); // CPython's _run_loop: until nothing is ready
        assertFalse(fut.isDone());
        p[3].fail(exc2);
        await(yields(10)); // CPython's _run_loop: until nothing is ready
        assertTrue(fut.isDone());
        assertEquals(1, calls[0]);
        return Coroutine.of(fut.result());
    }

    /** test_return_exceptions: gatherSettled gives each value or failure in order, and waits for all. */
    @Test
    void testReturnExceptions() {
        ArithmeticException exc = new ArithmeticException();
        IllegalStateException exc2 = new IllegalStateException();
        for (boolean asCoroutines : new boolean[] {false, true}) {
            assertEquals(List.of(3, 1, exc, exc2), run(returnExceptions(asCoroutines, exc, exc2)));
        }
    }

    // ------------------------------------------------------------------ FutureGatherTests

    @Async
    static Coroutine<List<Object>> gatherNothing() {
        return Coroutine.of(new ArrayList<>(await(Weft.gather(List.<Awaitable<Object>>of()))));
    }

    /** test_constructor_empty_sequence_use_running_loop: gathering nothing gives an empty list. */
    @Test
    void testConstructorEmptySequenceUseRunningLoop() {
        assertEquals(List.of(), run(gatherNothing()));
    }

    @Async
    static Coroutine<Void> oneCancellation() {
        Promise<Integer>[] p = promises(5);
        Task<List<Integer>> fut = Weft.spawn(Weft.gather(wrap(false, p)));
        int[] calls = {0};
        fut.addDoneCallback(t -> calls[0]++);
        p[0].complete(1);
        p[1].cancel();
        await(yields(10)); // CPython's _run_loop: until nothing is ready
        assertTrue(fut.isDone());
        assertEquals(1, calls[0]);
        assertInstanceOf(CancelledException.class, fut.exception());
        assertTrue(p[2].isCancelled() && p[3].isCancelled() && p[4].isCancelled(), "Weft cancels the others");
        return Coroutine.done();
    }

    /**
     * test_one_cancellation: a cancelled child counts as a failure: the gather raises its CancelledException (in Weft
     * the task running the gather then ends cancelled, as an asyncio task whose coroutine raises CancelledError does).
     */
    @Test
    void testOneCancellation() {
        run(oneCancellation());
    }

    @Async
    static Coroutine<List<Object>> resultExceptionOneCancellation(Throwable zde, Throwable rte) {
        Promise<Integer>[] p = promises(6);
        Task<List<Object>> fut = Weft.spawn(Weft.gatherSettled(wrap(false, p)));
        int[] calls = {0};
        fut.addDoneCallback(t -> calls[0]++);
        p[0].complete(1);
        p[1].fail(zde);
        p[2].cancel();
        await(yields(10)); // CPython's _run_loop: until nothing is ready
        assertFalse(fut.isDone());
        p[3].complete(3);
        p[4].cancel();
        p[5].fail(rte);
        List<Object> res = new ArrayList<>(await(fut));
        assertInstanceOf(CancelledException.class, res.get(2));
        assertInstanceOf(CancelledException.class, res.get(4));
        res.set(2, null);
        res.set(4, null);
        await(yields(2));
        assertEquals(1, calls[0]);
        return Coroutine.of(res);
    }

    /** test_result_exception_one_cancellation: in gatherSettled mode a cancellation is one more outcome. */
    @Test
    void testResultExceptionOneCancellation() {
        ArithmeticException zde = new ArithmeticException();
        IllegalStateException rte = new IllegalStateException();
        assertEquals(Arrays.asList(1, zde, null, 3, null, rte), run(resultExceptionOneCancellation(zde, rte)));
    }

    // ------------------------------------------------------------------ CoroutineGatherTests

    @Async
    static Coroutine<List<String>> duplicateCoroutines() {
        Coroutine<String> c = returning("abc");
        return Coroutine.of(await(Weft.gather(c, c, returning("def"), c)));
    }

    /** test_duplicate_coroutines: a coroutine given several times runs once, as one task, and fills each slot. */
    @Test
    void testDuplicateCoroutines() {
        assertEquals(List.of("abc", "abc", "def", "abc"), run(duplicateCoroutines()));
    }

    @Async
    static Coroutine<Void> outer(Task<Void> child1, Task<Void> child2, int[] proof) {
        await(Weft.gather(child1, child2));
        proof[0] += 100;
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> cancellationBroadcast() {
        int[] proof = {0};
        Promise<Void> waiter = new Promise<>();
        Task<Void> child1 = Weft.spawn(inner(waiter, proof));
        Task<Void> child2 = Weft.spawn(inner(waiter, proof));
        Task<Void> f = Weft.spawn(outer(child1, child2, proof));
        await(Weft.sleep(Duration.ZERO));
        assertTrue(f.cancel());
        assertEquals("cancelled", await(outcome(f)));
        assertTrue(waiter.isCancelled());
        assertTrue(child1.isCancelled());
        assertTrue(child2.isCancelled());
        await(Weft.sleep(Duration.ZERO));
        assertEquals(0, proof[0]);
        return Coroutine.done();
    }

    /**
     * test_cancellation_broadcast: cancelling the task awaiting a gather cancels every child. (CPython also checks
     * that the finished gathering future refuses cancel(); Weft's gather has no handle of its own yet.)
     */
    @Test
    void testCancellationBroadcast() {
        run(cancellationBroadcast());
    }

    @Async
    static Coroutine<Void> raisesAfter(Promise<Void> f) {
        await(f);
        throw new IllegalStateException("should not be ignored");
    }

    @Async
    static Coroutine<Void> exceptionMarking() {
        Promise<Void> a = new Promise<>();
        Promise<Void> b = new Promise<>();
        Task<List<Void>> f = Weft.spawn(Weft.gather(raisesAfter(a), raisesAfter(b)));
        await(Weft.sleep(Duration.ZERO));
        a.complete(null);
        await(yields(3));
        b.complete(null);
        await(yields(3));
        assertInstanceOf(IllegalStateException.class, f.exception());
        return Coroutine.done();
    }

    /** test_exception_marking: the gather fails with its child's failure. */
    @Test
    void testExceptionMarking() {
        run(exceptionMarking());
    }

    // ------------------------------------------------------------------ test_cancel_gather_1, _2

    @Async
    static Coroutine<Void> cancelGather1() {
        Promise<Integer> fut = new Promise<>();
        Task<List<Integer>> gatherTask = Weft.spawn(Weft.gather(AsyncioPort.awaiting(fut)));
        await(Weft.sleep(Duration.ZERO));
        boolean[] cancelResult = {false};
        fut.addDoneCallback(f -> cancelResult[0] = gatherTask.cancel());
        fut.complete(42); // runs the cancelling callback once fut is done
        assertEquals("cancelled", await(outcome(gatherTask)));
        assertTrue(cancelResult[0]);
        assertTrue(gatherTask.isCancelled());
        return Coroutine.done();
    }

    /**
     * test_cancel_gather_1. Deliberate difference: asyncio's gathering future refuses a cancel() once all its children
     * are done (it ends with [42]); in Weft a cancellation requested before the awaiting task resumed stays in force
     * (README, Cancellation), so the task running the gather ends cancelled.
     */
    @Test
    void testCancelGather1() {
        run(cancelGather1());
    }

    @Async
    static Coroutine<Void> gatherLoop() {
        long time = 0;
        while (true) {
            time += 50;
            await(Weft.gatherSettled(Weft.sleep(ms(50))));
            if (time > 1000) {
                return Coroutine.done();
            }
        }
    }

    @Async
    static Coroutine<Void> cancelGather2(String message) {
        Task<Void> qwe = Weft.spawn(gatherLoop());
        await(Weft.sleep(ms(200)));
        qwe.cancel(message);
        await(qwe);
        return Coroutine.done();
    }

    /** test_cancel_gather_2: a task cancelled inside a gather raises the CancelledException, message and all. */
    @Test
    void testCancelGather2() {
        assertEquals("cancelled", assertThrows(CancelledException.class, () -> run(cancelGather2(null))).getMessage());
        assertEquals("my message", assertThrows(CancelledException.class, () -> run(cancelGather2("my message"))).getMessage());
    }
}
