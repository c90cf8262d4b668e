package dev.weft.it.asyncio;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Coroutine;
import dev.weft.Task;
import dev.weft.TimeoutExpiredException;
import dev.weft.Weft;
import dev.weft.sync.Condition;
import dev.weft.sync.Lock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.weft.Weft.await;
import static dev.weft.it.asyncio.AsyncioPort.failure;
import static dev.weft.it.asyncio.AsyncioPort.ms;
import static dev.weft.it.asyncio.AsyncioPort.outcome;
import static dev.weft.it.asyncio.AsyncioPort.run;
import static org.junit.jupiter.api.Assertions.*;

/**
 * CPython's {@code Lib/test/test_asyncio/test_locks.py} (3.13), ConditionTests, ported to {@link Condition}: the
 * condition's lock, taken and released around a block (test_context_manager), a lock of one's own
 * (test_explicit_lock), and taken back when a timeout or a cancellation interrupts a wait or its wakeup
 * (test_timeout_in_block, test_cancelled_error_*, test_cancelled_wakeup*). Waiting and notifying, and how asyncio's
 * names map to Weft's, are in {@link LocksConditionPortTest}. Times are virtual.
 */
@org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class LocksConditionLockPortTest {

    @Async
    static Coroutine<Void> conditionContextManager() {
        Condition cond = new Condition();
        assertFalse(cond.locked());
        await(cond.acquire());
        try {
            assertTrue(cond.locked());
        } finally {
            cond.release();
        }
        assertFalse(cond.locked());
        return Coroutine.done();
    }

    /** test_context_manager: acquire, try, finally release. */
    @Test
    void testContextManager() {
        run(conditionContextManager());
    }

    @Async
    static Coroutine<Void> explicitLock(Lock given, Condition givenCond) {
        Lock lock = given != null ? given : new Lock();
        Condition cond = givenCond != null ? givenCond : new Condition(lock);
        assertSame(lock, cond.lock());
        assertFalse(lock.locked());
        assertFalse(cond.locked());
        await(cond.acquire());
        try {
            assertTrue(lock.locked());
            assertTrue(cond.locked());
        } finally {
            cond.release();
        }
        assertFalse(lock.locked());
        assertFalse(cond.locked());
        await(lock.acquire());
        try {
            assertTrue(lock.locked());
            assertTrue(cond.locked());
        } finally {
            lock.release();
        }
        assertFalse(lock.locked());
        assertFalse(cond.locked());
        return Coroutine.done();
    }

    /** test_explicit_lock: a condition on a given lock is locked exactly when that lock is. */
    @Test
    void testExplicitLock() {
        run(explicitLock(null, null));
        run(explicitLock(new Lock(), null));
        Lock lock = new Lock();
        run(explicitLock(lock, new Condition(lock)));
    }

    @Async
    static Coroutine<Void> timeoutInBlock() {
        Condition condition = new Condition();
        await(condition.acquire());
        try {
            Throwable e = await(failure(Weft.waitFor(condition.waitFor(), ms(500))));
            assertInstanceOf(TimeoutExpiredException.class, e);
            assertTrue(condition.locked(), "the wait took the lock back before the timeout was raised");
        } finally {
            condition.release();
        }
        return Coroutine.done();
    }

    /** test_timeout_in_block: wait_for around a condition wait, the lock held. */
    @Test
    void testTimeoutInBlock() {
        run(timeoutInBlock());
    }

    @Async
    static Coroutine<Void> catchAndReraise(Condition cond, boolean[] wake, CancelledException[] raised) {
        await(cond.acquire());
        try {
            Throwable e = await(failure(cond.waitFor(() -> wake[0])));
            raised[0] = assertInstanceOf(CancelledException.class, e);
            throw raised[0];
        } finally {
            cond.release();
        }
    }

    @Async
    static Coroutine<Void> cancelledErrorWakeup() {
        boolean[] wake = {false};
        CancelledException[] raised = {null};
        Condition cond = new Condition();
        Task<Void> task = Weft.spawn(catchAndReraise(cond, wake, raised));
        await(Weft.sleep(Duration.ZERO));
        task.cancel("foo"); // the task waits on the condition: cancel it there
        Throwable err = await(failure(task));
        assertEquals("foo", err.getMessage());
        assertSame(raised[0], err, "the same exception instance as the one raised in the task");
        return Coroutine.done();
    }

    /** test_cancelled_error_wakeup: a cancellation received while waiting is rethrown unmodified. */
    @Test
    void testCancelledErrorWakeup() {
        run(cancelledErrorWakeup());
    }

    @Async
    static Coroutine<Void> cancelledErrorReAquire() {
        boolean[] wake = {false};
        CancelledException[] raised = {null};
        Condition cond = new Condition();
        Task<Void> task = Weft.spawn(catchAndReraise(cond, wake, raised));
        await(Weft.sleep(Duration.ZERO));
        await(cond.acquire());
        wake[0] = true;
        cond.notifyOne();
        await(Weft.sleep(Duration.ZERO));
        task.cancel("foo"); // the task now tries to re-acquire the lock: cancel it there
        cond.release();
        Throwable err = await(failure(task));
        assertEquals("foo", err.getMessage());
        assertSame(raised[0], err, "the same exception instance as the one raised in the task");
        return Coroutine.done();
    }

    /** test_cancelled_error_re_aquire: a cancellation received while re-acquiring is rethrown unmodified. */
    @Test
    void testCancelledErrorReAquire() {
        run(cancelledErrorReAquire());
    }

    @Async
    static Coroutine<Void> consumer(Condition condition, int[] state) {
        await(condition.acquire());
        try {
            while (true) {
                await(condition.waitFor(() -> state[0] != 0));
                if (state[0] < 0) {
                    return Coroutine.done();
                }
                state[0] -= 1;
            }
        } finally {
            condition.release();
        }
    }

    @Async
    static Coroutine<Void> cancelledWakeup(boolean letItSettle) {
        Condition condition = new Condition();
        int[] state = {0};
        List<Task<Void>> c = List.of(Weft.spawn(consumer(condition, state)), Weft.spawn(consumer(condition, state)));
        await(Weft.sleep(Duration.ZERO)); // let them settle
        await(condition.acquire());
        try {
            state[0] += 1; // produce one item and wake up one consumer
            condition.notify(1);
            if (letItSettle) {
                await(Weft.sleep(Duration.ZERO)); // it wakes up and waits to re-acquire the lock
            }
            c.get(0).cancel(); // cancel it while it waits to run, or for the lock
            // wait for the item to be consumed: if it is not, the notification was lost to the cancel()
            await(outcome(Weft.timeout(ms(10), condition.waitFor(() -> state[0] == 0))));
            assertEquals(0, state[0]);
            state[0] = -1; // clean up
            condition.notifyAllWaiters();
        } finally {
            condition.release();
        }
        await(c.get(1));
        return Coroutine.done();
    }

    /** test_cancelled_wakeup: a waiter cancelled just after its notify passes the notification on (asyncio 3.13). */
    @Test
    void testCancelledWakeup() {
        run(cancelledWakeup(false));
    }

    /** test_cancelled_wakeup_relock: the same, the waiter cancelled while it re-acquires the lock. */
    @Test
    void testCancelledWakeupRelock() {
        run(cancelledWakeup(true));
    }
}
