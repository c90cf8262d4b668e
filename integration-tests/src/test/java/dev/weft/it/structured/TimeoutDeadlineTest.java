package dev.weft.it.structured;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Coroutine;
import dev.weft.Timeout;
import dev.weft.TimeoutExpiredException;
import dev.weft.Weft;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.weft.Weft.await;
import static dev.weft.it.structured.Fx.cancelling;
import static dev.weft.it.structured.Fx.log;
import static dev.weft.it.structured.Fx.ms;
import static dev.weft.it.structured.Fx.now;
import static dev.weft.it.structured.Fx.run;
import static dev.weft.it.structured.Fx.sleeper;
import static dev.weft.it.structured.Fx.slowCleanup;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The deadlines of timeout scopes through woven code: nested scopes each raising only their own expiry,
 * {@code reschedule} (later, from no deadline, too late, after the scope exited), a zero delay, and absolute
 * deadlines ({@code timeoutAt}, {@code when}, {@code rescheduleAt}), including deadlines already past. The basic
 * expiry rules are in {@link TimeoutTest}.
 */
@org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class TimeoutDeadlineTest {

    // ------------------------------------------------------------------ nesting, reschedule, zero

    @Async
    static Coroutine<String> nested(long inner, long outer, List<String> log) {
        try {
            return Coroutine.of(await(Timeout.timeout(ms(outer), innerScope(inner, log))));
        } catch (TimeoutExpiredException e) {
            log(log, "outer timeout");
            return Coroutine.of("outer: " + e.getMessage() + ", cancelling=" + cancelling());
        }
    }

    @Async
    static Coroutine<String> innerScope(long inner, List<String> log) {
        try {
            return Coroutine.of(await(Timeout.timeout(ms(inner), slowCleanup("work", 100, 3, log))));
        } catch (TimeoutExpiredException e) {
            log(log, "inner timeout");
            return Coroutine.of("inner: " + e.getMessage() + ", cancelling=" + cancelling());
        }
    }

    @Test
    void nestedTimeoutsEachRaiseOnlyTheirOwnExpiry() {
        List<String> log = new ArrayList<>();
        assertEquals("inner: timeout of 10 ms expired, cancelling=0", run(nested(10, 50, log)));
        assertEquals(List.of("work cleanup starts@10", "work cleanup done@13", "inner timeout@13"), log);
        log.clear();
        assertEquals("outer: timeout of 10 ms expired, cancelling=0", run(nested(50, 10, log)));
        assertEquals(List.of("work cleanup starts@10", "work cleanup done@13", "outer timeout@13"), log);
    }

    @Async
    static Coroutine<String> extend(Timeout t, List<String> log) {
        await(Weft.sleep(ms(5)));
        t.reschedule(ms(30));   // new deadline: 35
        log(log, "rescheduled, remaining " + t.remaining().toMillis());
        await(Weft.sleep(ms(20)));
        log(log, "past the old deadline");
        await(Weft.sleep(ms(100)));
        return Coroutine.of("not reached");
    }

    @Async
    static Coroutine<String> rescheduled(List<String> log) {
        try {
            return Coroutine.of(await(Timeout.timeout(ms(10), t -> extend(t, log))));
        } catch (TimeoutExpiredException e) {
            log(log, "timeout");
            return Coroutine.of("timeout");
        }
    }

    @Test
    void rescheduleMovesTheDeadline() {
        List<String> log = new ArrayList<>();
        assertEquals("timeout", run(rescheduled(log)));
        assertEquals(List.of("rescheduled, remaining 30@5", "past the old deadline@25", "timeout@35"), log);
    }

    @Async
    static Coroutine<String> setALaterDeadline(Timeout t, List<String> log) {
        log(log, "no deadline: " + t.remaining() + ", " + t);
        await(Weft.sleep(ms(5)));
        t.reschedule(ms(10));
        log(log, "deadline set: " + t);
        await(Weft.sleep(ms(100)));
        return Coroutine.of("not reached");
    }

    @Async
    static Coroutine<String> noDeadlineThenOne(List<String> log) {
        try {
            return Coroutine.of(await(Timeout.timeout(null, t -> setALaterDeadline(t, log))));
        } catch (TimeoutExpiredException e) {
            log(log, e.getMessage());
            return Coroutine.of("timeout");
        }
    }

    @Test
    void aNullDelayMeansNoDeadlineUntilRescheduled() {
        List<String> log = new ArrayList<>();
        assertEquals("timeout", run(noDeadlineThenOne(log)));
        assertEquals(List.of("no deadline: null, Timeout[no deadline, running]@0",
                "deadline set: Timeout[10 ms, remaining 10 ms]@5", "timeout of 10 ms expired@15"), log);
    }

    @Async
    static Coroutine<String> rescheduleTooLate(Timeout t) {
        try {
            await(Weft.sleep(ms(100)));
            return Coroutine.of("not cancelled");
        } catch (CancelledException e) {
            try {
                t.reschedule(ms(100));
                return Coroutine.of("accepted");
            } catch (IllegalStateException refused) {
                return Coroutine.of(refused.getMessage() + ", expired=" + t.expired());
            }
        }
    }

    @Test
    void anExpiredTimeoutCannotBeRescheduledAndABodyThatReturnsAfterSwallowingKeepsItsValue() {
        assertEquals("cannot reschedule a timeout that already expired, expired=true",
                run(Timeout.timeout(ms(5), t -> rescheduleTooLate(t))));
    }

    @Async
    static Coroutine<String> zero(List<String> log) {
        try {
            return Coroutine.of(await(Timeout.timeout(ms(0), sleeper("work", 5, "v", log))));
        } catch (TimeoutExpiredException e) {
            return Coroutine.of("expired at once");
        }
    }

    @Async
    static Coroutine<String> zeroWithoutAwait() {
        return Coroutine.of(await(Timeout.timeout(ms(0), Coroutine.of("done already"))));
    }

    @Test
    void aZeroTimeoutCancelsAtTheFirstAwaitButWorkThatDoesNotSuspendCompletes() {
        List<String> log = new ArrayList<>();
        assertEquals("expired at once", run(zero(log)));
        assertEquals(List.of("work cancelled@0", "work finally@0"), log);
        assertEquals("done already", run(zeroWithoutAwait()));
    }

    @Async
    static Coroutine<String> rescheduleExited() {
        Timeout[] scope = new Timeout[1];
        await(Timeout.timeout(ms(10), t -> {
            scope[0] = t;
            return Coroutine.done();
        }));
        try {
            scope[0].reschedule(ms(5));
            return Coroutine.of("accepted");
        } catch (IllegalStateException e) {
            return Coroutine.of(e.getMessage());
        }
    }

    @Test
    void aTimeoutWhoseScopeExitedCannotBeRescheduled() {
        assertEquals("cannot reschedule a timeout whose scope has exited", run(rescheduleExited()));
    }

    // ------------------------------------------------------------------ absolute deadlines: timeoutAt, when, rescheduleAt

    static long nanosAt(long millis) {
        return millis * 1_000_000;
    }

    @Async
    static Coroutine<String> atADeadline(List<String> log) {
        long start = dev.weft.EventLoop.current().nanoTime();
        Timeout[] scope = new Timeout[1];
        try {
            await(Timeout.timeoutAt(start + nanosAt(20), t -> {
                scope[0] = t;
                return sleeper("work", 50, "value", log);
            }));
            return Coroutine.of("no timeout");
        } catch (TimeoutExpiredException e) {
            log(log, "timeout");
            return Coroutine.of(e.getMessage().contains("deadline") + ", when=start+"
                    + (scope[0].when() - start) / 1_000_000 + " ms, " + scope[0]);
        }
    }

    @Test
    void timeoutAtCancelsTheBodyAtTheGivenTimeOnTheLoopsClock() {
        List<String> log = new ArrayList<>();
        assertEquals("true, when=start+20 ms, Timeout[at 20000000 ns, expired, exited]", run(atADeadline(log)));
        assertEquals(List.of("work cancelled@20", "work finally@20", "timeout@20"), log);
    }

    @Async
    static Coroutine<String> moveAbsolutely(Timeout t, List<String> log) {
        long start = dev.weft.EventLoop.current().nanoTime();
        log(log, "when=" + t.when() / 1_000_000);              // fixed when the scope started: 0 + 10
        await(Weft.sleep(ms(5)));
        t.rescheduleAt(start + nanosAt(30));
        log(log, "moved to " + t.when() / 1_000_000 + ", remaining " + t.remaining().toMillis());
        await(Weft.sleep(ms(10)));
        log(log, "past the first deadline");
        t.rescheduleAt(Timeout.NO_DEADLINE);
        log(log, "no deadline: remaining " + t.remaining() + ", " + t);
        await(Weft.sleep(ms(40)));
        t.rescheduleAt(dev.weft.EventLoop.current().nanoTime() + nanosAt(5));
        await(Weft.sleep(ms(100)));
        return Coroutine.of("not reached");
    }

    @Async
    static Coroutine<String> rescheduledAbsolutely(List<String> log) {
        Timeout[] scope = new Timeout[1];
        try {
            return Coroutine.of(await(Timeout.timeout(ms(10), t -> {
                scope[0] = t;
                return moveAbsolutely(t, log);
            })));
        } catch (TimeoutExpiredException e) {
            log(log, e.getMessage());
            return Coroutine.of("timeout; when after exit=" + scope[0].when() / 1_000_000);
        }
    }

    @Test
    void rescheduleAtMovesOrRemovesTheDeadlineAndWhenStaysReadableAfterTheScope() {
        List<String> log = new ArrayList<>();
        assertEquals("timeout; when after exit=60", run(rescheduledAbsolutely(log)));
        assertEquals(List.of("when=10@0", "moved to 30, remaining 25@5", "past the first deadline@15",
                "no deadline: remaining null, Timeout[no deadline, running]@15",
                "timeout expired: its deadline 60000000 ns on the loop's clock passed@60"), log);
    }

    @Async
    static Coroutine<String> yieldsThenFinishes(List<String> log) {
        log(log, "before the yield");
        await(Weft.sleep(java.time.Duration.ZERO));
        log(log, "after the yield");
        return Coroutine.of("finished");
    }

    @Async
    static Coroutine<String> pastDeadline(List<String> log, boolean suspends) {
        long now = dev.weft.EventLoop.current().nanoTime();
        Timeout[] scope = new Timeout[1];
        try {
            String v = await(Timeout.timeoutAt(now - 1, t -> {
                scope[0] = t;
                return suspends ? yieldsThenFinishes(log) : Coroutine.of("did not suspend");
            }));
            return Coroutine.of(v + ", expired=" + scope[0].expired());
        } catch (TimeoutExpiredException e) {
            return Coroutine.of("timeout, expired=" + scope[0].expired());
        }
    }

    @Test
    void aDeadlineAlreadyPastCancelsAtTheFirstSuspensionEvenAYield() {
        List<String> log = new ArrayList<>();
        assertEquals("timeout, expired=true", run(pastDeadline(log, true)));
        assertEquals(List.of("before the yield@0"), log);
        // a body that never suspends finishes first, as in asyncio: the expiry never ran
        assertEquals("did not suspend, expired=false", run(pastDeadline(log, false)));
    }

    @Async
    static Coroutine<String> pastThenMovedAway(Timeout t, List<String> log) {
        t.rescheduleAt(t.when() + nanosAt(50));               // before the first suspension: the expiry is dropped
        return yieldsThenFinishes(log);
    }

    @Async
    static Coroutine<String> pastThenRescheduled(List<String> log) {
        long now = dev.weft.EventLoop.current().nanoTime();
        return Coroutine.of(await(Timeout.timeoutAt(now, t -> pastThenMovedAway(t, log))));
    }

    @Test
    void aPastDeadlineMovedAwayBeforeTheFirstSuspensionNoLongerCancels() {
        List<String> log = new ArrayList<>();
        assertEquals("finished", run(pastThenRescheduled(log)));
        assertEquals(List.of("before the yield@0", "after the yield@0"), log);
    }

    @Async
    static Coroutine<String> rescheduleIntoThePast(Timeout t, List<String> log) {
        await(Weft.sleep(ms(5)));
        t.rescheduleAt(dev.weft.EventLoop.current().nanoTime() - 1);
        return yieldsThenFinishes(log);
    }

    @Test
    void rescheduleAtATimeAlreadyPastCancelsAtTheNextSuspension() {
        List<String> log = new ArrayList<>();
        assertThrows(TimeoutExpiredException.class,
                () -> run(Timeout.timeout(ms(100), t -> rescheduleIntoThePast(t, log))));
        assertEquals(List.of("before the yield@5"), log);
    }
}
