package dev.weft.it.structured;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Coroutine;
import dev.weft.ExceptionGroup;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.TaskGroup;
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

/** Timeout scopes and waitFor through woven code: expiry, cleanup, stickiness, bookkeeping, the timer. */
@org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class TimeoutTest {

    // ------------------------------------------------------------------ the work finishes first

    @Async
    static Coroutine<String> inTime(List<String> log) {
        Timeout[] scope = new Timeout[1];
        String v = await(Timeout.timeout(ms(20), t -> {
            scope[0] = t;
            return sleeper("work", 5, "value", log);
        }));
        log(log, "scope exited, expired=" + scope[0].expired());
        // the timer was cancelled: nothing cancels this task when the deadline (20 ms) passes
        await(Weft.sleep(ms(50)));
        log(log, "slept past the deadline, cancelling=" + cancelling());
        return Coroutine.of(v);
    }

    @Test
    void workThatFinishesFirstGivesItsValueAndTheTimerNeverFires() {
        List<String> log = new ArrayList<>();
        assertEquals("value", run(inTime(log)));
        assertEquals(List.of("work done@5", "work finally@5", "scope exited, expired=false@5",
                "slept past the deadline, cancelling=0@55"), log);
    }

    @Async
    static Coroutine<String> realClock() {
        long start = System.nanoTime();
        String v = await(Timeout.timeout(ms(20), sleeper("work", 1, "v", new ArrayList<>())));
        await(Weft.sleep(ms(40)));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        return Coroutine.of(v + " " + (elapsedMs >= 40) + " " + cancelling());
    }

    @Test
    void onTheRealClockTooNoLateCancellationArrives() {
        assertEquals("v true 0", Weft.run(realClock()));
    }

    // ------------------------------------------------------------------ expiry

    @Async
    static Coroutine<String> expires(List<String> log) {
        try {
            await(Timeout.timeout(ms(10), sleeper("work", 100, "late", log)));
            return Coroutine.of("no timeout");
        } catch (TimeoutExpiredException e) {
            log(log, "timeout raised");
            assertInstanceOf(CancelledException.class, e.getCause());
            boolean namesTheBodysAwait = java.util.Arrays.stream(e.getCause().getStackTrace())
                    .anyMatch(at -> at.getClassName().endsWith(".Fx") && at.getMethodName().equals("sleeper")
                            && at.getLineNumber() > 0);
            assertTrue(namesTheBodysAwait, "async trace: " + java.util.Arrays.toString(e.getCause().getStackTrace()));
            return Coroutine.of(e.getMessage() + ", cancelling=" + cancelling());
        }
    }

    @Test
    void atTheDeadlineTheWorkIsCancelledAndTimeoutExpiredIsRaised() {
        List<String> log = new ArrayList<>();
        assertEquals("timeout of 10 ms expired, cancelling=0", run(expires(log)));
        assertEquals(List.of("work cancelled@10", "work finally@10", "timeout raised@10"), log);
    }

    @Async
    static Coroutine<String> cleanupAwaits(List<String> log) {
        try {
            await(Timeout.timeout(ms(10), slowCleanup("work", 100, 15, log)));
            return Coroutine.of("no timeout");
        } catch (TimeoutExpiredException e) {
            log(log, "timeout raised");
            return Coroutine.of("cancelling=" + cancelling());
        }
    }

    @Test
    void theTimeoutIsRaisedOnlyAfterTheWorksCleanupFinishedEvenWhenItAwaits() {
        List<String> log = new ArrayList<>();
        assertEquals("cancelling=0", run(cleanupAwaits(log)));
        assertEquals(List.of("work cleanup starts@10", "work cleanup done@25", "timeout raised@25"), log);
    }

    @Async
    static Coroutine<String> rethrowingHandler(List<String> log) {
        try {
            await(Weft.sleep(ms(100)));
            return Coroutine.of("not cancelled");
        } catch (CancelledException e) {
            log(log, "handler starts");
            await(Weft.sleep(ms(5)));
            await(Weft.sleep(ms(5)));
            log(log, "handler done, rethrows");
            throw e;
        }
    }

    @Async
    static Coroutine<String> handlerThatRethrows(List<String> log) {
        try {
            return Coroutine.of(await(Timeout.timeout(ms(10), rethrowingHandler(log))));
        } catch (TimeoutExpiredException e) {
            log(log, "timeout raised");
            return Coroutine.of("timed out");
        }
    }

    @Test
    void aHandlerThatRethrowsTheCancellationMayAwaitBeforeIt() {
        List<String> log = new ArrayList<>();
        assertEquals("timed out", run(handlerThatRethrows(log)));
        assertEquals(List.of("handler starts@10", "handler done, rethrows@20", "timeout raised@20"), log);
    }

    @Async
    static Coroutine<String> nestedCleanup(List<String> log) {
        try {
            return Coroutine.of(await(slowCleanup("inner", 100, 5, log)));
        } finally {
            log(log, "outer cleanup starts");
            await(Weft.sleep(ms(5)));
            log(log, "outer cleanup done");
        }
    }

    @Async
    static Coroutine<String> cleanupAcrossFrames(List<String> log) {
        try {
            return Coroutine.of(await(Timeout.timeout(ms(10), nestedCleanup(log))));
        } catch (TimeoutExpiredException e) {
            log(log, "timeout raised");
            return Coroutine.of("timed out");
        }
    }

    @Test
    void cleanupRunsInEveryFrameOfTheBodyFromTheInnermostOut() {
        List<String> log = new ArrayList<>();
        assertEquals("timed out", run(cleanupAcrossFrames(log)));
        assertEquals(List.of("inner cleanup starts@10", "inner cleanup done@15", "outer cleanup starts@15",
                "outer cleanup done@20", "timeout raised@20"), log);
    }

    // ------------------------------------------------------------------ stickiness

    @Async
    static Coroutine<String> swallower(List<String> log) {
        try {
            await(Weft.sleep(ms(100)));
        } catch (CancelledException e) {
            log(log, "swallowed");
        }
        try {
            await(Weft.sleep(ms(100)));
            log(log, "slept on");
            return Coroutine.of("ran past the deadline");
        } catch (CancelledException e) {
            log(log, "cancelled again");
            throw e;
        }
    }

    @Async
    static Coroutine<String> swallowInTimeout(List<String> log) {
        try {
            return Coroutine.of(await(Timeout.timeout(ms(10), swallower(log))));
        } catch (TimeoutExpiredException e) {
            log(log, "timeout raised");
            return Coroutine.of("cancelling=" + cancelling());
        }
    }

    @Test
    void aBodyThatSwallowsTheCancellationIsCancelledAgainAtItsNextAwaitAndTheTimeoutIsStillRaised() {
        List<String> log = new ArrayList<>();
        assertEquals("cancelling=0", run(swallowInTimeout(log)));
        assertEquals(List.of("swallowed@10", "cancelled again@10", "timeout raised@10"), log);
    }

    @Async
    static Coroutine<Integer> stubborn(List<String> log) {
        int swallowed = 0;
        for (int i = 0; i < 5; i++) {
            try {
                await(Weft.sleep(ms(100)));
            } catch (CancelledException e) {
                swallowed++;
            }
        }
        log(log, "gave up after " + swallowed);
        return Coroutine.of(swallowed);
    }

    @Async
    static Coroutine<String> stubbornInTimeout(List<String> log) {
        Timeout[] scope = new Timeout[1];
        int n = await(Timeout.timeout(ms(10), t -> {
            scope[0] = t;
            return stubborn(log);
        }));
        return Coroutine.of(n + " expired=" + scope[0].expired() + " cancelling=" + cancelling());
    }

    @Test
    void aBodyThatKeepsSwallowingIsCancelledAtEveryAwaitAndItsValueIsKept() {
        List<String> log = new ArrayList<>();
        assertEquals("5 expired=true cancelling=0", run(stubbornInTimeout(log)));
        assertEquals(List.of("gave up after 5@10"), log);
    }

    // ------------------------------------------------------------------ cancelled from outside

    @Async
    static Coroutine<String> timedVictim(List<String> log) {
        try {
            await(Timeout.timeout(ms(50), slowCleanup("work", 100, 5, log)));
            return Coroutine.of("finished");
        } catch (TimeoutExpiredException e) {
            return Coroutine.of("timeout");
        } catch (CancelledException e) {
            log(log, "cancelled: " + e.getMessage() + ", cancelling=" + cancelling());
            throw e;
        }
    }

    @Async
    static Coroutine<String> cancelTimedFromOutside(List<String> log) {
        Task<String> t = Weft.spawn(timedVictim(log));
        await(Weft.sleep(ms(10)));
        t.cancel("outside");
        try {
            return Coroutine.of(await(t));
        } catch (CancelledException e) {
            return Coroutine.of("victim cancelled");
        }
    }

    @Test
    void anOutsideCancellationPropagatesAsItselfNotAsATimeout() {
        List<String> log = new ArrayList<>();
        assertEquals("victim cancelled", run(cancelTimedFromOutside(log)));
        assertEquals(List.of("work cleanup starts@10", "work cleanup done@15", "cancelled: outside, cancelling=1@15"), log);
    }

    @Async
    static Coroutine<String> outsideDuringTimeoutCleanup(List<String> log) {
        Task<String> t = Weft.spawn(timedVictim2(log));
        await(Weft.sleep(ms(12)));
        t.cancel("outside");
        try {
            return Coroutine.of(await(t));
        } catch (CancelledException e) {
            return Coroutine.of("victim cancelled: " + e.getMessage());
        }
    }

    @Async
    static Coroutine<String> timedVictim2(List<String> log) {
        try {
            await(Timeout.timeout(ms(10), slowCleanup("work", 100, 5, log)));
            return Coroutine.of("finished");
        } catch (TimeoutExpiredException e) {
            return Coroutine.of("timeout");
        }
    }

    @Test
    void whenBothTheDeadlineAndAnOutsideCancellationHitTheOutsideOneWins() {
        // the deadline passes at 10 and the cleanup starts; at 12 the task is cancelled from outside, which
        // cancels the cleanup's await: the CancelledException goes on, not a timeout (asyncio's rule)
        List<String> log = new ArrayList<>();
        assertEquals("victim cancelled: outside", run(outsideDuringTimeoutCleanup(log)));
        assertEquals(List.of("work cleanup starts@10"), log);
    }

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

    // ------------------------------------------------------------------ waitFor

    @Async
    static Coroutine<String> waitForCoroutine(List<String> log) {
        String fast = await(Timeout.waitFor(sleeper("fast", 5, "fast", log), ms(10)));
        try {
            await(Timeout.waitFor(slowCleanup("slow", 100, 4, log), ms(10)));
            return Coroutine.of("no timeout");
        } catch (TimeoutExpiredException e) {
            log(log, "timeout");
            return Coroutine.of(fast + " then timeout, cancelling=" + cancelling());
        }
    }

    @Test
    void waitForACoroutine() {
        List<String> log = new ArrayList<>();
        assertEquals("fast then timeout, cancelling=0", run(waitForCoroutine(log)));
        assertEquals(List.of("fast done@5", "fast finally@5", "slow cleanup starts@15", "slow cleanup done@19",
                "timeout@19"), log);
    }

    @Async
    static Coroutine<String> waitForTask(List<String> log) {
        Task<String> t = Weft.spawn(slowCleanup("task", 100, 6, log));
        try {
            await(Timeout.waitFor(t, ms(10)));
            return Coroutine.of("no timeout");
        } catch (TimeoutExpiredException e) {
            log(log, "timeout, task done=" + t.isDone() + " cancelled=" + t.isCancelled());
            return Coroutine.of("cancelling=" + cancelling());
        }
    }

    @Test
    void waitForATaskCancelsItAndWaitsForItsCleanupBeforeRaising() {
        List<String> log = new ArrayList<>();
        assertEquals("cancelling=0", run(waitForTask(log)));
        assertEquals(List.of("task cleanup starts@10", "task cleanup done@16", "timeout, task done=true cancelled=true@16"), log);
    }

    @Async
    static Coroutine<String> waitForPromise() {
        Promise<String> never = new Promise<>();
        Promise<String> soon = new Promise<>();
        Weft.spawn(complete(soon));
        String v = await(Timeout.waitFor(soon, ms(10)));
        try {
            await(Timeout.waitFor(never, ms(10)));
            return Coroutine.of("no timeout");
        } catch (TimeoutExpiredException e) {
            return Coroutine.of(v + ", promise cancelled=" + never.isCancelled() + " at " + now());
        }
    }

    @Async
    static Coroutine<Void> complete(Promise<String> p) {
        await(Weft.sleep(ms(3)));
        p.complete("soon");
        return Coroutine.done();
    }

    @Test
    void waitForAPromiseCancelsItAtTheDeadline() {
        assertEquals("soon, promise cancelled=true at 13", run(waitForPromise()));
    }

    // ------------------------------------------------------------------ debug mode

    @Async
    static Coroutine<String> everythingAtOnce(List<String> log) {
        String s = "no timeout";
        try {
            await(Timeout.timeout(ms(10), TaskGroup.run(g -> groupBody(g, log))));
        } catch (TimeoutExpiredException e) {
            s = "timeout";
        }
        List<String> values = await(dev.weft.Gather.gather(sleeper("a", 1, "A", log), sleeper("b", 2, "B", log)));
        String w = await(Timeout.waitFor(dev.weft.Shield.shield(sleeper("c", 1, "C", log)), ms(5)));
        return Coroutine.of(s + " " + values + " " + w);
    }

    @Test
    void inDebugModeTheCombinatorsCauseNoReports() {
        List<String> reports = new ArrayList<>();
        dev.weft.EventLoop loop = new dev.weft.EventLoop(dev.weft.ManualClock.autoAdvancing());
        loop.setDebug(true);
        loop.setExceptionHandler((l, message, e) -> reports.add(message));
        assertEquals("timeout [A, B] C", Weft.run(everythingAtOnce(new ArrayList<>()), loop));
        System.gc();
        assertEquals(List.of(), reports);
    }

    // ------------------------------------------------------------------ with a task group inside

    @Async
    static Coroutine<Void> groupBody(TaskGroup g, List<String> log) {
        g.spawn(slowCleanup("c1", 100, 5, log));
        g.spawn(slowCleanup("c2", 100, 8, log));
        await(Weft.sleep(ms(100)));
        return Coroutine.done();
    }

    @Async
    static Coroutine<String> groupInTimeout(List<String> log) {
        try {
            await(Timeout.timeout(ms(10), TaskGroup.run(g -> groupBody(g, log))));
            return Coroutine.of("no timeout");
        } catch (TimeoutExpiredException e) {
            log(log, "timeout");
            return Coroutine.of("cancelling=" + cancelling());
        } catch (ExceptionGroup e) {
            return Coroutine.of("unexpected " + e.exceptions());
        }
    }

    @Test
    void aTimeoutAroundATaskGroupCancelsItsChildrenAndRaisesAfterTheirCleanup() {
        List<String> log = new ArrayList<>();
        assertEquals("cancelling=0", run(groupInTimeout(log)));
        assertEquals(List.of("c1 cleanup starts@10", "c2 cleanup starts@10", "c1 cleanup done@15", "c2 cleanup done@18",
                "timeout@18"), log);
    }
}
