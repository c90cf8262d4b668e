package dev.weft.it.hardening;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Coroutine;
import dev.weft.EventLoop;
import dev.weft.ExceptionGroup;
import dev.weft.ManualClock;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.TaskGroup;
import dev.weft.TimeoutExpiredException;
import dev.weft.Weft;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static dev.weft.Weft.await;
import static org.junit.jupiter.api.Assertions.*;

/** Cancellation requests that asyncio honours and Weft lost: each must reach the task. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class LostCancellationTest {

    private static <T> T run(Coroutine<T> main) {
        return Weft.run(main, new EventLoop(ManualClock.autoAdvancing()));
    }

    // ------------------------------------------------------------ a task group's failure and an outside cancel

    @Async
    static Coroutine<Void> failSoon() {
        await(Weft.sleep(Duration.ofMillis(10)));
        throw new IllegalStateException("child failed");
    }

    @Async
    static Coroutine<Void> groupBody(TaskGroup g, Promise<Task<?>> self) {
        g.spawn(failSoon());
        await(Weft.sleep(Duration.ofHours(1)));
        return Coroutine.done();
    }

    /** The task running the group; it reports what happened after the group. */
    @Async
    static Coroutine<String> groupRunner(List<String> log) {
        try {
            await(TaskGroup.run(g -> groupBody(g, null)));
            log.add("group returned");
        } catch (ExceptionGroup eg) {
            log.add("group failed: " + eg.exceptions().get(0).getMessage());
        }
        try {
            await(Weft.sleep(Duration.ofMillis(1)));
            log.add("next await ran normally");
        } catch (CancelledException e) {
            log.add("next await cancelled");
            throw e;
        }
        return Coroutine.of("not cancelled");
    }

    @Async
    static Coroutine<List<String>> cancelWhileAChildFails() {
        List<String> log = new CopyOnWriteArrayList<>();
        Task<String> runner = Weft.spawn(groupRunner(log));
        await(Weft.sleep(Duration.ofMillis(10))); // the child fails in this same pass of the loop
        runner.cancel();
        try {
            await(runner);
            log.add("runner finished");
        } catch (CancelledException e) {
            log.add("runner cancelled, cancelling()=" + runner.cancelling());
        }
        return Coroutine.of(log);
    }

    /** asyncio 3.13, gh-116720: the group raises its ExceptionGroup and the task stays cancelled. */
    @Test
    void anOutsideCancelCoincidingWithAChildFailureIsDeliveredAfterTheGroup() {
        assertEquals(List.of("group failed: child failed", "next await cancelled", "runner cancelled, cancelling()=1"),
                run(cancelWhileAChildFails()));
    }

    // ------------------------------------------------------------ cancelled while running, then returns

    @Async
    static Coroutine<String> cancelsItselfAndReturns() {
        Weft.currentTask().cancel("self");
        return Coroutine.of("returned a value");
    }

    @Async
    static Coroutine<String> outcomeOf(Coroutine<String> body) {
        Task<String> t = Weft.spawn(body);
        try {
            return Coroutine.of("value: " + await(t));
        } catch (CancelledException e) {
            return Coroutine.of("cancelled: " + e.getMessage() + ", isCancelled=" + t.isCancelled());
        }
    }

    @Test
    void aTaskThatCancelsItselfAndReturnsEndsCancelled() {
        assertEquals("cancelled: self, isCancelled=true", run(outcomeOf(cancelsItselfAndReturns())));
    }

    @Async
    static Coroutine<String> cancelledByItsChildWhileRunning() {
        Task<?> me = Weft.currentTask();
        Weft.spawnEager(cancel(me)); // runs at once, inside this step
        return Coroutine.of("returned a value");
    }

    @Async
    static Coroutine<Void> cancel(Task<?> t) {
        t.cancel("by an eager child");
        return Coroutine.done();
    }

    @Test
    void aTaskCancelledWhileRunningEndsCancelledEvenWithoutAnotherAwait() {
        assertEquals("cancelled: by an eager child, isCancelled=true", run(outcomeOf(cancelledByItsChildWhileRunning())));
    }

    @Async
    static Coroutine<String> cancelsItselfThenFails() {
        Weft.currentTask().cancel("self");
        throw new IllegalArgumentException("failed after cancel");
    }

    @Test
    void aFailureAfterTheCancelRequestStillWins() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> run(outcomeOfFailing(cancelsItselfThenFails())));
        assertEquals("failed after cancel", e.getMessage());
    }

    @Async
    static Coroutine<String> outcomeOfFailing(Coroutine<String> body) {
        return Coroutine.of(await(Weft.spawn(body)));
    }

    // ------------------------------------------------------------ deadlines already due

    @Async
    static Coroutine<String> onlyYields() {
        await(Weft.sleep(Duration.ZERO));
        return Coroutine.of("body finished");
    }

    @Async
    static Coroutine<String> underTimeout(Duration d) {
        try {
            return Coroutine.of(await(Weft.timeout(d, onlyYields())));
        } catch (TimeoutExpiredException e) {
            return Coroutine.of("timed out");
        }
    }

    @Test
    void aZeroTimeoutAroundAYieldExpires() {
        assertEquals("timed out", run(underTimeout(Duration.ZERO)));
    }

    @Test
    void aNegativeTimeoutAroundAYieldExpires() {
        assertEquals("timed out", run(underTimeout(Duration.ofSeconds(-1))));
    }

    @Async
    static Coroutine<String> noSuspension() {
        return Coroutine.of("finished without suspending");
    }

    @Async
    static Coroutine<String> zeroTimeoutWithoutSuspension() {
        return Coroutine.of(await(Weft.timeout(Duration.ZERO, noSuspension())));
    }

    /** Like asyncio: the expiry is only scheduled, so a body that never suspends completes. */
    @Test
    void aZeroTimeoutAroundABodyThatNeverSuspendsGivesItsValue() {
        assertEquals("finished without suspending", run(zeroTimeoutWithoutSuspension()));
    }

    @Async
    static Coroutine<String> waitForZero() {
        Task<String> t = Weft.spawn(onlyYields());
        try {
            return Coroutine.of(await(Weft.waitFor(t, Duration.ZERO)));
        } catch (TimeoutExpiredException e) {
            return Coroutine.of("timed out, task cancelled=" + t.isCancelled());
        }
    }

    @Test
    void waitForWithAZeroDelayExpiresAndCancelsTheTask() {
        assertEquals("timed out, task cancelled=true", run(waitForZero()));
    }

    @Async
    static Coroutine<String> rescheduledToZero() {
        try {
            return Coroutine.of(await(Weft.timeout(Duration.ofHours(1), t -> {
                t.reschedule(Duration.ZERO);
                return onlyYields();
            })));
        } catch (TimeoutExpiredException e) {
            return Coroutine.of("timed out");
        }
    }

    @Test
    void aDeadlineRescheduledToNowExpiresAtTheFirstSuspension() {
        assertEquals("timed out", run(rescheduledToZero()));
    }
}
