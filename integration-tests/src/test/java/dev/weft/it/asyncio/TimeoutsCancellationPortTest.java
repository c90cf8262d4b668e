package dev.weft.it.asyncio;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Coroutine;
import dev.weft.EventLoop;
import dev.weft.ManualClock;
import dev.weft.Task;
import dev.weft.Timeout;
import dev.weft.TimeoutExpiredException;
import dev.weft.Weft;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.weft.Weft.await;
import static dev.weft.it.asyncio.AsyncioPort.divideByZero;
import static dev.weft.it.asyncio.AsyncioPort.failure;
import static dev.weft.it.asyncio.AsyncioPort.ms;
import static dev.weft.it.asyncio.AsyncioPort.now;
import static dev.weft.it.asyncio.AsyncioPort.run;
import static org.junit.jupiter.api.Assertions.*;

/**
 * CPython's {@code Lib/test/test_asyncio/test_timeouts.py} (3.13), ported to {@link Weft#timeout}: how the timeout's
 * cancellation meets the body's own failures (test_foreign_exception_*, test_timeout_exception_context), other
 * cancellations (test_foreign_cancel_doesnt_timeout_if_not_expired, test_outer_task_is_not_cancelled,
 * test_timeout_after_cancellation, test_cancel_in_timeout_after_cancellation) and other scopes whose deadlines pass
 * while the loop is busy or in a cleanup (test_nested_timeouts_concurrent, _loop_busy, test_nested_timeout_in_finally).
 * The rest of the file, and how its names map to Weft's, is in {@link TimeoutsPortTest}.
 *
 * <p>Python chains an exception raised while another is handled ({@code __context__}); Java does not, so of the
 * exception-chaining tests only the {@code __cause__} part (a timeout's cause is the cancellation) is ported.
 */
