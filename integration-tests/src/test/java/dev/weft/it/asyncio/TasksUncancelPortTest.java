package dev.weft.it.asyncio;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Coroutine;
import dev.weft.EventLoop;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.TimeoutExpiredException;
import dev.weft.TimerHandle;
import dev.weft.Weft;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.weft.Weft.await;
import static dev.weft.it.asyncio.AsyncioPort.ms;
import static dev.weft.it.asyncio.AsyncioPort.outcome;
import static dev.weft.it.asyncio.AsyncioPort.run;
import static dev.weft.it.asyncio.AsyncioPort.virtualLoop;
import static org.junit.jupiter.api.Assertions.*;

/**
 * CPython's {@code Lib/test/test_asyncio/test_tasks.py} (3.13), the tests of {@code cancelling()} and
 * {@code uncancel()}: {@code cancelling()} of a task that has not run yet, a task that handles a cancellation and
 * uncancels running on, a timeout built by hand from {@code cancel()} and {@code uncancel()}, and an uncancel before
 * the cancellation was delivered withdrawing it. The other cancellation tests are in {@link TasksPortTest}, whose
 * header says how the port drives the loop. Times are virtual.
 */
@org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class TasksUncancelPortTest {

    // ------------------------------------------------------------------ cancelling() and uncancel()

    @Async
    static Coroutine<Void> sleep10s() {
        await(Weft.sleep(ms(10_000)));
        return Coroutine.done();
    }

    /** test_cancelling: cancel() on a task that has not run, from the thread that runs its loop, while it is stopped. */
    @Test
    void testCancelling() {
        try (EventLoop loop = virtualLoop()) {
            Task<Void> t = loop.createTask(sleep10s());
            assertEquals(0, t.cancelling());
            assertTrue(t.cancel());
            assertTrue(t.cancelling() > 0, "cancelling() right after cancel()");
            assertTrue(t.cancel());
            assertThrows(CancelledException.class, () -> {
                loop.runUntilComplete(t);
                t.result();
            });
        }
    }

    @Async
    static Coroutine<Void> uncancelsOnce() {
        try {
            await(Weft.sleep(ms(10_000)));
        } catch (CancelledException e) {
            Weft.currentTask().uncancel();
            await(Weft.sleep(ms(10_000)));
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> uncancelBasic() {
        Task<Void> t = Weft.spawn(uncancelsOnce());
        await(Weft.sleep(ms(10)));
        // cancel the first sleep
        assertTrue(t.cancel());
        assertEquals(1, t.cancelling());
        assertFalse(t.isCancelled(), "not complete yet");
        await(Weft.sleep(ms(10)));
        // after uncancel()
        assertEquals(0, t.cancelling());
        assertFalse(t.isCancelled());
        // cancel the second sleep
        assertTrue(t.cancel());
        assertEquals(1, t.cancelling());
        assertEquals("cancelled", await(outcome(t)));
        assertTrue(t.isCancelled());
        assertTrue(t.isDone());
        // uncancel is no longer effective once the task is done
        t.uncancel();
        assertTrue(t.isCancelled());
        assertTrue(t.isDone());
        return Coroutine.done();
    }

    /**
     * test_uncancel_basic: a task that handles a cancellation and uncancels runs on; a later cancellation ends it.
     * (The cancel() calls run on the loop: from outside a stopped loop they are deferred, see testCancelling.)
     */
    @Test
    void testUncancelBasic() {
        run(uncancelBasic());
    }

    static final class TimeoutResult {
        boolean timedOut;
        boolean structuredBlockFinished;
        boolean outerCodeReached;
    }

    @Async
    static Coroutine<TimeoutResult> makeRequestWithTimeout(long sleepMs, long timeoutMs) {
        Task<?> task = Weft.currentTask();
        TimeoutResult r = new TimeoutResult();
        TimerHandle timeoutHandle = task.loop().callLater(ms(timeoutMs), () -> {
            r.timedOut = true;
            task.cancel();
        });
        try {
            try {
                await(Weft.sleep(ms(sleepMs))); // the structured block affected by the timeout
                r.structuredBlockFinished = true;
            } catch (CancelledException e) {
                // the five rules of the CPython test: uncancel in the handler, only for our own cancellation,
                // convert only when no cancellation is left, and only a CancelledException
                timeoutHandle.cancel();
                if (r.timedOut && task.uncancel() == 0) {
                    throw new TimeoutExpiredException("timed out", e);
                }
                throw e;
            } finally {
                timeoutHandle.cancel();
            }
        } catch (TimeoutExpiredException e) {
            assertTrue(r.timedOut);
        }
        r.outerCodeReached = true; // outer code not affected by the timeout
        await(Weft.sleep(Duration.ZERO));
        return Coroutine.of(r);
    }

    /** test_uncancel_structured_blocks: a timeout built by hand from cancel() and uncancel(). */
    @Test
    void testUncancelStructuredBlocks() {
        try (EventLoop loop = virtualLoop()) {
            Task<TimeoutResult> t1 = loop.createTask(makeRequestWithTimeout(10_000, 100));
            loop.runUntilComplete(t1);
            TimeoutResult r1 = t1.result();
            assertTrue(r1.timedOut);
            assertFalse(r1.structuredBlockFinished, "it was cancelled");
            assertTrue(r1.outerCodeReached, "uncancelled after leaving the structured block");
            assertEquals(0, t1.cancelling());

            Task<TimeoutResult> t2 = loop.createTask(makeRequestWithTimeout(0, 10_000));
            loop.runUntilComplete(t2);
            TimeoutResult r2 = t2.result();
            assertFalse(r2.timedOut);
            assertTrue(r2.structuredBlockFinished);
            assertTrue(r2.outerCodeReached);
            assertEquals(0, t2.cancelling());
        }
    }

    @Async
    static Coroutine<Integer> awaitThen42(Promise<Void> fut) {
        await(fut);
        return Coroutine.of(42);
    }

    @Async
    static Coroutine<Integer> uncancelResetsMustCancel() {
        Promise<Void> fut = new Promise<>();
        Task<Integer> task = Weft.spawn(awaitThen42(fut));
        await(Weft.sleep(Duration.ZERO)); // the task waits for fut
        fut.complete(null); // makes the task runnable
        task.cancel();
        assertEquals(1, task.cancelling());
        task.uncancel(); // undoes the cancellation
        assertEquals(0, task.cancelling());
        return Coroutine.of(await(task));
    }

    /** test_uncancel_resets_must_cancel: uncancel() before the cancellation was delivered withdraws it. */
    @Test
    void testUncancelResetsMustCancel() {
        assertEquals(42, run(uncancelResetsMustCancel()));
    }
}
