package dev.weft.it.asyncio;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Coroutine;
import dev.weft.EventLoop;
import dev.weft.ExceptionGroup;
import dev.weft.TaskGroup;
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
 * CPython's {@code Lib/test/test_asyncio/test_timeouts.py} (3.13), ported to {@link Weft#timeout}: the scope itself
 * (expiry, nested scopes with one deadline, a waiter cancelled, disabled, zero and past deadlines, a scope entered
 * twice, its state once finished or expired, a reschedule while it expires, a task group inside). How the timeout's
 * cancellation meets other failures, cancellations and scopes is in {@link TimeoutsCancellationPortTest}.
 * {@code async with asyncio.timeout(d) as cm: <body>} becomes {@code await(Weft.timeout(d, cm -> body(cm, ...)))};
 * {@code TimeoutError} is {@link TimeoutExpiredException}; {@code cm.when()} is {@link Timeout#deadlineNanos()}.
 * Times are virtual; where CPython blocks the loop with {@code time.sleep}, the test moves the manual clock by hand.
 *
 * <p>Not ported:
 * <ul>
 *   <li>test_timeout_at_basic, test_timeout_at_disabled, test_reschedule: need {@code timeoutAt}, {@code when()} and
 *       a reschedule to an absolute deadline (another helper is adding them);</li>
 *   <li>test_repr_active, test_repr_expired, test_repr_finished, test_repr_disabled: repr strings;</li>
 *   <li>test_timeout_not_entered, test_timeout_without_task: Weft hands the {@link Timeout} to its body only once
 *       the scope runs inside a task, so a timeout that was not entered, or is entered outside a task, cannot be
 *       reached.</li>
 * </ul>
 */
@org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class TimeoutsPortTest {

    /** Sleeps {@code n} ms in the timeout's body, recording the scope in {@code cms}. */
    @Async
    static Coroutine<Void> sleepIn(Timeout cm, List<Timeout> cms, long n) {
        cms.add(cm);
        await(Weft.sleep(ms(n)));
        return Coroutine.done();
    }

    @Async
    static Coroutine<Long> timeoutBasic() {
        List<Timeout> cms = new ArrayList<>();
        Throwable e = await(failure(Weft.timeout(ms(10), cm -> sleepIn(cm, cms, 10_000))));
        assertInstanceOf(TimeoutExpiredException.class, e);
        assertInstanceOf(CancelledException.class, e.getCause());
        assertTrue(cms.get(0).expired());
        return Coroutine.of(now());
    }

    /** test_timeout_basic: the body is cancelled at the deadline and the scope raises a timeout. */
    @Test
    void testTimeoutBasic() {
        assertEquals(10L, run(timeoutBasic()));
    }

    @Async
    static Coroutine<Void> innerTimeout(Timeout cm1, List<Timeout> cms, boolean[] cancelled) {
        cms.add(cm1);
        try {
            await(Weft.timeout(ms(10), cm2 -> sleepIn(cm2, cms, 10_000)));
        } catch (CancelledException e) {
            cancelled[0] = true;
            throw e;
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> nestedTimeouts() {
        List<Timeout> cms = new ArrayList<>();
        boolean[] cancelled = {false};
        Throwable e = await(failure(Weft.timeout(ms(10), cm1 -> innerTimeout(cm1, cms, cancelled))));
        assertInstanceOf(TimeoutExpiredException.class, e);
        assertTrue(cancelled[0], "only the outermost scope raises the timeout; the inner one lets the cancellation through");
        assertTrue(cms.get(0).expired());
        assertTrue(cms.get(1).expired());
        return Coroutine.done();
    }

    /** test_nested_timeouts: two scopes with the same deadline: only the outer one raises the timeout. */
    @Test
    void testNestedTimeouts() {
        run(nestedTimeouts());
    }

    @Async
    static Coroutine<Void> catchAndRethrow(boolean[] cancelled) {
        try {
            await(Weft.sleep(ms(10_000)));
        } catch (CancelledException e) {
            cancelled[0] = true;
            throw e;
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Boolean> waiterCancelled() {
        boolean[] cancelled = {false};
        Throwable e = await(failure(Weft.timeout(ms(10), catchAndRethrow(cancelled))));
        assertInstanceOf(TimeoutExpiredException.class, e);
        return Coroutine.of(cancelled[0]);
    }

    /** test_waiter_cancelled: the body sees the cancellation. */
    @Test
    void testWaiterCancelled() {
        assertTrue(run(waiterCancelled()));
    }

    @Async
    static Coroutine<Void> timeoutNotCalled() {
        List<Timeout> cms = new ArrayList<>();
        await(Weft.timeout(ms(10_000), cm -> sleepIn(cm, cms, 10)));
        long t1 = EventLoop.current().nanoTime();
        assertFalse(cms.get(0).expired());
        assertTrue(cms.get(0).deadlineNanos() > t1);
        return Coroutine.done();
    }

    /** test_timeout_not_called: a body done in time: not expired, the deadline is still ahead. */
    @Test
    void testTimeoutNotCalled() {
        run(timeoutNotCalled());
    }

    @Async
    static Coroutine<Void> timeoutDisabled() {
        List<Timeout> cms = new ArrayList<>();
        await(Weft.timeout((Duration) null, cm -> sleepIn(cm, cms, 10)));
        assertFalse(cms.get(0).expired());
        assertEquals(Long.MAX_VALUE, cms.get(0).deadlineNanos(), "no deadline (asyncio: when() is None)");
        assertNull(cms.get(0).remaining());
        return Coroutine.done();
    }

    /** test_timeout_disabled: a null delay means no deadline. */
    @Test
    void testTimeoutDisabled() {
        run(timeoutDisabled());
    }

    @Async
    static Coroutine<Void> zeroOrPast(Duration delay, long bodyMs) {
        List<Timeout> cms = new ArrayList<>();
        long t0 = EventLoop.current().nanoTime();
        Throwable e = await(failure(Weft.timeout(delay, cm -> sleepIn(cm, cms, bodyMs))));
        long t1 = EventLoop.current().nanoTime();
        assertInstanceOf(TimeoutExpiredException.class, e);
        assertTrue(cms.get(0).expired());
        long when = cms.get(0).deadlineNanos();
        assertTrue(t0 <= when && when <= t1, t0 + " <= " + when + " <= " + t1);
        return Coroutine.done();
    }

    /** test_timeout_zero: a zero delay cancels the body at its first suspension. */
    @Test
    void testTimeoutZero() {
        run(zeroOrPast(Duration.ZERO, 10_000));
    }

    /** test_timeout_zero_sleep_zero: a zero delay around a body whose only suspension is a yield. */
    @Test
    void testTimeoutZeroSleepZero() {
        run(zeroOrPast(Duration.ZERO, 0));
    }

    /** test_timeout_in_the_past_sleep_zero: a negative delay (a deadline in the past) around a yield. */
    @Test
    void testTimeoutInThePastSleepZero() {
        run(zeroOrPast(Duration.ofSeconds(-11), 0));
    }

    @Async
    static Coroutine<Void> enterOwnScope(List<Coroutine<Void>> self) {
        await(self.get(0));
        return Coroutine.done();
    }

    @Async
    static Coroutine<Throwable> timeoutAlreadyEntered() {
        List<Coroutine<Void>> self = new ArrayList<>();
        self.add(Weft.timeout(ms(10), cm -> enterOwnScope(self)));
        return Coroutine.of(await(failure(self.get(0))));
    }

    /** test_timeout_already_entered: a scope's body awaiting its own scope is refused. */
    @Test
    void testTimeoutAlreadyEntered() {
        assertInstanceOf(IllegalStateException.class, run(timeoutAlreadyEntered()));
    }

    @Async
    static Coroutine<Throwable> timeoutDoubleEnter() {
        Coroutine<Void> scope = Weft.timeout(ms(10), Coroutine.done());
        await(scope);
        return Coroutine.of(await(failure(scope)));
    }

    /** test_timeout_double_enter: a scope runs once; awaiting it again is refused. */
    @Test
    void testTimeoutDoubleEnter() {
        assertInstanceOf(IllegalStateException.class, run(timeoutDoubleEnter()));
    }

    @Async
    static Coroutine<Void> keep(Timeout cm, List<Timeout> cms) {
        cms.add(cm);
        return Coroutine.done();
    }

    @Async
    static Coroutine<String> timeoutFinished() {
        List<Timeout> cms = new ArrayList<>();
        await(Weft.timeout(ms(10), cm -> keep(cm, cms)));
        return Coroutine.of(assertThrows(IllegalStateException.class, () -> cms.get(0).reschedule(ms(20))).getMessage());
    }

    /** test_timeout_finished: rescheduling a scope that exited is refused. */
    @Test
    void testTimeoutFinished() {
        assertTrue(run(timeoutFinished()).contains("exited"));
    }

    @Async
    static Coroutine<String> timeoutExpired() {
        List<Timeout> cms = new ArrayList<>();
        assertInstanceOf(TimeoutExpiredException.class, await(failure(Weft.timeout(ms(10), cm -> sleepIn(cm, cms, 1000)))));
        return Coroutine.of(assertThrows(IllegalStateException.class, () -> cms.get(0).reschedule(ms(20))).getMessage());
    }

    /** test_timeout_expired: rescheduling a scope that expired (and exited) is refused. */
    @Test
    void testTimeoutExpired() {
        String message = run(timeoutExpired());
        assertTrue(message.contains("expired") || message.contains("exited"), message);
    }

    @Async
    static Coroutine<String> rescheduleWhileExpiring(Timeout cm) {
        Throwable e = await(failure(Weft.sleep(ms(1000))));
        assertInstanceOf(CancelledException.class, e);
        return Coroutine.of(assertThrows(IllegalStateException.class, () -> cm.reschedule(ms(20))).getMessage());
    }

    /**
     * test_timeout_expiring: rescheduling from the body after the deadline passed is refused; the body then ends with
     * a value (it dropped the cancellation and did not await again), which the scope gives back.
     */
    @Test
    void testTimeoutExpiring() {
        assertTrue(run(Weft.timeout(ms(10), cm -> rescheduleWhileExpiring(cm))).contains("expired"));
    }

    @Async
    static Coroutine<Void> cleanupCrashes() {
        try {
            await(Weft.sleep(ms(2000))); // interrupted after 10 ms
        } finally {
            divideByZero(); // crash in cleanup
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> groupBodyRaisesThenSleeps(TaskGroup tg) {
        tg.spawn(cleanupCrashes());
        try {
            throw new IllegalArgumentException("ValueError");
        } finally {
            await(Weft.sleep(ms(1000)));
        }
    }

    /**
     * test_timeout_taskgroup: a scope expiring around a task group whose body is cleaning up after a failure: the
     * group's ExceptionGroup (the child's crash in its cleanup) goes through the scope as it is.
     */
    @Test
    void testTimeoutTaskgroup() {
        Throwable e = run(failure(Weft.timeout(ms(10), TaskGroup.run(tg -> groupBodyRaisesThenSleeps(tg)))));
        ExceptionGroup eg = assertInstanceOf(ExceptionGroup.class, e);
        assertEquals(1, eg.exceptions().size(), eg.toString());
        assertInstanceOf(ArithmeticException.class, eg.exceptions().get(0));
    }
}
