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

import java.util.Arrays;
import java.util.List;

import static dev.weft.Weft.await;
import static dev.weft.it.asyncio.ApiPort.ms;
import static dev.weft.it.asyncio.ApiPort.outcome;
import static dev.weft.it.asyncio.ApiPort.runVirtual;
import static dev.weft.it.asyncio.ApiPort.sleep0;
import static dev.weft.it.asyncio.GatherHandlePort.awaitIt;
import static dev.weft.it.asyncio.GatherHandlePort.runLoop;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The gather tests of CPython's Lib/test/test_asyncio/test_tasks.py, on the running gather handle
 * ({@link Gather#spawn}): CoroutineGatherTests (a duplicate coroutine, cancellation broadcast to the children,
 * exception marking), test_cancel_gather_1 and _2, test_gather_shield and test_shield_gather. GatherTestsBase and
 * FutureGatherTests are in {@link GatherHandlePortTest}, whose header says where Weft's gather differs from asyncio.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GatherHandleCoroutinePortTest {

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
