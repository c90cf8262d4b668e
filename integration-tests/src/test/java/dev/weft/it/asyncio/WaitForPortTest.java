package dev.weft.it.asyncio;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Coroutine;
import dev.weft.EventLoop;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.TimeoutExpiredException;
import dev.weft.WaitMode;
import dev.weft.Weft;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.weft.Weft.await;
import static dev.weft.it.asyncio.AsyncioPort.failure;
import static dev.weft.it.asyncio.AsyncioPort.ms;
import static dev.weft.it.asyncio.AsyncioPort.now;
import static dev.weft.it.asyncio.AsyncioPort.outcome;
import static dev.weft.it.asyncio.AsyncioPort.run;
import static org.junit.jupiter.api.Assertions.*;

/**
 * CPython's {@code Lib/test/test_asyncio/test_waitfor.py} (3.13; in older versions these were the wait_for tests of
 * test_tasks.py), class AsyncioWaitForTest, ported to {@link Weft#waitFor}; class WaitForShieldTests is in
 * {@link WaitForShieldPortTest}. {@code TimeoutError} is {@link TimeoutExpiredException}, whose cause is the
 * cancellation (Python's {@code __context__}). Times are virtual; CPython's {@code _EPSILON} is 1 ms. Every test of
 * the file is ported.
 */
