package dev.weft.it.asyncio;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.EventLoop;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.sync.Event;
import dev.weft.sync.Lock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.weft.Weft.await;
import static dev.weft.it.asyncio.AsyncioPort.outcome;
import static dev.weft.it.asyncio.AsyncioPort.run;
import static org.junit.jupiter.api.Assertions.*;

/**
 * CPython's {@code Lib/test/test_asyncio/test_locks.py} (3.13), LockTests and EventTests, ported to
 * {@link Lock} and {@link Event}. Conditions are in {@link LocksConditionPortTest}, semaphores in
 * {@link LocksSemaphorePortTest}; BarrierTests are not part of this port. {@code acquire()} and {@code wait()}
 * complete with no value in Weft (asyncio: {@code True}); {@code async with lock} is acquire + try/finally release.
 * {@code RuntimeError} for misuse is {@link IllegalStateException}. Where CPython looks at the private
 * {@code _waiters} deque, the port reads the waiter count from {@code toString()}.
 *
 * <p>Not ported: test_repr (repr strings); test_lock, test_lock_by_with_statement (awaiting the lock object itself, a
 * compile error in Java); test_lock_doesnt_accept_loop_parameter (no loop parameter).
 */
@org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class LocksPortTest {

    // ------------------------------------------------------------------ LockTests

    @Async
    static Coroutine<Boolean> acquireAndRecord(Lock lock, List<Integer> result, int n) {
        await(lock.acquire());
        result.add(n);
        return Coroutine.of(true);
    }

    @Async
    static Coroutine<Void> lockAcquire() {
        Lock lock = new Lock();
        List<Integer> result = new ArrayList<>();
        await(lock.acquire());
        Task<Boolean> t1 = Weft.spawn(acquireAndRecord(lock, result, 1));
        Task<Boolean> t2 = Weft.spawn(acquireAndRecord(lock, result, 2));
        await(Weft.sleep(Duration.ZERO));
        assertEquals(List.of(), result);
        lock.release();
        await(Weft.sleep(Duration.ZERO));
        assertEquals(List.of(1), result);
        await(Weft.sleep(Duration.ZERO));
        assertEquals(List.of(1), result);
        Task<Boolean> t3 = Weft.spawn(acquireAndRecord(lock, result, 3));
        lock.release();
        await(Weft.sleep(Duration.ZERO));
        assertEquals(List.of(1, 2), result);
        lock.release();
        await(Weft.sleep(Duration.ZERO));
        assertEquals(List.of(1, 2, 3), result);
        for (Task<Boolean> t : List.of(t1, t2, t3)) {
            assertTrue(t.isDone());
            assertTrue(t.result());
        }
        return Coroutine.done();
    }

    /** test_acquire: waiters get the lock one release at a time, in order. */
    @Test
    void testAcquire() {
        run(lockAcquire());
    }

    @Async
    static Coroutine<Void> lockAcquireCancel() {
        Lock lock = new Lock();
        await(lock.acquire());
        Task<Void> task = Weft.spawn(lock.acquire());
        EventLoop.current().callSoon(task::cancel);
        assertEquals("cancelled", await(outcome(task)));
        assertTrue(lock.toString().contains("waiters:0"), lock.toString());
        lock.release();
        assertFalse(lock.locked(), "no stale waiter got the lock");
        return Coroutine.done();
    }

    /** test_acquire_cancel: a cancelled acquire leaves no waiter behind. */
    @Test
    void testAcquireCancel() {
        run(lockAcquireCancel());
    }

    @Async
    static Coroutine<Void> lockit(Lock lock, Promise<Void> blocker) {
        await(lock.acquire());
        try {
            if (blocker != null) {
                await(blocker);
            }
        } finally {
            lock.release();
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> cancelRace() {
        Lock lock = new Lock();
        Promise<Void> fa = new Promise<>();
        Task<Void> ta = Weft.spawn(lockit(lock, fa));
        await(Weft.sleep(Duration.ZERO));
        assertTrue(lock.locked());
        Task<Void> tb = Weft.spawn(lockit(lock, null));
        await(Weft.sleep(Duration.ZERO));
        assertTrue(lock.toString().contains("waiters:1"), lock.toString());
        Task<Void> tc = Weft.spawn(lockit(lock, null));
        await(Weft.sleep(Duration.ZERO));
        assertTrue(lock.toString().contains("waiters:2"), lock.toString());
        // the race: B is cancelled while A releases
        fa.complete(null);
        tb.cancel();
        await(Weft.sleep(Duration.ZERO));
        assertTrue(lock.locked(), "Weft hands the lock straight to C (asyncio: unlocked until C runs)");
        assertTrue(ta.isDone());
        assertTrue(tb.isCancelled());
        await(tc);
        assertFalse(lock.locked());
        return Coroutine.done();
    }

    /**
     * test_cancel_race: A releases while B, the first waiter, is cancelled: C gets the lock. Deliberate difference:
     * Weft's release hands the lock straight to the next live waiter (Lock's javadoc), so it stays locked for C,
     * where asyncio's is unlocked until C runs.
     */
    @Test
    void testCancelRace() {
        run(cancelRace());
    }

    @Async
    static Coroutine<Void> countingLockit(Lock lock, int[] counts) {
        counts[1] += 1;
        await(lock.acquire());
        counts[0] += 1;
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> cancelReleaseRace() {
        Lock lock = new Lock();
        int[] counts = {0, 0}; // lock_count, call_count
        await(lock.acquire());
        Task<Void> t1 = Weft.spawn(countingLockit(lock, counts));
        Task<Void> t2 = Weft.spawn(countingLockit(lock, counts));
        Task<Void> t3 = Weft.spawn(countingLockit(lock, counts));
        await(Weft.sleep(Duration.ZERO)); // start the tasks
        EventLoop.current().callSoon(() -> {
            t1.cancel();
            lock.release();
        });
        assertEquals("cancelled", await(outcome(t1)));
        assertEquals(1, counts[0], "only one lock was taken");
        assertEquals(3, counts[1]);
        assertTrue(t1.isCancelled() && t2.isDone());
        t3.cancel(); // the task stuck in acquire
        await(Weft.sleep(Duration.ZERO));
        assertTrue(t3.isCancelled());
        return Coroutine.done();
    }

    /** test_cancel_release_race: cancelling the first waiter and releasing at once gives the lock to one task only. */
    @Test
    void testCancelReleaseRace() {
        run(cancelReleaseRace());
    }

    @Async
    static Coroutine<Void> finishedWaiterCancelled() {
        Lock lock = new Lock();
        await(lock.acquire());
        assertTrue(lock.locked());
        Task<Void> tb = Weft.spawn(lock.acquire());
        await(Weft.sleep(Duration.ZERO));
        assertTrue(lock.toString().contains("waiters:1"), lock.toString());
        // a second waiter, wake the first and cancel it
        Task<Void> tc = Weft.spawn(lock.acquire());
        tb.cancel();
        lock.release();
        await(Weft.sleep(Duration.ZERO));
        assertTrue(lock.locked());
        assertTrue(tb.isCancelled());
        await(tc);
        return Coroutine.done();
    }

    /** test_finished_waiter_cancelled: the second waiter gets the lock when the first is cancelled. */
    @Test
    void testFinishedWaiterCancelled() {
        run(finishedWaiterCancelled());
    }

    /** test_release_not_acquired: releasing a free lock is an error. */
    @Test
    void testReleaseNotAcquired() {
        assertThrows(IllegalStateException.class, new Lock()::release);
    }

    @Async
    static Coroutine<Void> releaseNoWaiters(Lock lock) {
        await(lock.acquire());
        assertTrue(lock.locked());
        lock.release();
        assertFalse(lock.locked());
        return Coroutine.done();
    }

    /** test_release_no_waiters: release unlocks. */
    @Test
    void testReleaseNoWaiters() {
        run(releaseNoWaiters(new Lock()));
    }

    @Async
    static Coroutine<Void> lockContextManager(Lock lock) {
        assertFalse(lock.locked());
        await(lock.acquire());
        try {
            assertTrue(lock.locked());
        } finally {
            lock.release();
        }
        assertFalse(lock.locked());
        return Coroutine.done();
    }

    /** test_context_manager: acquire, try, finally release. */
    @Test
    void testContextManager() {
        run(lockContextManager(new Lock()));
    }

    // ------------------------------------------------------------------ EventTests

    @Async
    static Coroutine<Boolean> waitAndRecord(Event ev, List<Integer> result, int n) {
        await(ev.waitFor());
        result.add(n);
        return Coroutine.of(true);
    }

    @Async
    static Coroutine<Void> eventWait() {
        Event ev = new Event();
        assertFalse(ev.isSet());
        List<Integer> result = new ArrayList<>();
        Task<Boolean> t1 = Weft.spawn(waitAndRecord(ev, result, 1));
        Task<Boolean> t2 = Weft.spawn(waitAndRecord(ev, result, 2));
        await(Weft.sleep(Duration.ZERO));
        assertEquals(List.of(), result);
        Task<Boolean> t3 = Weft.spawn(waitAndRecord(ev, result, 3));
        ev.set();
        await(Weft.sleep(Duration.ZERO));
        assertEquals(List.of(3, 1, 2), result);
        for (Task<Boolean> t : List.of(t1, t2, t3)) {
            assertTrue(t.isDone());
            assertTrue(t.result());
        }
        return Coroutine.done();
    }

    /** test_wait: set() wakes every waiter; one that starts waiting after the set does not wait at all. */
    @Test
    void testWait() {
        run(eventWait());
    }

    @Async
    static Coroutine<Void> waitOnSet() {
        Event ev = new Event();
        ev.set();
        await(ev.waitFor());
        return Coroutine.done();
    }

    /** test_wait_on_set: waiting for a set event returns at once. */
    @Test
    void testWaitOnSet() {
        run(waitOnSet());
    }

    @Async
    static Coroutine<Void> eventWaitCancel() {
        Event ev = new Event();
        Task<Void> wait = Weft.spawn(ev.waitFor());
        EventLoop.current().callSoon(wait::cancel);
        assertEquals("cancelled", await(outcome(wait)));
        assertTrue(ev.toString().contains("waiters:0"), ev.toString());
        return Coroutine.done();
    }

    /** test_wait_cancel: a cancelled wait leaves no waiter behind. */
    @Test
    void testWaitCancel() {
        run(eventWaitCancel());
    }

    /** test_clear: set and clear. */
    @Test
    void testClear() {
        Event ev = new Event();
        assertFalse(ev.isSet());
        ev.set();
        assertTrue(ev.isSet());
        ev.clear();
        assertFalse(ev.isSet());
    }

    @Async
    static Coroutine<Void> clearWithWaiters() {
        Event ev = new Event();
        List<Integer> result = new ArrayList<>();
        Task<Boolean> t = Weft.spawn(waitAndRecord(ev, result, 1));
        await(Weft.sleep(Duration.ZERO));
        assertEquals(List.of(), result);
        ev.set();
        ev.clear();
        assertFalse(ev.isSet());
        ev.set();
        ev.set();
        await(Weft.sleep(Duration.ZERO));
        assertEquals(List.of(1), result);
        assertTrue(ev.toString().contains("waiters:0"), ev.toString());
        assertTrue(t.isDone());
        assertTrue(t.result());
        return Coroutine.done();
    }

    /** test_clear_with_waiters: a waiter woken by a set is woken even if the event is cleared before it runs. */
    @Test
    void testClearWithWaiters() {
        run(clearWithWaiters());
    }
}
