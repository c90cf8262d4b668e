package dev.weft.it.structured;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Coroutine;
import dev.weft.Task;
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
import static dev.weft.it.structured.Fx.run;
import static dev.weft.it.structured.Fx.sleeper;
import static dev.weft.it.structured.Fx.slowCleanup;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Timeout scopes through woven code: work that finishes first, expiry and the work's cleanup (which may await),
 * stickiness of the timeout's cancellation, and a cancellation from outside meeting the timeout. Moving and
 * absolute deadlines are in {@link TimeoutDeadlineTest}; waitFor and timeouts around the other combinators in
 * {@link TimeoutCombinatorsTest}.
 */
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
}
