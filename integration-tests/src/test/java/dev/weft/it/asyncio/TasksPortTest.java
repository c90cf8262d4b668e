package dev.weft.it.asyncio;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Coroutine;
import dev.weft.EventLoop;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.WaitMode;
import dev.weft.Weft;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.weft.Weft.await;
import static dev.weft.it.asyncio.AsyncioPort.failure;
import static dev.weft.it.asyncio.AsyncioPort.ms;
import static dev.weft.it.asyncio.AsyncioPort.outcome;
import static dev.weft.it.asyncio.AsyncioPort.run;
import static dev.weft.it.asyncio.AsyncioPort.sleep;
import static dev.weft.it.asyncio.AsyncioPort.virtualLoop;
import static org.junit.jupiter.api.Assertions.*;

/**
 * CPython's {@code Lib/test/test_asyncio/test_tasks.py} (3.13), the cancellation tests: {@code cancel()} with and
 * without a message, a task cancelling itself, and what a cancellation does to what the task awaits.
 * {@code cancelling()} and {@code uncancel()} are in {@link TasksUncancelPortTest}; how a cancellation reaches what a
 * task awaits is in {@link TasksCancelPropagationPortTest}; the other behaviour tests of that file are in
 * {@link TasksApiPortTest}, {@link TasksCurrentContextPortTest}, {@link TasksThreadsafePortTest},
 * {@link TasksWaitPortTest}, {@link TasksAsCompletedPortTest}, {@link TasksGatherPortTest} and
 * {@link TasksShieldPortTest}.
 *
 * <p>Where CPython drives the loop from the test ({@code loop.run_until_complete}), so does the port
 * ({@link EventLoop#runUntilComplete} on a task); {@code test_utils.run_briefly} becomes awaiting a yield in a main
 * coroutine. A cancellation's message is {@link CancelledException#getMessage()}, {@code "cancelled"} when none was
 * given (Python: empty {@code args}). Times are virtual.
 *
 * <p>Not ported (of this part): test_task_cancel_message_setter (sets a private attribute);
 * test_cancel_with_message_then_future_result/_exception's non-string message case (Weft's messages are strings);
 * test_log_traceback, test_cancel_current_task's and test_cancel_at_end's {@code _must_cancel} checks (internals).
 */