@org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class WaitForPortTest {
    private static final long TASK_TIMEOUT = 200;
    private static final long EPSILON = 1;

    /**
     * CPython's SlowTask: runs until {@code TASK_TIMEOUT} ms of loop time have passed, dropping every cancellation.
     * Gives up after {@code maxCancellations} of them (CPython's has no limit), recording when each arrived.
     */
    static final class SlowTask {
        final List<Long> cancelledAt = new ArrayList<>();
        final int maxCancellations;
        boolean exited;

        SlowTask(int maxCancellations) {
            this.maxCancellations = maxCancellations;
        }

        @Async
        Coroutine<Void> run() {
            long exitAt = now() + TASK_TIMEOUT;
            while (cancelledAt.size() < maxCancellations) {
                long toSleep = exitAt - now();
                if (toSleep <= 0) {
                    break;
                }
                try {
                    await(Weft.sleep(ms(toSleep)));
                } catch (CancelledException e) {
                    cancelledAt.add(now());
                }
            }
            exited = true;
            return Coroutine.done();
        }
    }

    @Async
    static Coroutine<Boolean> asyncioWaitForCancelled() {
        SlowTask t = new SlowTask(100);
        Task<Void> waitForTask = Weft.spawn(Weft.waitFor(t.run(), ms(TASK_TIMEOUT * 2)));
        await(Weft.sleep(Duration.ZERO));
        waitForTask.cancel();
        await(Weft.waitAll(List.of(waitForTask), WaitMode.ALL_COMPLETED));
        assertEquals(1, t.cancelledAt.size(), "a cancellation from outside is delivered once");
        return Coroutine.of(t.exited);
    }

    /** test_asyncio_wait_for_cancelled: a body dropping the outside cancellation runs to its end. */
    @Test
    void testAsyncioWaitForCancelled() {
        assertTrue(run(asyncioWaitForCancelled()));
    }

    @Async
    static Coroutine<List<Long>> asyncioWaitForTimeout() {
        SlowTask t = new SlowTask(5);
        Object v = await(Weft.waitFor(t.run(), ms(TASK_TIMEOUT / 2)));
        assertNull(v, "the body ended normally, so its value is returned (as asyncio's timeout does)");
        assertTrue(t.exited);
        return Coroutine.of(t.cancelledAt);
    }

    /**
     * test_asyncio_wait_for_timeout: the body drops the timeout's cancellation. Deliberate difference: Weft's
     * cancellation sticks until the scope exits, so the body is cancelled again at each later await, at once; it ends
     * only because this port's SlowTask gives up after five cancellations (CPython's would spin until its 200 ms
     * passed, and on virtual time forever).
     */
    @Test
    void testAsyncioWaitForTimeout() {
        assertEquals(List.of(100L, 100L, 100L, 100L, 100L), run(asyncioWaitForTimeout()));
    }

    @Async
    static Coroutine<String> waitForFutureDone(Duration timeout) {
        Promise<String> fut = new Promise<>();
        fut.complete("done");
        String ret = await(Weft.waitFor(fut, timeout));
        assertTrue(fut.isDone());
        return Coroutine.of(ret);
    }

    /** test_wait_for_timeout_less_then_0_or_0_future_done: something already done is returned even with no time left. */
    @Test
    void testWaitForTimeoutLessThen0Or0FutureDone() {
        assertEquals("done", run(waitForFutureDone(Duration.ZERO)));
        assertEquals("done", run(waitForFutureDone(Duration.ofSeconds(-1))));
    }

    @Async
    static Coroutine<String> foo(boolean[] started, boolean yieldOnce) {
        started[0] = true;
        if (yieldOnce) {
            await(Weft.sleep(Duration.ZERO));
        }
        return Coroutine.of("foo done");
    }

    @Async
    static Coroutine<String> zeroTimeoutCoroutine(boolean yieldOnce) {
        boolean[] started = {false};
        String result = await(outcome(Weft.waitFor(foo(started, yieldOnce), Duration.ZERO)));
        return Coroutine.of(result + ", started=" + started[0]);
    }

    /**
     * test_wait_for_timeout_less_then_0_or_0_coroutine_do_not_started. Deliberate difference: asyncio raises a
     * timeout without starting the coroutine; Weft runs a coroutine in the awaiting task and a zero delay cancels it
     * at its first suspension (Timeout's javadoc), so one that never suspends runs to its end and gives its value.
     */
    @Test
    void testWaitForTimeoutLessThen0Or0CoroutineDoNotStarted() {
        assertEquals("value foo done, started=true", run(zeroTimeoutCoroutine(false)));
    }

    /**
     * A variant of test_wait_for_timeout_less_then_0_or_0_coroutine_do_not_started whose coroutine suspends once, at
     * a yield: by Weft's own rule it must be cancelled there, and the timeout raised.
     */
    @Test
    void testWaitForTimeoutLessThen0Or0CoroutineYields() {
        assertEquals("TimeoutExpiredException, started=true", run(zeroTimeoutCoroutine(true)));
    }

    @Async
    static Coroutine<String> runningFoo(boolean[] running, Promise<Void> started) {
        running[0] = true;
        started.complete(null);
        try {
            await(Weft.sleep(ms(10_000)));
        } finally {
            running[0] = false;
        }
        return Coroutine.of("done");
    }

    @Async
    static Coroutine<Void> waitForTaskTimesOut(Duration timeout, boolean waitUntilStarted) {
        boolean[] running = {false};
        Promise<Void> started = new Promise<>();
        Task<String> fut = Weft.spawn(runningFoo(running, started));
        if (waitUntilStarted) {
            await(started);
        }
        Throwable e = await(failure(Weft.waitFor(fut, timeout)));
        assertInstanceOf(TimeoutExpiredException.class, e);
        assertTrue(fut.isDone());
        assertTrue(fut.isCancelled(), "cancelled because of the timeout");
        assertFalse(running[0], "its cleanup ran before the timeout was raised");
        return Coroutine.done();
    }

    /** test_wait_for_timeout_less_then_0_or_0: a running task with no time left is cancelled and waited for. */
    @Test
    void testWaitForTimeoutLessThen0Or0() {
        run(waitForTaskTimesOut(Duration.ZERO, true));
        run(waitForTaskTimesOut(Duration.ofSeconds(-1), true));
    }

    /** test_wait_for: a task not done in time is cancelled, its cleanup runs, then the timeout is raised. */
    @Test
    void testWaitFor() {
        run(waitForTaskTimesOut(ms(100), false));
    }

    /** test_wait_for_blocking: no timeout at all. */
    @Test
    void testWaitForBlocking() {
        assertEquals("done", run(Weft.waitFor(AsyncioPort.returning("done"), null)));
    }

    @Async
    static Coroutine<String> raceCondition() {
        Promise<String> fut = new Promise<>();
        Coroutine<String> task = Weft.waitFor(fut, ms(200));
        EventLoop.current().callSoon(() -> fut.complete("ok"));
        return Coroutine.of(await(task));
    }

    /** test_wait_for_race_condition: the awaitable completes on the next pass, well within the timeout. */
    @Test
    void testWaitForRaceCondition() {
        assertEquals("ok", run(raceCondition()));
    }

    @Async
    static Coroutine<Integer> swallowsCancellation() {
        assertInstanceOf(CancelledException.class, await(failure(Weft.sleep(ms(1000)))));
        return Coroutine.of(1);
    }

    /** test_wait_for_cancellation_race_condition: a body that swallows the cancellation and returns gives its value. */
    @Test
    void testWaitForCancellationRaceCondition() {
        assertEquals(1, run(Weft.waitFor(swallowsCancellation(), ms(10))));
    }

    @Async
    static Coroutine<Void> slowCleanup(boolean[] taskDone) {
        try {
            await(Weft.sleep(ms(10_000)));
        } catch (CancelledException e) {
            await(Weft.sleep(ms(EPSILON)));
            throw e;
        } finally {
            taskDone[0] = true;
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> waitsForTaskCancellation(Duration timeout, boolean sleepFirst) {
        boolean[] taskDone = {false};
        Task<Void> innerTask = Weft.spawn(slowCleanup(taskDone));
        if (sleepFirst) {
            await(Weft.sleep(ms(EPSILON)));
        }
        Throwable e = await(failure(Weft.waitFor(innerTask, timeout)));
        assertInstanceOf(TimeoutExpiredException.class, e);
        assertTrue(taskDone[0]);
        assertInstanceOf(CancelledException.class, e.getCause());
        return Coroutine.done();
    }

    /** test_wait_for_waits_for_task_cancellation: the timeout is raised only after the task's cleanup (which awaits). */
    @Test
    void testWaitForWaitsForTaskCancellation() {
        run(waitsForTaskCancellation(ms(EPSILON), false));
    }

    /** test_wait_for_waits_for_task_cancellation_w_timeout_0: the same with no time left. */
    @Test
    void testWaitForWaitsForTaskCancellationWTimeout0() {
        run(waitsForTaskCancellation(Duration.ZERO, true));
    }

    static final class FooException extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    @Async
    static Coroutine<Void> failsInCleanup() {
        try {
            await(Weft.sleep(ms(200)));
        } finally {
            throw new FooException();
        }
    }

    @Async
    static Coroutine<Throwable> reraisesExceptionDuringCancellation() {
        Task<Void> innerTask = Weft.spawn(failsInCleanup());
        return Coroutine.of(await(failure(Weft.waitFor(innerTask, ms(EPSILON)))));
    }

    /** test_wait_for_reraises_exception_during_cancellation: a task failing in its cleanup: that failure, no timeout. */
    @Test
    void testWaitForReraisesExceptionDuringCancellation() {
        assertInstanceOf(FooException.class, run(reraisesExceptionDuringCancellation()));
    }

    @Async
    static Coroutine<Void> cancelWaitFor(Duration timeout) {
        Task<Void> task = Weft.spawn(AsyncioPort.forever());
        Task<Void> wait = Weft.spawn(Weft.waitFor(task, timeout));
        EventLoop.current().callSoon(wait::cancel);
        assertEquals("cancelled", await(outcome(wait)));
        assertTrue(task.isCancelled(), "cancelling the wait must also cancel the task");
        return Coroutine.done();
    }

    /** test_cancel_blocking_wait_for: cancelling a wait_for without timeout cancels the task it waits for. */
    @Test
    void testCancelBlockingWaitFor() {
        run(cancelWaitFor(null));
    }

    /** test_cancel_wait_for: the same with a timeout. */
    @Test
    void testCancelWaitFor() {
        run(cancelWaitFor(ms(60_000)));
    }

    @Async
    static Coroutine<Integer> return42() {
        try {
            await(Weft.sleep(ms(10_000)));
        } catch (CancelledException e) {
            return Coroutine.of(42);
        }
        return Coroutine.of(0);
    }

    /** test_wait_for_cancel_suppressed: a body that suppresses the cancellation and returns gives its value. */
    @Test
    void testWaitForCancelSuppressed() {
        assertEquals(42, run(Weft.waitFor(return42(), ms(100))));
    }

    @Async
    static Coroutine<Void> waitForCoro(Task<String> innerTask, boolean[] reachedEnd) {
        await(Weft.waitFor(innerTask, ms(100_000)));
        await(Weft.sleep(ms(1000)));
        reachedEnd[0] = true;
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> issue86296() {
        Task<String> innerTask = Weft.spawn(AsyncioPort.returning("done"));
        boolean[] reachedEnd = {false};
        Task<Void> task = Weft.spawn(waitForCoro(innerTask, reachedEnd));
        assertFalse(task.isDone());
        await(Weft.sleep(Duration.ZERO));
        task.cancel();
        assertEquals("cancelled", await(outcome(task)));
        assertTrue(innerTask.isDone());
        assertEquals("done", await(innerTask));
        assertFalse(reachedEnd[0]);
        return Coroutine.done();
    }

    /** test_wait_for_issue86296: a task cancelled just as the wait_for completes is cancelled, not run to its end. */
    @Test
    void testWaitForIssue86296() {
        run(issue86296());
    }
}
