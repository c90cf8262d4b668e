package dev.weft.it.asyncio;

import dev.weft.Async;
import dev.weft.Awaitable;
import dev.weft.CancelledException;
import dev.weft.Coroutine;
import dev.weft.EventLoop;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.Weft;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.weft.Weft.await;
import static dev.weft.it.asyncio.AsyncioPort.outcome;
import static dev.weft.it.asyncio.AsyncioPort.returning;
import static dev.weft.it.asyncio.AsyncioPort.run;
import static dev.weft.it.asyncio.AsyncioPort.yields;
import static dev.weft.it.asyncio.TasksGatherShieldPort.inner;
import static org.junit.jupiter.api.Assertions.*;

/**
 * CPython's {@code Lib/test/test_asyncio/test_tasks.py} (3.13), the tests of {@code shield()}, ported to
 * {@link Weft#shield}: the shielded work's value or failure, cancelling the inner work or the outer awaiter, a
 * shortcut for something already done, shield and gather around each other, and shielding a coroutine with and
 * without a running loop; the tests of {@code gather()} are in {@link TasksGatherPortTest}.
 *
 * <p>Not ported: test_shield_coroutine_use_global_loop (no global loop).
 */
@org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class TasksShieldPortTest {

    // ------------------------------------------------------------------ shield

    @Async
    static Coroutine<Integer> shieldResult() {
        Promise<Integer> inner = new Promise<>();
        Awaitable<Integer> outer = Weft.shield(inner);
        inner.complete(42);
        return Coroutine.of(await(outer));
    }

    /** test_shield_result: the shield gives the inner value. */
    @Test
    void testShieldResult() {
        assertEquals(42, run(shieldResult()));
    }

    @Async
    static Coroutine<Throwable> shieldException(boolean cancelInner) {
        Promise<Integer> inner = new Promise<>();
        Awaitable<Integer> outer = Weft.shield(inner);
        await(Weft.sleep(Duration.ZERO));
        if (cancelInner) {
            inner.cancel();
        } else {
            inner.fail(new IllegalStateException("expected"));
        }
        await(Weft.sleep(Duration.ZERO));
        return Coroutine.of(outer.exception());
    }

    /** test_shield_exception: the shield gives the inner failure. */
    @Test
    void testShieldException() {
        assertEquals("expected", run(shieldException(false)).getMessage());
    }

    /** test_shield_cancel_inner: cancelling the inner work cancels the shield too. */
    @Test
    void testShieldCancelInner() {
        assertInstanceOf(CancelledException.class, run(shieldException(true)));
    }

    @Async
    static Coroutine<Void> shieldCancelOuter() {
        Promise<Integer> inner = new Promise<>();
        Awaitable<Integer> outer = Weft.shield(inner);
        Task<Integer> awaiter = Weft.spawn(AsyncioPort.awaiting(outer));
        await(Weft.sleep(Duration.ZERO));
        awaiter.cancel();
        await(Weft.sleep(Duration.ZERO));
        assertInstanceOf(CancelledException.class, outer.exception(), "the shield is cancelled");
        assertFalse(inner.isDone(), "the inner work is not");
        inner.complete(1);
        return Coroutine.done();
    }

    /** test_shield_cancel_outer: cancelling the shield (through its awaiter) leaves the inner work alone. */
    @Test
    void testShieldCancelOuter() {
        run(shieldCancelOuter());
    }

    @Async
    static Coroutine<Integer> shieldShortcut() {
        Promise<Integer> fut = new Promise<>();
        fut.complete(42);
        assertSame(fut, Weft.shield(fut), "something already done needs no shield");
        return Coroutine.of(await(Weft.shield(fut)));
    }

    /** test_shield_shortcut: shielding something done gives its value. */
    @Test
    void testShieldShortcut() {
        assertEquals(42, run(shieldShortcut()));
    }

    @Async
    static Coroutine<Void> outerShielding(Promise<Void> waiter, int[] proof) {
        await(Weft.shield(inner(waiter, proof)));
        proof[0] += 100;
        return Coroutine.done();
    }

    @Async
    static Coroutine<Integer> shieldEffect() {
        int[] proof = {0};
        Promise<Void> waiter = new Promise<>();
        Task<Void> f = Weft.spawn(outerShielding(waiter, proof));
        await(Weft.sleep(Duration.ZERO));
        f.cancel();
        assertEquals("cancelled", await(outcome(f)));
        waiter.complete(null);
        await(yields(2));
        return Coroutine.of(proof[0]);
    }

    /** test_shield_effect: cancelling outer() does not affect the shielded inner(). */
    @Test
    void testShieldEffect() {
        assertEquals(1, run(shieldEffect()));
    }

    @Async
    static Coroutine<List<Integer>> shieldGather() {
        Promise<Integer> child1 = new Promise<>();
        Promise<Integer> child2 = new Promise<>();
        Task<List<Integer>> parent = Weft.spawn(Weft.gather(child1, child2));
        Awaitable<List<Integer>> outer = Weft.shield(parent);
        Task<List<Integer>> awaiter = Weft.spawn(AsyncioPort.awaiting(outer));
        await(Weft.sleep(Duration.ZERO));
        awaiter.cancel();
        await(Weft.sleep(Duration.ZERO));
        assertInstanceOf(CancelledException.class, outer.exception());
        child1.complete(1);
        child2.complete(2);
        await(yields(3));
        return Coroutine.of(parent.result());
    }

    /** test_shield_gather: a shielded gather runs on when the shield is cancelled. */
    @Test
    void testShieldGather() {
        assertEquals(List.of(1, 2), run(shieldGather()));
    }

    @Async
    static Coroutine<Void> gatherShield() {
        Promise<Integer> child1 = new Promise<>();
        Promise<Integer> child2 = new Promise<>();
        Awaitable<Integer> inner1 = Weft.shield(child1);
        Awaitable<Integer> inner2 = Weft.shield(child2);
        Task<List<Integer>> parent = Weft.spawn(Weft.gather(inner1, inner2));
        await(Weft.sleep(Duration.ZERO));
        parent.cancel();
        await(Weft.sleep(Duration.ZERO));
        assertInstanceOf(CancelledException.class, parent.exception());
        assertInstanceOf(CancelledException.class, inner1.exception());
        assertInstanceOf(CancelledException.class, inner2.exception());
        assertFalse(child1.isDone() || child2.isDone(), "the shielded children are not cancelled");
        child1.complete(1);
        child2.complete(2);
        return Coroutine.done();
    }

    /** test_gather_shield: cancelling a gather of shields cancels the shields, not what they shield. */
    @Test
    void testGatherShield() {
        run(gatherShield());
    }

    /** test_shield_coroutine_without_loop: shielding a coroutine needs a running loop to spawn it on. */
    @Test
    void testShieldCoroutineWithoutLoop() {
        Coroutine<Integer> inner = returning(42);
        assertThrows(IllegalStateException.class, () -> Weft.shield(inner));
        inner.close();
    }

    @Async
    static Coroutine<Awaitable<Integer>> shieldOnRunningLoop() {
        return Coroutine.of(Weft.shield(returning(42)));
    }

    @Async
    static Coroutine<Integer> shieldCoroutineUseRunningLoop() {
        Awaitable<Integer> outer = await(shieldOnRunningLoop());
        return Coroutine.of(await(outer));
    }

    /** test_shield_coroutine_use_running_loop: a shielded coroutine runs as a task on the running loop. */
    @Test
    void testShieldCoroutineUseRunningLoop() {
        assertEquals(42, run(shieldCoroutineUseRunningLoop()));
        try (EventLoop loop = AsyncioPort.virtualLoop()) {
            Task<Awaitable<Integer>> t = loop.createTask(shieldOnRunningLoop());
            loop.runUntilComplete(t);
            Awaitable<Integer> outer = t.result();
            loop.runUntilComplete(outer);
            assertEquals(42, outer.result());
        }
    }
}
