package dev.weft.it.asyncio;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.EventLoop;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.sync.Condition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import static dev.weft.Weft.await;
import static dev.weft.it.asyncio.AsyncioPort.failure;
import static dev.weft.it.asyncio.AsyncioPort.outcome;
import static dev.weft.it.asyncio.AsyncioPort.run;
import static org.junit.jupiter.api.Assertions.*;

/**
 * CPython's {@code Lib/test/test_asyncio/test_locks.py} (3.13), ConditionTests, ported to {@link Condition}: waiting
 * and notifying (test_wait*, test_wait_for*, test_notify*). The tests about the condition's lock are in
 * {@link LocksConditionLockPortTest}. {@code wait()} is {@code waitFor()}, {@code wait_for(predicate)} is
 * {@code waitFor(predicate)}, {@code notify()} is {@code notifyOne()} and {@code notify_all()} is
 * {@code notifyAllWaiters()} (Java's {@code Object} methods are final); both waits complete with no value (asyncio:
 * {@code True} / the predicate's value). Misuse is {@link IllegalStateException} (asyncio: RuntimeError). Times are
 * virtual.
 *
 * <p>Not ported: test_repr (repr strings); test_ambiguous_loops (Weft's primitives are not bound to a loop).
 */
@org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class LocksConditionPortTest {

    /** CPython's c1/c2/c3: acquire, wait, record; release afterwards only if {@code release}. */
    @Async
    static Coroutine<Boolean> waiter(Condition cond, List<Integer> result, int n, boolean release) {
        await(cond.acquire());
        await(cond.waitFor());
        result.add(n);
        if (release) {
            cond.release();
        }
        return Coroutine.of(true);
    }

    @Async
    static Coroutine<Void> conditionWait() {
        Condition cond = new Condition();
        List<Integer> result = new ArrayList<>();
        Task<Boolean> t1 = Weft.spawn(waiter(cond, result, 1, false));
        Task<Boolean> t2 = Weft.spawn(waiter(cond, result, 2, false));
        Task<Boolean> t3 = Weft.spawn(waiter(cond, result, 3, false));
        await(Weft.sleep(Duration.ZERO));
        assertEquals(List.of(), result);
        assertFalse(cond.locked());

        await(cond.acquire());
        cond.notifyOne();
        await(Weft.sleep(Duration.ZERO));
        assertEquals(List.of(), result);
        assertTrue(cond.locked());

        cond.release();
        await(Weft.sleep(Duration.ZERO));
        assertEquals(List.of(1), result);
        assertTrue(cond.locked());

        cond.notify(2);
        await(Weft.sleep(Duration.ZERO));
        assertEquals(List.of(1), result);
        assertTrue(cond.locked());

        cond.release();
        await(Weft.sleep(Duration.ZERO));
        assertEquals(List.of(1, 2), result);
        assertTrue(cond.locked());

        cond.release();
        await(Weft.sleep(Duration.ZERO));
        assertEquals(List.of(1, 2, 3), result);
        assertTrue(cond.locked());

        for (Task<Boolean> t : List.of(t1, t2, t3)) {
            assertTrue(t.isDone());
            assertTrue(t.result());
        }
        return Coroutine.done();
    }

    /** test_wait: notified waiters take the lock back one release at a time, in order. */
    @Test
    void testWait() {
        run(conditionWait());
    }

    @Async
    static Coroutine<Void> waitCancel() {
        Condition cond = new Condition();
        await(cond.acquire());
        Task<Void> wait = Weft.spawn(cond.waitFor());
        EventLoop.current().callSoon(wait::cancel);
        assertEquals("cancelled", await(outcome(wait)));
        assertTrue(cond.toString().contains("waiters:0"), cond.toString());
        assertTrue(cond.locked(), "the cancelled wait took the lock back");
        return Coroutine.done();
    }

    /** test_wait_cancel: a cancelled wait leaves no waiter and holds the lock again. */
    @Test
    void testWaitCancel() {
        run(waitCancel());
    }

    @Async
    static Coroutine<Void> waitCancelContested() {
        Condition cond = new Condition();
        await(cond.acquire());
        assertTrue(cond.locked());
        Task<Void> waitTask = Weft.spawn(cond.waitFor());
        await(Weft.sleep(Duration.ZERO));
        assertFalse(cond.locked());
        // notify, but contest the lock before cancelling
        await(cond.acquire());
        assertTrue(cond.locked());
        cond.notifyOne();
        EventLoop.current().callSoon(waitTask::cancel);
        EventLoop.current().callSoon(cond::release);
        String how = await(outcome(waitTask)); // either way, as in CPython
        assertTrue(how.equals("value null") || how.equals("cancelled"), how);
        assertTrue(cond.locked());
        return Coroutine.done();
    }

    /** test_wait_cancel_contested: notified, cancelled, then the lock released: the wait ends holding the lock. */
    @Test
    void testWaitCancelContested() {
        run(waitCancelContested());
    }

    @Async
    static Coroutine<Void> waitOnCond(Condition cond, boolean[] waited) {
        await(cond.acquire());
        try {
            waited[0] = true; // make sure this area was reached
            await(cond.waitFor());
        } finally {
            cond.release();
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> waitCancelAfterNotify() {
        boolean[] waited = {false};
        Condition cond = new Condition();
        Task<Void> waiter = Weft.spawn(waitOnCond(cond, waited));
        await(Weft.sleep(Duration.ZERO)); // start waiting
        await(cond.acquire());
        cond.notifyOne();
        await(Weft.sleep(Duration.ZERO)); // get to acquire()
        waiter.cancel();
        await(Weft.sleep(Duration.ZERO)); // activate the cancellation
        cond.release();
        await(Weft.sleep(Duration.ZERO)); // the cancellation should occur
        assertTrue(waiter.isCancelled());
        assertTrue(waited[0]);
        return Coroutine.done();
    }

    /** test_wait_cancel_after_notify: a waiter cancelled while re-acquiring ends cancelled (bpo-32841). */
    @Test
    void testWaitCancelAfterNotify() {
        run(waitCancelAfterNotify());
    }

    /** test_wait_unacquired: waiting without the lock is an error. */
    @Test
    void testWaitUnacquired() {
        assertInstanceOf(IllegalStateException.class, run(failure(new Condition().waitFor())));
    }

    @Async
    static Coroutine<Boolean> waitForPredicate(Condition cond, BooleanSupplier predicate, List<Integer> result) {
        await(cond.acquire());
        await(cond.waitFor(predicate));
        result.add(1);
        cond.release();
        return Coroutine.of(true);
    }

    @Async
    static Coroutine<Void> conditionWaitFor() {
        Condition cond = new Condition();
        boolean[] presult = {false};
        List<Integer> result = new ArrayList<>();
        Task<Boolean> t = Weft.spawn(waitForPredicate(cond, () -> presult[0], result));
        await(Weft.sleep(Duration.ZERO));
        assertEquals(List.of(), result);

        await(cond.acquire());
        cond.notifyOne();
        cond.release();
        await(Weft.sleep(Duration.ZERO));
        assertEquals(List.of(), result);

        presult[0] = true;
        await(cond.acquire());
        cond.notifyOne();
        cond.release();
        await(Weft.sleep(Duration.ZERO));
        assertEquals(List.of(1), result);
        assertTrue(t.isDone());
        assertTrue(t.result());
        return Coroutine.done();
    }

    /** test_wait_for: waits until notified with the predicate true. */
    @Test
    void testWaitFor() {
        run(conditionWaitFor());
    }

    @Async
    static Coroutine<Throwable> waitForUnacquired() {
        Condition cond = new Condition();
        await(cond.waitFor(() -> true)); // a predicate already true returns at once, lock or not
        return Coroutine.of(await(failure(cond.waitFor(() -> false))));
    }

    /** test_wait_for_unacquired: a true predicate needs no lock; a false one is an error without it. */
    @Test
    void testWaitForUnacquired() {
        assertInstanceOf(IllegalStateException.class, run(waitForUnacquired()));
    }

    @Async
    static Coroutine<Void> conditionNotify() {
        Condition cond = new Condition();
        List<Integer> result = new ArrayList<>();
        Task<Boolean> t1 = Weft.spawn(waiter(cond, result, 1, true));
        Task<Boolean> t2 = Weft.spawn(waiter(cond, result, 2, true));
        Task<Boolean> t3 = Weft.spawn(waiter(cond, result, 3, true));
        await(Weft.sleep(Duration.ZERO));
        assertEquals(List.of(), result);

        await(cond.acquire());
        cond.notify(1);
        cond.release();
        await(Weft.sleep(Duration.ZERO));
        assertEquals(List.of(1), result);

        await(cond.acquire());
        cond.notify(1);
        cond.notify(2048);
        cond.release();
        await(Weft.sleep(Duration.ZERO));
        assertEquals(List.of(1, 2, 3), result);
        for (Task<Boolean> t : List.of(t1, t2, t3)) {
            assertTrue(t.isDone());
            assertTrue(t.result());
        }
        return Coroutine.done();
    }

    /** test_notify: notify(n) wakes n waiters, in order. */
    @Test
    void testNotify() {
        run(conditionNotify());
    }

    @Async
    static Coroutine<Void> conditionNotifyAll() {
        Condition cond = new Condition();
        List<Integer> result = new ArrayList<>();
        Task<Boolean> t1 = Weft.spawn(waiter(cond, result, 1, true));
        Task<Boolean> t2 = Weft.spawn(waiter(cond, result, 2, true));
        await(Weft.sleep(Duration.ZERO));
        assertEquals(List.of(), result);
        await(cond.acquire());
        cond.notifyAllWaiters();
        cond.release();
        await(Weft.sleep(Duration.ZERO));
        assertEquals(List.of(1, 2), result);
        assertTrue(t1.result() && t2.result());
        return Coroutine.done();
    }

    /** test_notify_all: wakes every waiter. */
    @Test
    void testNotifyAll() {
        run(conditionNotifyAll());
    }

    /** test_notify_unacquired: notifying without the lock is an error. */
    @Test
    void testNotifyUnacquired() {
        assertThrows(IllegalStateException.class, new Condition()::notifyOne);
    }

    /** test_notify_all_unacquired: the same for notify_all. */
    @Test
    void testNotifyAllUnacquired() {
        assertThrows(IllegalStateException.class, new Condition()::notifyAllWaiters);
    }
}