@org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class TimeoutsCancellationPortTest {

    @Async
    static Coroutine<Void> raisesAtOnce(Timeout cm, List<Timeout> cms, RuntimeException e) {
        cms.add(cm);
        throw e;
    }

    @Async
    static Coroutine<Void> foreignExceptionPassed() {
        List<Timeout> cms = new ArrayList<>();
        IllegalStateException keyError = new IllegalStateException("KeyError");
        assertSame(keyError, await(failure(Weft.timeout(ms(10), cm -> raisesAtOnce(cm, cms, keyError)))));
        assertFalse(cms.get(0).expired());
        return Coroutine.done();
    }

    /** test_foreign_exception_passed: a body's own failure goes through the scope as it is. */
    @Test
    void testForeignExceptionPassed() {
        run(foreignExceptionPassed());
    }

    @Async
    static Coroutine<Void> divideThenSleepInFinally() {
        try {
            divideByZero();
        } finally {
            await(Weft.sleep(ms(1000)));
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Throwable> timeoutExceptionContext() {
        return Coroutine.of(await(failure(Weft.timeout(ms(10), divideThenSleepInFinally()))));
    }

    /**
     * test_timeout_exception_context: the deadline passes while a finally block awaits (a failure pending): the
     * timeout is raised, caused by the cancellation. (Java's finally drops the pending ArithmeticException, where
     * Python keeps it as the cancellation's context.)
     */
    @Test
    void testTimeoutExceptionContext() {
        Throwable e = run(timeoutExceptionContext());
        assertInstanceOf(TimeoutExpiredException.class, e);
        assertInstanceOf(CancelledException.class, e.getCause());
        assertNull(e.getCause().getCause());
    }

    @Async
    static Coroutine<Void> crash() {
        try {
            await(Weft.sleep(ms(1000)));
        } finally {
            divideByZero();
        }
        return Coroutine.done();
    }

    /** test_foreign_exception_on_timeout: a body whose cleanup fails after the deadline: that failure, not a timeout. */
    @Test
    void testForeignExceptionOnTimeout() {
        Throwable e = run(failure(Weft.timeout(ms(10), crash())));
        assertInstanceOf(ArithmeticException.class, e);
    }

    @Async
    static Coroutine<Void> nestedFinallyFailures() {
        try {
            try {
                throw new IllegalArgumentException("ValueError");
            } finally {
                await(Weft.sleep(ms(1000)));
            }
        } finally {
            try {
                throw new IllegalStateException("KeyError");
            } finally {
                divideByZero();
            }
        }
    }

    /** test_foreign_exception_on_timeout_2: failures in nested finally blocks after the deadline: the last one wins. */
    @Test
    void testForeignExceptionOnTimeout2() {
        Throwable e = run(failure(Weft.timeout(ms(10), nestedFinallyFailures())));
        assertInstanceOf(ArithmeticException.class, e);
    }

    @Async
    static Coroutine<Void> cancelSelfThenSleep(Timeout cm, List<Timeout> cms) {
        cms.add(cm);
        Weft.currentTask().cancel();
        await(Weft.sleep(ms(10_000)));
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> foreignCancelDoesntTimeoutIfNotExpired() {
        List<Timeout> cms = new ArrayList<>();
        Throwable e = await(failure(Weft.timeout(ms(10_000), cm -> cancelSelfThenSleep(cm, cms))));
        assertInstanceOf(CancelledException.class, e);
        assertFalse(cms.get(0).expired());
        Weft.currentTask().uncancel(); // the test's own cancellation, handled
        return Coroutine.done();
    }

    /** test_foreign_cancel_doesnt_timeout_if_not_expired: a cancellation that is not the scope's stays a cancellation. */
    @Test
    void testForeignCancelDoesntTimeoutIfNotExpired() {
        run(foreignCancelDoesntTimeoutIfNotExpired());
    }

    @Async
    static Coroutine<Void> outer() {
        Throwable e = await(failure(Weft.timeout(ms(1), AsyncioPort.sleep(10_000, null))));
        assertInstanceOf(TimeoutExpiredException.class, e);
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> outerTaskIsNotCancelled() {
        Task<Void> task = Weft.spawn(outer());
        await(task);
        assertFalse(task.isCancelled());
        assertTrue(task.isDone());
        assertEquals(0, task.cancelling());
        return Coroutine.done();
    }

    /** test_outer_task_is_not_cancelled: the task that ran an expired scope ends normally. */
    @Test
    void testOuterTaskIsNotCancelled() {
        run(outerTaskIsNotCancelled());
    }

    /** The loop is busy for {@code n} ms: a step that takes that long, on the manual clock. */
    static void busy(long n) {
        ((ManualClock) EventLoop.current().clock()).advance(ms(n));
    }

    @Async
    static Coroutine<Void> crunchThenSleep(long crunchMs) {
        busy(crunchMs);
        await(Weft.sleep(ms(1000)));
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> innerAfterBusyLoop() {
        Throwable inner = await(failure(Weft.timeout(ms(100), crunchThenSleep(10))));
        if (inner instanceof Error) {
            throw (Error) inner;
        }
        throw (RuntimeException) inner;
    }

    /**
     * test_nested_timeouts_concurrent: the outer deadline passes while the loop is busy inside the inner scope:
     * the outer scope raises the timeout.
     */
    @Test
    void testNestedTimeoutsConcurrent() {
        Throwable e = run(failure(Weft.timeout(ms(2), innerAfterBusyLoop())));
        assertInstanceOf(TimeoutExpiredException.class, e);
    }

    @Async
    static Coroutine<String> innerExpiredThenLongSleep() {
        Throwable inner = await(failure(Weft.timeout(ms(10), crunchThenSleep(100))));
        String seen = inner.getClass().getSimpleName();
        await(Weft.sleep(ms(10_000))); // interrupted by the outer scope
        return Coroutine.of(seen);
    }

    @Async
    static Coroutine<String> nestedTimeoutsLoopBusy() {
        long t0 = now();
        Throwable e = await(failure(Weft.timeout(ms(100), innerExpiredThenLongSleep())));
        long t1 = now();
        assertInstanceOf(TimeoutExpiredException.class, e);
        assertTrue(t0 <= t1 && t1 <= t0 + 1000, t0 + " " + t1);
        return Coroutine.of("outer timed out");
    }

    /**
     * test_nested_timeouts_loop_busy: both deadlines pass while the loop is busy: the outer scope raises the timeout
     * and nothing runs on to the long sleep's end. (The inner scope lets the cancellation through, since the outer
     * one cancelled too: asyncio's rule, and CPython's test does not really check the inner scope either.)
     */
    @Test
    void testNestedTimeoutsLoopBusy() {
        assertEquals("outer timed out", run(nestedTimeoutsLoopBusy()));
    }

    @Async
    static Coroutine<Void> innerTimeoutInFinally(List<Throwable> inner) {
        try {
            await(Weft.sleep(ms(1000)));
        } finally {
            inner.add(await(failure(Weft.timeout(ms(10), AsyncioPort.sleep(10_000, null)))));
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> nestedTimeoutInFinally() {
        List<Throwable> inner = new ArrayList<>();
        Throwable e1 = await(failure(Weft.timeout(ms(10), innerTimeoutInFinally(inner))));
        assertInstanceOf(TimeoutExpiredException.class, e1);
        assertInstanceOf(CancelledException.class, e1.getCause());
        Throwable e2 = inner.get(0);
        assertInstanceOf(TimeoutExpiredException.class, e2, "the cleanup's own timeout works while the outer one expires");
        assertInstanceOf(CancelledException.class, e2.getCause());
        assertNotSame(e1.getCause(), e2.getCause());
        assertEquals(20L, now());
        return Coroutine.done();
    }

    /** test_nested_timeout_in_finally: a scope inside the cleanup of an expired scope times out on its own. */
    @Test
    void testNestedTimeoutInFinally() {
        run(nestedTimeoutInFinally());
    }

    @Async
    static Coroutine<Throwable> timeoutAfterCancellation(boolean cancelInside) {
        try {
            Weft.currentTask().cancel();
            await(Weft.sleep(ms(1000))); // work which will be cancelled
        } catch (CancelledException e) {
            // dropped
        } finally {
            return Coroutine.of(await(failure(cancelInside
                    ? Weft.timeout(ms(1000), cancelSelfAndSleep())
                    : Weft.timeout(Duration.ZERO, AsyncioPort.sleep(1000, null))))); // some cleanup
        }
    }

    @Async
    static Coroutine<Void> cancelSelfAndSleep() {
        Weft.currentTask().cancel();
        await(Weft.sleep(ms(2000)));
        return Coroutine.done();
    }

    /** test_timeout_after_cancellation: a scope in the cleanup of a cancelled (and caught) task still times out. */
    @Test
    void testTimeoutAfterCancellation() {
        assertInstanceOf(TimeoutExpiredException.class, run(timeoutAfterCancellation(false)));
    }

    /** test_cancel_in_timeout_after_cancellation: a cancellation inside that scope stays a cancellation. */
    @Test
    void testCancelInTimeoutAfterCancellation() {
        assertInstanceOf(CancelledException.class, run(timeoutAfterCancellation(true)));
    }
}