@org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class TasksPortTest {

    // ------------------------------------------------------------------ messages

    /** test_task_cancel_message_getter: a task cancelled with a message before it started ends with that message. */
    @Test
    void testTaskCancelMessageGetter() {
        try (EventLoop loop = virtualLoop()) {
            Task<Void> t = loop.createTask(AsyncioPort.returning(null));
            t.cancel("my message");
            CancelledException e = assertThrows(CancelledException.class, () -> {
                loop.runUntilComplete(t);
                t.result();
            });
            assertEquals("my message", e.getMessage());
        }
    }

    @Async
    static Coroutine<Void> cancelThenWait(String message, boolean started, boolean useResult) {
        Task<Void> task = Weft.spawn(sleep(10_000, null));
        if (started) {
            await(Weft.sleep(Duration.ZERO));
        }
        if (message == null) {
            task.cancel();
        } else {
            task.cancel(message);
        }
        await(Weft.waitAll(List.of(task), WaitMode.ALL_COMPLETED));
        if (useResult) {
            task.result();
        } else {
            Throwable e = task.exception();
            throw (CancelledException) e;
        }
        return Coroutine.done();
    }

    static String cancelledMessage(Coroutine<Void> main) {
        try (EventLoop loop = virtualLoop()) {
            Task<Void> task = loop.createTask(main);
            loop.runUntilComplete(task);
            return assertThrows(CancelledException.class, task::result).getMessage();
        }
    }

    /** test_cancel_with_message_then_future_result: result() of a cancelled task throws the cancellation, message kept. */
    @Test
    void testCancelWithMessageThenFutureResult() {
        assertEquals("cancelled", cancelledMessage(cancelThenWait(null, true, true)));
        assertEquals("my message", cancelledMessage(cancelThenWait("my message", true, true)));
    }

    /**
     * test_cancel_with_message_then_future_exception. Deliberate difference: Weft's {@code exception()} of a
     * cancelled task returns the {@link CancelledException} (Awaitable's javadoc), where asyncio's raises it; the
     * port rethrows what it returns, so the message is checked the same way.
     */
    @Test
    void testCancelWithMessageThenFutureException() {
        assertEquals("cancelled", cancelledMessage(cancelThenWait(null, true, false)));
        assertEquals("my message", cancelledMessage(cancelThenWait("my message", true, false)));
    }

    /** test_cancel_with_message_before_starting_task: the message survives a cancellation before the task ran. */
    @Test
    void testCancelWithMessageBeforeStartingTask() {
        assertEquals("my message", cancelledMessage(cancelThenWait("my message", false, false)));
    }

    @Async
    static Coroutine<Void> cancellationExceptionContext() {
        Promise<Void> fut = new Promise<>();
        Task<Void> innerTask = Weft.spawn(setThenSleep(fut));
        await(fut);
        EventLoop.current().callSoon(() -> innerTask.cancel("msg"));
        try {
            await(innerTask);
        } catch (CancelledException ex) {
            throw new IllegalArgumentException("cancelled", ex);
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> setThenSleep(Promise<Void> fut) {
        fut.complete(null);
        await(Weft.sleep(ms(10_000)));
        return Coroutine.done();
    }

    /** test_cancellation_exception_context: a failure raised from a caught cancellation carries it, message and all. */
    @Test
    void testCancellationExceptionContext() {
        Throwable e = run(failure(cancellationExceptionContext()));
        assertEquals("cancelled", e.getMessage());
        assertInstanceOf(CancelledException.class, e.getCause());
        assertEquals("msg", e.getCause().getMessage());
    }

    // ------------------------------------------------------------------ cancel()

    /** test_cancel: cancel() scheduled with call_soon; a done task cannot be cancelled again. */
    @Test
    void testCancel() {
        try (EventLoop loop = virtualLoop()) {
            Task<Integer> t = loop.createTask(sleep(10_000, 12));
            loop.callSoon(t::cancel);
            assertThrows(CancelledException.class, () -> {
                loop.runUntilComplete(t);
                t.result();
            });
            assertTrue(t.isDone());
            assertTrue(t.isCancelled());
            assertFalse(t.cancel());
        }
    }

    @Async
    static Coroutine<Integer> twoYields() {
        await(Weft.sleep(Duration.ZERO));
        await(Weft.sleep(Duration.ZERO));
        return Coroutine.of(12);
    }

    @Async
    static Coroutine<Void> cancelYield() {
        Task<Integer> t = Weft.spawn(twoYields());
        await(Weft.sleep(Duration.ZERO)); // start the coroutine
        t.cancel();
        assertEquals("cancelled", await(outcome(t)));
        assertTrue(t.isDone());
        assertTrue(t.isCancelled());
        assertFalse(t.cancel());
        return Coroutine.done();
    }

    /** test_cancel_yield: a task suspended at a yield is cancelled there. */
    @Test
    void testCancelYield() {
        run(cancelYield());
    }

    @Async
    static Coroutine<Void> cancelInnerFuture(boolean cancelTaskToo) {
        Promise<Integer> f = new Promise<>();
        Task<Integer> t = Weft.spawn(AsyncioPort.awaiting(f));
        await(Weft.sleep(Duration.ZERO)); // start the task
        f.cancel();
        if (cancelTaskToo) {
            t.cancel();
        }
        assertEquals("cancelled", await(outcome(t)));
        assertTrue(t.isDone());
        assertTrue(f.isCancelled());
        assertTrue(t.isCancelled());
        return Coroutine.done();
    }

    /** test_cancel_inner_future: a task whose promise is cancelled ends cancelled. */
    @Test
    void testCancelInnerFuture() {
        run(cancelInnerFuture(false));
    }

    /** test_cancel_both_task_and_inner_future: both cancelled at once. */
    @Test
    void testCancelBothTaskAndInnerFuture() {
        run(cancelInnerFuture(true));
    }

    @Async
    static Coroutine<Integer> catchOrIgnore(Promise<Void> fut1, Promise<Void> fut2, Promise<Integer> fut3) {
        await(fut1);
        try {
            await(fut2);
        } catch (CancelledException e) {
            if (fut3 == null) {
                return Coroutine.of(42);
            }
        }
        return Coroutine.of(await(fut3));
    }

    @Async
    static Coroutine<Void> cancelTaskCatching(boolean ignoring) {
        Promise<Void> fut1 = new Promise<>();
        Promise<Void> fut2 = new Promise<>();
        Promise<Integer> fut3 = ignoring ? new Promise<>() : null;
        Task<Integer> t = Weft.spawn(catchOrIgnore(fut1, fut2, fut3));
        await(Weft.sleep(Duration.ZERO));
        fut1.complete(null);
        await(Weft.sleep(Duration.ZERO));
        t.cancel();
        assertTrue(fut2.isCancelled(), "the awaited promise is cancelled at once");
        if (ignoring) {
            await(Weft.sleep(Duration.ZERO));
            fut3.complete(42);
        }
        assertEquals(42, await(t));
        if (ignoring) {
            assertFalse(fut3.isCancelled());
        }
        assertFalse(t.isCancelled());
        return Coroutine.done();
    }

    /** test_cancel_task_catching: a task that catches the cancellation and returns ends with its value. */
    @Test
    void testCancelTaskCatching() {
        run(cancelTaskCatching(false));
    }

    /** test_cancel_task_ignoring: a task that drops the cancellation awaits on normally. */
    @Test
    void testCancelTaskIgnoring() {
        run(cancelTaskCatching(true));
    }

    @Async
    static Coroutine<Integer> cancelsItselfThenSleeps() {
        Weft.currentTask().cancel();
        await(Weft.sleep(ms(100_000))); // cancelled at once
        return Coroutine.of(12);
    }

    /** test_cancel_current_task: a task that cancels itself is cancelled at its next await, at once. */
    @Test
    void testCancelCurrentTask() {
        try (EventLoop loop = virtualLoop()) {
            Task<Integer> t = loop.createTask(cancelsItselfThenSleeps());
            assertFalse(t.isCancelled());
            assertThrows(CancelledException.class, () -> {
                loop.runUntilComplete(t);
                t.result();
            });
            assertTrue(t.isDone());
            assertTrue(t.isCancelled());
            assertFalse(t.cancel());
            assertEquals(0, loop.nanoTime(), "the sleep never started its 100 s");
        }
    }

    @Async
    static Coroutine<Integer> cancelsItselfThenReturns() {
        assertTrue(Weft.currentTask().cancel());
        return Coroutine.of(12);
    }

    /** test_cancel_at_end: a task that cancels itself and returns without awaiting again ends cancelled. */
    @Test
    void testCancelAtEnd() {
        try (EventLoop loop = virtualLoop()) {
            Task<Integer> t = loop.createTask(cancelsItselfThenReturns());
            assertFalse(t.isCancelled());
            loop.runUntilComplete(t);
            assertTrue(t.isCancelled(), "ended with " + t);
            assertFalse(t.cancel());
        }
    }
}
