package dev.weft;

import dev.weft.test.ScopeBodies;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.weft.test.ScopeBodies.await;
import static dev.weft.test.ScopeBodies.script;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Pins what a {@link Timeout} shows of itself while its scope runs and after (its {@code toString}, {@link
 * Timeout#when()}, {@link Timeout#remaining()}, its expiry message, in milliseconds or nanoseconds), that
 * {@code reschedule(null)} removes the deadline, that a deadline already past when the body returns without
 * suspending expires nothing, and that an expired {@link Timeout#waitFor} nested in another timeout does not make the
 * outer one cancel the task it waits for again at every pass while that task cleans up. Bodies are hand-woven
 * scripts; the loop runs on a manual clock.
 */
class TimeoutTest extends ManualLoopTest {
    TimeoutTest() {
        loop.setShutdownTimeout(Duration.ofMillis(200)); // a failed test does not wait for stuck tasks
    }

    private void advance(long millis) {
        clock.advance(Duration.ofMillis(millis));
        loop.runUntilIdle();
    }

    @Test
    void whileItRunsAndAfterItShowsItsDeadlineWhatIsLeftAndWhetherItExpired() {
        List<String> log = new ArrayList<>();
        Timeout[] scope = new Timeout[1];
        Task<String> t = loop.createTask(Timeout.timeout(Duration.ofMillis(10), to -> {
            scope[0] = to;
            return script("body", 1, (f, v, e) -> {
                log.add(to + " when=" + to.when() + " remaining=" + to.remaining());
                return await(Weft.sleep(Duration.ofMillis(50)));
            }, (f, v, e) -> {
                log.add(e.getClass().getSimpleName() + " " + to); // swallowed: the work is complete
                return "value";
            });
        }));
        loop.runUntilIdle();
        advance(4);
        assertEquals("Timeout[10 ms, remaining 6 ms]", scope[0].toString());
        advance(6);
        assertEquals(List.of("Timeout[10 ms, remaining 10 ms] when=10000000 remaining=PT0.01S",
                "CancelledException Timeout[10 ms, expired]"), log);
        assertEquals("value", t.result());
        assertTrue(scope[0].expired());
        assertEquals("Timeout[10 ms, expired, exited]", scope[0].toString());
        assertEquals(10_000_000, scope[0].deadlineNanos(), "the deadline stays readable after the scope");
    }

    @Test
    void rescheduleToNullRemovesTheDeadline() {
        List<String> log = new ArrayList<>();
        Timeout[] scope = new Timeout[1];
        Task<String> t = loop.createTask(Timeout.timeout(Duration.ofMillis(10), to -> {
            scope[0] = to;
            return script("body", 1, (f, v, e) -> {
                to.reschedule(null);
                log.add(to + " remaining=" + to.remaining());
                return await(Weft.sleep(Duration.ofMillis(50)));
            }, (f, v, e) -> e == null ? "slept" : "cancelled");
        }));
        loop.runUntilIdle();
        advance(50);
        assertEquals("slept", t.result());
        assertEquals(List.of("Timeout[no deadline, running] remaining=null"), log);
        assertFalse(scope[0].expired());
        assertEquals(Timeout.NO_DEADLINE, scope[0].when());
        assertEquals("Timeout[no deadline, exited]", scope[0].toString());
    }

    @Test
    void aDeadlineGivenInNanosecondsIsShownAndReportedInNanoseconds() {
        Timeout[] scope = new Timeout[1];
        Task<String> t = loop.createTask(Timeout.timeout(Duration.ofNanos(1500), to -> {
            scope[0] = to;
            return script("body", 1, (f, v, e) -> await(Weft.sleep(Duration.ofMillis(1))), (f, v, e) -> {
                throw dev.weft.internal.Outcomes.sneakyThrow(e);
            });
        }));
        loop.runUntilIdle();
        assertEquals("Timeout[1500 ns, remaining 1500 ns]", scope[0].toString());
        clock.advance(Duration.ofNanos(1500));
        loop.runUntilIdle();
        TimeoutExpiredException e = assertThrows(TimeoutExpiredException.class, t::result);
        assertEquals("timeout of 1500 ns expired", e.getMessage());
        assertInstanceOf(CancelledException.class, e.getCause());
    }

    @Test
    void aDeadlineAlreadyPastExpiresNothingWhenTheBodyReturnsWithoutSuspending() {
        Timeout[] scope = new Timeout[1];
        clock.advance(Duration.ofMillis(5));
        Task<String> t = loop.createTask(Timeout.timeoutAt(1_000_000, to -> {
            scope[0] = to;
            return script("body", 1, (f, v, e) -> "done already");
        }));
        loop.runUntilIdle(); // the expiry queued at the start runs after the scope exited
        assertEquals("done already", t.result());
        assertFalse(scope[0].expired());
        assertEquals("Timeout[at 1000000 ns, exited]", scope[0].toString());
        assertEquals(Duration.ZERO, scope[0].remaining());
    }

    @Test
    void anOuterTimeoutCancelsTheTaskAnExpiredWaitForWaitsOnOnceNotAtEveryPass() {
        List<String> got = new ArrayList<>();
        List<Promise<Object>> cleanups = new ArrayList<>();
        // a task whose cleanup takes every cancellation it gets and goes on cleaning up
        Task<Object> x = loop.createTask(ScopeBodies.slowToStop(got, cleanups, "cleaned up"));
        Task<Object> t = loop.createTask(Timeout.timeout(Duration.ofMillis(100), Timeout.waitFor(x, Duration.ofMillis(10))));
        loop.runUntilIdle();
        advance(10);
        assertEquals(List.of("timeout of 10 ms expired"), got);
        clock.advance(Duration.ofMillis(90));
        loop.runUntilComplete(ScopeBodies.afterPasses(loop, 100)); // bounded: before the fix it never went idle
        assertEquals(List.of("timeout of 10 ms expired", "timeout of 100 ms expired"), got,
                "the outer timeout cancels the task once, as asyncio does, not again at every pass");
        assertFalse(t.isDone());
        ScopeBodies.finishCleanup(loop, cleanups);
        assertEquals("cleaned up", x.result());
        TimeoutExpiredException e = assertThrows(TimeoutExpiredException.class, t::result);
        assertEquals("timeout of 100 ms expired", e.getMessage(), "the outer timeout is the one raised");
        assertEquals(0, t.cancelling());
    }
}
