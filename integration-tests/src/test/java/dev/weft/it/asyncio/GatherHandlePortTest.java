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
import static dev.weft.it.asyncio.GatherHandlePort.awaitIt;
import static dev.weft.it.asyncio.GatherHandlePort.runLoop;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The gather tests of CPython's Lib/test/test_asyncio/test_tasks.py, on the running gather handle
 * ({@link Gather#spawn}, a task that starts its children at once, like the future asyncio's {@code gather()}
 * returns): GatherTestsBase for futures and coroutines, and FutureGatherTests. CoroutineGatherTests, their
 * cancellation cases, test_cancel_gather_1 and _2, test_gather_shield and test_shield_gather are in
 * {@link GatherHandleCoroutinePortTest}. asyncio's {@code _run_loop} is a few {@code sleep(0)}s of the main task.
 *
 * <p>Where Weft's gather differs from asyncio the test asserts Weft's behaviour and says so: the first failure
 * cancels the other children (asyncio leaves them running); a child's cancellation that ends the gather leaves
 * the handle cancelled (asyncio's future holds the CancelledError without being cancelled); and the handle is a
 * task, so cancelling it before it finished is never refused.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GatherHandlePortTest {

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
}
