package dev.weft.it.asyncio;

import dev.weft.Async;
import dev.weft.Awaitable;
import dev.weft.CancelledException;
import dev.weft.Coroutine;
import dev.weft.Gather;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.Weft;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.weft.Weft.await;
import static dev.weft.it.asyncio.ApiPort.ms;
import static dev.weft.it.asyncio.ApiPort.outcome;
import static dev.weft.it.asyncio.ApiPort.runVirtual;
import static dev.weft.it.asyncio.ApiPort.sleep0;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The gather tests of CPython's Lib/test/test_asyncio/test_tasks.py, on the running gather handle
 * ({@link Gather#spawn}, a task that starts its children at once, like the future asyncio's {@code gather()}
 * returns): GatherTestsBase for futures (FutureGatherTests) and coroutines (CoroutineGatherTests), their
 * cancellation cases, test_cancel_gather_1 and _2, test_gather_shield and test_shield_gather. asyncio's
 * {@code _run_loop} is a few {@code sleep(0)}s of the main task.
 *
 * <p>Where Weft's gather differs from asyncio the test asserts Weft's behaviour and says so: the first failure
 * cancels the other children (asyncio leaves them running); a child's cancellation that ends the gather leaves
 * the handle cancelled (asyncio's future holds the CancelledError without being cancelled); and the handle is a
 * task, so cancelling it before it finished is never refused.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GatherHandlePortTest {

    /** Runs the ready callbacks, the gather's completion and the done-callbacks it scheduled. */
    @Async
    static Coroutine<Void> runLoop() {
        return sleep0(5);
    }

    @Async
    static <T> Coroutine<T> awaitIt(Promise<T> fut) {
        return Coroutine.of(await(fut));
    }

    /** GatherTestsBase.wrap_futures: the promises themselves, or coroutines awaiting them (CoroutineGatherTests). */
    @SafeVarargs
    static List<Awaitable<Object>> wrap(boolean asCoroutines, Promise<Object>... futures) {
        List<Awaitable<Object>> wrapped = new ArrayList<>();
        for (Promise<Object> f : futures) {
            wrapped.add(asCoroutines ? awaitIt(f) : f);
        }
        return wrapped;
    }

    @SuppressWarnings("unchecked")
    static Promise<Object>[] futures(int n) {
        Promise<Object>[] p = new Promise[n];
        for (int i = 0; i < n; i++) {
            p[i] = new Promise<>();
        }
        return p;
    }

    // ------------------------------------------------------------------ GatherTestsBase

    @Async
    static Coroutine<Void> checkSuccess(boolean asCoroutines, boolean settled) {
        Promise<Object>[] abc = futures(3);
        Task<? extends List<Object>> fut = settled ? Gather.spawnSettled(wrap(asCoroutines, abc))
                : Gather.spawn(wrap(asCoroutines, abc));
        int[] cb = {0};
        fut.addDoneCallback(t -> cb[0]++);
        abc[1].complete(1);
        abc[0].complete(2);
        await(runLoop());
        assertEquals(0, cb[0]);
        assertFalse(fut.isDone());
        abc[2].complete(3);
        await(runLoop());
        assertEquals(1, cb[0]);
        assertEquals(List.of(2, 1, 3), fut.result());
        return Coroutine.done();
    }

    @Test
    void test_success() {
        Weft.run(checkSuccess(false, false));
        Weft.run(checkSuccess(true, false));
    }

    @Test
    void test_result_exception_success() {
        Weft.run(checkSuccess(false, true));
        Weft.run(checkSuccess(true, true));
    }

    @Async
    static Coroutine<Void> oneException(boolean asCoroutines) {
        Promise<Object>[] p = futures(5);
        Task<List<Object>> fut = Gather.spawn(wrap(asCoroutines, p));
        int[] cb = {0};
        fut.addDoneCallback(t -> cb[0]++);
        ArithmeticException exc = new ArithmeticException("ZeroDivisionError");
        p[0].complete(1);
        p[1].fail(exc);
        await(runLoop());
        assertTrue(fut.isDone());
        assertEquals(1, cb[0]);
        assertSame(exc, fut.exception());
        // asyncio: "Does nothing", the others run on. Weft's gather cancelled them when b failed.
        assertFalse(p[2].complete(3));
        assertTrue(p[2].isCancelled() && p[3].isCancelled() && p[4].isCancelled());
        return Coroutine.done();
    }

    @Test
    void test_one_exception() {
        Weft.run(oneException(false));
        Weft.run(oneException(true));
    }

    @Async
    static Coroutine<Void> returnExceptions(boolean asCoroutines) {
        Promise<Object>[] p = futures(4);
        Task<List<Object>> fut = Gather.spawnSettled(wrap(asCoroutines, p));
        int[] cb = {0};
        fut.addDoneCallback(t -> cb[0]++);
        ArithmeticException exc = new ArithmeticException("ZeroDivisionError");
        IllegalStateException exc2 = new IllegalStateException("RuntimeError");
        p[1].complete(1);
        p[2].fail(exc);
        p[0].complete(3);
        await(runLoop());
        assertFalse(fut.isDone());
        p[3].fail(exc2);
        await(runLoop());
        assertTrue(fut.isDone());
        assertEquals(1, cb[0]);
        assertEquals(Arrays.asList(3, 1, exc, exc2), fut.result());
        return Coroutine.done();
    }

    @Test
    void test_return_exceptions() {
        Weft.run(returnExceptions(false));
        Weft.run(returnExceptions(true));
    }

    // ------------------------------------------------------------------ FutureGatherTests

    @Async
    static Coroutine<Void> emptySequence() {
        Task<List<Object>> fut = Gather.spawn(List.of());
        await(runLoop());
        assertTrue(fut.isDone());
        assertEquals(List.of(), fut.result());
        return Coroutine.done();
    }

    @Test
    void test_constructor_empty_sequence_use_running_loop() {
        Weft.run(emptySequence());
    }

    @Async
    static Coroutine<Void> oneCancellation() {
        Promise<Object>[] p = futures(5);
        Task<List<Object>> fut = Gather.spawn(wrap(false, p));
        int[] cb = {0};
        fut.addDoneCallback(t -> cb[0]++);
        p[0].complete(1);
        p[1].cancel();
        await(runLoop());
        assertTrue(fut.isDone());
        assertEquals(1, cb[0]);
        // asyncio: assertFalse(fut.cancelled()); the handle is a task ended by a CancelledException: cancelled
        assertTrue(fut.isCancelled());
        assertInstanceOf(CancelledException.class, fut.exception());
        // asyncio: "Does nothing"; here the others were cancelled with the gather
        assertFalse(p[2].complete(3));
        assertTrue(p[3].isCancelled() && p[4].isCancelled());
        return Coroutine.done();
    }

    @Test
    void test_one_cancellation() {
        Weft.run(oneCancellation());
    }

    @Async
    static Coroutine<Void> resultExceptionOneCancellation() {
        Promise<Object>[] p = futures(6);
        Task<List<Object>> fut = Gather.spawnSettled(wrap(false, p));
        int[] cb = {0};
        fut.addDoneCallback(t -> cb[0]++);
        p[0].complete(1);
        ArithmeticException zde = new ArithmeticException("ZeroDivisionError");
        p[1].fail(zde);
        p[2].cancel();
        await(runLoop());
        assertFalse(fut.isDone());
        p[3].complete(3);
        p[4].cancel();
        IllegalStateException rte = new IllegalStateException("RuntimeError");
        p[5].fail(rte);
        List<Object> res = new ArrayList<>(await(fut));
        assertInstanceOf(CancelledException.class, res.get(2));
        assertInstanceOf(CancelledException.class, res.get(4));
        res.set(2, null);
        res.set(4, null);
        assertEquals(Arrays.asList(1, zde, null, 3, null, rte), res);
        await(runLoop());
        assertEquals(1, cb[0]);
        return Coroutine.done();
    }

    @Test
    void test_result_exception_one_cancellation() {
        Weft.run(resultExceptionOneCancellation());
    }

    // ------------------------------------------------------------------ CoroutineGatherTests

    @Async
    static Coroutine<String> same(String s) {
        return Coroutine.of(s);
    }

    @Async
    static Coroutine<List<String>> duplicateCoroutines() {
        Coroutine<String> c = same("abc");
        Task<List<String>> fut = Gather.spawn(c, c, same("def"), c);
        await(runLoop());
        return Coroutine.of(fut.result());
    }

    @Test
    void test_duplicate_coroutines() {
        assertEquals(List.of("abc", "abc", "def", "abc"), Weft.run(duplicateCoroutines()));
    }

    @Async
    static Coroutine<Void> inner(Promise<Void> waiter, int[] proof) {
        await(waiter);
        proof[0] += 1;
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> outer(Task<Void> child1, Task<Void> child2, Object[] gatherer, int[] proof) {
        Task<List<Void>> g = Gather.spawn(child1, child2);
        gatherer[0] = g;
        await(g);
        proof[0] += 100;
        return Coroutine.done();
    }

    @Async
    @SuppressWarnings("unchecked")
    static Coroutine<Void> cancellationBroadcast() {
        // cancelling outer() cancels all children
        int[] proof = {0};
        Promise<Void> waiter = new Promise<>();
        Task<Void> child1 = Weft.spawn(inner(waiter, proof));
        Task<Void> child2 = Weft.spawn(inner(waiter, proof));
        Object[] gatherer = new Object[1];
        Task<Void> f = Weft.spawn(outer(child1, child2, gatherer, proof));
        await(sleep0());
        assertTrue(f.cancel());
        assertEquals("cancelled", await(outcome(f)));
        // a Weft task cancelled while awaiting another task is not held until that task's cleanup is over (asyncio
        // wakes it only once the gatherer is done): wait for the gatherer too
        Task<List<Void>> g = (Task<List<Void>>) gatherer[0];
        assertEquals("cancelled", await(outcome(g)));
        assertFalse(g.cancel());
        assertTrue(waiter.isCancelled());
        assertTrue(child1.isCancelled());
        assertTrue(child2.isCancelled());
        await(sleep0());
        assertEquals(0, proof[0]);
        return Coroutine.done();
    }

    @Test
    void test_cancellation_broadcast() {
        Weft.run(cancellationBroadcast());
    }

    @Async
    static Coroutine<Void> failAfter(Promise<Void> f) {
        await(f);
        throw new IllegalStateException("should not be ignored");
    }

    @Async
    static Coroutine<Void> outerOfTwo(Promise<Void> a, Promise<Void> b) {
        await(Weft.gather(failAfter(a), failAfter(b)));
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> exceptionMarking() {
        Promise<Void> a = new Promise<>();
        Promise<Void> b = new Promise<>();
        Task<Void> f = Weft.spawn(outerOfTwo(a, b));
        await(sleep0());
        a.complete(null);
        await(sleep0());
        b.complete(null);
        await(sleep0(3));
        assertInstanceOf(IllegalStateException.class, f.exception());
        return Coroutine.done();
    }

    @Test
    void test_exception_marking() {
        Weft.run(exceptionMarking());
    }

    // ------------------------------------------------------------------ test_cancel_gather_1, _2

    @Async
    static Coroutine<Void> cancelGather1() {
        Promise<Integer> fut = new Promise<>();
        // the indirection fut -> child coroutine is needed since otherwise the gathering task is done at the same
        // time as the child future
        Task<List<Integer>> gatherTask = Gather.spawn(awaitIt(fut));
        boolean[] cancelResult = new boolean[1];
        fut.addDoneCallback(f -> cancelResult[0] = gatherTask.cancel());
        fut.complete(42); // calls the cancelling callback after fut is done
        await(outcome(gatherTask));
        // asyncio (issue 26923) refuses the cancellation once every child is done and gives [42]. The handle is a
        // task, whose cancellation request stays in force once accepted: cancel() said true, and it is cancelled.
        assertTrue(cancelResult[0]);
        assertTrue(gatherTask.isCancelled());
        return Coroutine.done();
    }

    @Test
    void test_cancel_gather_1() {
        Weft.run(cancelGather1());
    }

    @Async
    static Coroutine<Void> repeatGathers() {
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
        Task<Void> qwe = Weft.spawn(repeatGathers());
        await(Weft.sleep(ms(200)));
        qwe.cancel(message);
        await(qwe);
        return Coroutine.done();
    }

    @Test
    void test_cancel_gather_2() {
        for (String message : Arrays.asList(null, "my message")) {
            try {
                runVirtual(cancelGather2(message));
                fail("gather() does not propagate CancelledException raised by inner task to the gather() caller.");
            } catch (CancelledException e) {
                // asyncio's args are () without a message; Weft's message is then "cancelled"
                assertEquals(message == null ? "cancelled" : message, e.getMessage());
            }
        }
    }

    // ------------------------------------------------------------------ shield

    @Async
    static Coroutine<Void> gatherShield() {
        Promise<Integer> child1 = new Promise<>();
        Promise<Integer> child2 = new Promise<>();
        Awaitable<Integer> inner1 = Weft.shield(child1);
        Awaitable<Integer> inner2 = Weft.shield(child2);
        Task<List<Integer>> parent = Gather.spawn(inner1, inner2);
        await(sleep0());
        parent.cancel();
        // this should cancel inner1 and inner2 but not child1 and child2
        await(sleep0());
        assertInstanceOf(CancelledException.class, parent.exception());
        assertTrue(((Promise<Integer>) inner1).isCancelled());
        assertTrue(((Promise<Integer>) inner2).isCancelled());
        assertTrue(child1.complete(1));
        assertTrue(child2.complete(2));
        await(sleep0());
        return Coroutine.done();
    }

    @Test
    void test_gather_shield() {
        Weft.run(gatherShield());
    }

    @Async
    static <T> Coroutine<T> awaitShielded(Awaitable<T> a) {
        return Coroutine.of(await(Weft.shield(a)));
    }

    @Async
    static Coroutine<List<Integer>> shieldGather() {
        Promise<Integer> child1 = new Promise<>();
        Promise<Integer> child2 = new Promise<>();
        Task<List<Integer>> parent = Gather.spawn(child1, child2);
        // asyncio cancels the future shield() returns; here the task awaiting it is cancelled
        Task<List<Integer>> outer = Weft.spawn(awaitShielded(parent));
        await(sleep0());
        outer.cancel();
        await(sleep0());
        assertTrue(outer.isCancelled());
        child1.complete(1);
        child2.complete(2);
        await(sleep0(2));
        return Coroutine.of(parent.result());
    }

    @Test
    void test_shield_gather() {
        assertEquals(List.of(1, 2), Weft.run(shieldGather()));
    }
}
