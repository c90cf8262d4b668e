package dev.weft.it.asyncio;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Coroutine;
import dev.weft.EventLoop;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.Timeout;
import dev.weft.TimeoutExpiredException;
import dev.weft.Weft;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.weft.Weft.await;
import static dev.weft.it.asyncio.ApiPort.ms;
import static dev.weft.it.asyncio.ApiPort.runVirtual;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The tests of CPython's Lib/test/test_asyncio/test_timeouts.py that pin {@code timeout_at}, {@code when()} and
 * {@code reschedule} with an absolute time, ported to {@link Timeout#timeoutAt}, {@link Timeout#when()} and
 * {@link Timeout#rescheduleAt}. {@code async with asyncio.timeout_at(d) as cm: body} is
 * {@code await(Timeout.timeoutAt(d, cm -> body(cm)))}; asyncio's None deadline is {@link Timeout#NO_DEADLINE};
 * loop time is {@link EventLoop#nanoTime()}, on a virtual clock (so sleeping 10 s costs nothing).
 */
@org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class TimeoutAtPortTest {

    static long now() {
        return EventLoop.current().nanoTime();
    }

    @Async
    static Coroutine<Void> sleepIn(Timeout[] cm, Timeout t, Duration d) {
        cm[0] = t;
        await(Weft.sleep(d));
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> timeoutAtBasic() {
        Timeout[] cm = new Timeout[1];
        long deadline = now() + ms(10).toNanos();
        try {
            await(Timeout.timeoutAt(deadline, t -> sleepIn(cm, t, Duration.ofSeconds(10))));
            fail("no timeout");
        } catch (TimeoutExpiredException expected) {
            // TimeoutError
        }
        assertTrue(cm[0].expired());
        assertEquals(deadline, cm[0].when());
        return Coroutine.done();
    }

    @Test
    void test_timeout_at_basic() {
        runVirtual(timeoutAtBasic());
    }

    @Async
    static Coroutine<Void> innerAt(long deadline, Timeout[] cms, Timeout cm1, boolean[] cancelled) {
        cms[0] = cm1;
        try {
            // only the topmost scope should raise TimeoutExpiredException
            await(Timeout.timeoutAt(deadline, cm2 -> sleepIn(new Timeout[1], record(cms, cm2), Duration.ofSeconds(10))));
        } catch (CancelledException e) {
            cancelled[0] = true;
            throw e;
        }
        return Coroutine.done();
    }

    static Timeout record(Timeout[] cms, Timeout cm2) {
        cms[1] = cm2;
        return cm2;
    }

    @Async
    static Coroutine<Void> nestedTimeouts() {
        boolean[] cancelled = {false};
        Timeout[] cms = new Timeout[2];
        long deadline = now() + ms(10).toNanos();
        try {
            await(Timeout.timeoutAt(deadline, cm1 -> innerAt(deadline, cms, cm1, cancelled)));
            fail("no timeout");
        } catch (TimeoutExpiredException expected) {
            // TimeoutError
        }
        assertTrue(cancelled[0]);
        assertTrue(cms[0].expired());
        assertTrue(cms[1].expired());
        return Coroutine.done();
    }

    @Test
    void test_nested_timeouts() {
        runVirtual(nestedTimeouts());
    }

    @Async
    static Coroutine<Void> timeoutNotCalled() {
        Timeout[] cm = new Timeout[1];
        long t0 = now();
        await(Timeout.timeout(Duration.ofSeconds(10), t -> sleepIn(cm, t, ms(10))));
        long t1 = now();
        assertFalse(cm[0].expired());
        assertTrue(t1 - t0 < Duration.ofSeconds(2).toNanos());
        assertTrue(cm[0].when() > t1);
        return Coroutine.done();
    }

    @Test
    void test_timeout_not_called() {
        runVirtual(timeoutNotCalled());
    }

    @Async
    static Coroutine<Void> timeoutDisabled(boolean at) {
        Timeout[] cm = new Timeout[1];
        long t0 = now();
        if (at) {
            await(Timeout.timeoutAt(Timeout.NO_DEADLINE, t -> sleepIn(cm, t, ms(10))));
        } else {
            await(Timeout.timeout(null, t -> sleepIn(cm, t, ms(10))));
        }
        long t1 = now();
        assertFalse(cm[0].expired());
        assertEquals(Timeout.NO_DEADLINE, cm[0].when()); // None
        assertTrue(t1 - t0 < Duration.ofSeconds(2).toNanos());
        return Coroutine.done();
    }

    @Test
    void test_timeout_disabled() {
        runVirtual(timeoutDisabled(false));
    }

    @Test
    void test_timeout_at_disabled() {
        runVirtual(timeoutDisabled(true));
    }

    /** asyncio.timeout(delay) around a sleep of {@code sleep}: must time out; checks when() against t0 and t1. */
    @Async
    static Coroutine<Void> zeroOrPast(Duration delay, Duration sleep, boolean whenAtMostT0) {
        Timeout[] cm = new Timeout[1];
        long t0 = now();
        try {
            await(Timeout.timeout(delay, t -> sleepIn(cm, t, sleep)));
            fail("no timeout");
        } catch (TimeoutExpiredException expected) {
            // TimeoutError
        }
        long t1 = now();
        assertTrue(cm[0].expired());
        assertTrue(t1 - t0 < Duration.ofSeconds(2).toNanos());
        long when = cm[0].when();
        if (whenAtMostT0) {
            assertTrue(t0 >= when && when <= t1);
        } else {
            assertTrue(t0 <= when && when <= t1);
        }
        return Coroutine.done();
    }

    @Test
    void test_timeout_zero() {
        runVirtual(zeroOrPast(Duration.ZERO, Duration.ofSeconds(10), false));
    }

    @Test
    void test_timeout_zero_sleep_zero() {
        runVirtual(zeroOrPast(Duration.ZERO, Duration.ZERO, false));
    }

    @Test
    void test_timeout_in_the_past_sleep_zero() {
        // a negative delay counts as zero here, so when() is t0 itself (asyncio: t0 - 11)
        runVirtual(zeroOrPast(Duration.ofSeconds(-11), Duration.ZERO, true));
    }

    @Async
    static Coroutine<Void> timeoutAtInThePastSleepZero() {
        Timeout[] cm = new Timeout[1];
        long deadline = now() - Duration.ofSeconds(11).toNanos();
        try {
            await(Timeout.timeoutAt(deadline, t -> sleepIn(cm, t, Duration.ZERO)));
            fail("no timeout");
        } catch (TimeoutExpiredException expected) {
            // TimeoutError
        }
        assertTrue(cm[0].expired());
        assertEquals(deadline, cm[0].when());
        return Coroutine.done();
    }

    @Test
    void test_timeout_at_in_the_past_sleep_zero() {
        // test_timeout_in_the_past_sleep_zero with timeout_at, where the past deadline is kept as given
        runVirtual(timeoutAtInThePastSleepZero());
    }

    @Async
    static Coroutine<Void> publishAndSleep(Promise<Timeout> fut, Timeout cm) {
        fut.complete(cm);
        await(Weft.sleep(Duration.ofSeconds(50)));
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> reschedule() {
        Promise<Timeout> fut = new Promise<>();
        long deadline1 = now() + Duration.ofSeconds(10).toNanos();
        long deadline2 = deadline1 + Duration.ofSeconds(20).toNanos();
        Task<Void> task = Weft.spawn(Timeout.timeoutAt(deadline1, cm -> publishAndSleep(fut, cm)));
        Timeout cm = await(fut);

        assertEquals(deadline1, cm.when());
        cm.rescheduleAt(deadline2);
        assertEquals(deadline2, cm.when());
        cm.rescheduleAt(Timeout.NO_DEADLINE); // cm.reschedule(None)
        assertEquals(Timeout.NO_DEADLINE, cm.when());

        task.cancel();
        assertEquals("cancelled", await(ApiPort.outcome(task)));
        assertFalse(cm.expired());
        return Coroutine.done();
    }

    @Test
    void test_reschedule() {
        runVirtual(reschedule());
    }
}
