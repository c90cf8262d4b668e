package dev.weft.it.asyncio;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Coroutine;
import dev.weft.EventLoop;
import dev.weft.Task;
import dev.weft.Weft;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static dev.weft.Weft.await;
import static dev.weft.it.asyncio.AsyncioPort.ms;
import static dev.weft.it.asyncio.AsyncioPort.run;
import static dev.weft.it.asyncio.AsyncioPort.yields;
import static org.junit.jupiter.api.Assertions.*;

/**
 * CPython's {@code Lib/test/test_asyncio/test_tasks.py} (3.13), RunCoroutineThreadsafeTests, ported to
 * {@link Weft#runCoroutineThreadsafe}: a worker thread ({@link Weft#toThread}) submits a coroutine to the running loop
 * and waits for its {@link CompletableFuture}. Loop time is virtual except where the other thread's timeout is the
 * point.
 *
 * <p>Not ported: test_run_coroutine_threadsafe_task_factory_exception (Weft has no task factories).
 */
@org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class TasksThreadsafePortTest {

    @Async
    static Coroutine<Integer> add(int a, int b, boolean fail, boolean cancel) {
        await(Weft.sleep(ms(50)));
        if (fail) {
            throw new IllegalStateException("Fail!");
        }
        if (cancel) {
            Weft.currentTask().cancel();
            await(Weft.sleep(Duration.ZERO));
        }
        return Coroutine.of(a + b);
    }

    /** CPython's target(): submits add() to the loop from a worker thread and waits for it there. */
    static int target(EventLoop loop, boolean fail, boolean cancel, Duration timeout) throws Exception {
        CompletableFuture<Integer> future = Weft.runCoroutineThreadsafe(add(1, 2, fail, cancel), loop);
        try {
            return timeout == null ? future.get() : future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error) {
                throw (Error) e.getCause();
            }
            throw (Exception) e.getCause();
        } finally {
            if (!future.isDone()) {
                future.cancel(true);
            }
        }
    }

    @Async
    static Coroutine<Object> threadsafe(boolean fail, boolean cancel, Duration timeout) {
        EventLoop loop = EventLoop.current();
        Throwable e = null;
        Object result = null;
        try {
            result = await(Weft.toThread(() -> target(loop, fail, cancel, timeout)));
        } catch (AssertionError a) {
            throw a;
        } catch (Throwable t) {
            e = t;
        }
        await(yields(3));
        for (Task<?> t : Weft.allTasks()) {
            assertSame(Weft.currentTask(), t, "no task left pending: " + Weft.allTasks());
        }
        return Coroutine.of(e != null ? e : result);
    }

    /** test_run_coroutine_threadsafe: a coroutine submitted from another thread gives its result there. */
    @Test
    void testRunCoroutineThreadsafe() {
        assertEquals(3, run(threadsafe(false, false, null)));
    }

    /** test_run_coroutine_threadsafe_with_exception: its failure reaches the other thread. */
    @Test
    void testRunCoroutineThreadsafeWithException() {
        Object e = run(threadsafe(true, false, null));
        assertInstanceOf(IllegalStateException.class, e);
        assertEquals("Fail!", ((Throwable) e).getMessage());
    }

    /**
     * test_run_coroutine_threadsafe_with_timeout: the other thread gives up; cancelling the future cancels the task.
     * On real time: the other thread's timeout is real, and on virtual time the 50 ms sleep would take none.
     */
    @Test
    void testRunCoroutineThreadsafeWithTimeout() {
        assertInstanceOf(TimeoutException.class, Weft.run(threadsafe(false, false, Duration.ZERO)));
    }

    /** test_run_coroutine_threadsafe_task_cancelled: a task cancelled on the loop cancels the future. */
    @Test
    void testRunCoroutineThreadsafeTaskCancelled() {
        assertInstanceOf(CancelledException.class, run(threadsafe(false, true, null)));
    }
}
