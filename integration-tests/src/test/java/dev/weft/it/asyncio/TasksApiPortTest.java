package dev.weft.it.asyncio;

import dev.weft.Async;
import dev.weft.Awaitable;
import dev.weft.CancelledException;
import dev.weft.Coroutine;
import dev.weft.EventLoop;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.Weft;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static dev.weft.Weft.await;
import static dev.weft.it.asyncio.AsyncioPort.ms;
import static dev.weft.it.asyncio.AsyncioPort.now;
import static dev.weft.it.asyncio.AsyncioPort.returning;
import static dev.weft.it.asyncio.AsyncioPort.run;
import static dev.weft.it.asyncio.AsyncioPort.virtualLoop;
import static dev.weft.it.asyncio.AsyncioPort.yields;
import static org.junit.jupiter.api.Assertions.*;

/**
 * CPython's {@code Lib/test/test_asyncio/test_tasks.py} (3.13), the tests of the task API besides cancellation:
 * creating and naming tasks, awaitables of one's own, {@code sleep}, {@code run_coroutine_threadsafe}
 * (RunCoroutineThreadsafeTests) and SleepTests; {@code current_task()} and context variables are in
 * {@link TasksCurrentContextPortTest}. Times are virtual.
 *
 * <p>Not ported, with the reason:
 * <ul>
 *   <li>test_generic_alias, test_get_stack, test_task_repr*, test_task_set_name_pylong, test_task_repr_name_not_str,
 *       test_task_source_traceback, test_task_del_collect, test_log_destroyed_pending_task,
 *       test_tb_logger_not_called_after_cancel, test_error_in_call_soon, test_iscoroutinefunction,
 *       test_subclasses_ctask_cfuture, test_future_subclass, test_asyncio_module_compiled, the _register_task /
 *       _enter_task introspection tests, SetMethodsTest: repr strings, Python introspection, garbage-collection timing,
 *       mocks and the C/Python implementation split;</li>
 *   <li>test_ensure_future_*: Weft has no ensure_future, an awaitable is awaited as it is;</li>
 *   <li>test_other_loop_future: a Weft promise belongs to no loop (it may be completed from any thread, and wakes its
 *       awaiter on the awaiter's loop);</li>
 *   <li>test_exception_chaining_after_await*: Python's implicit {@code __context__} chaining, which Java has not;</li>
 *   <li>test_task_set_methods, test_create_task_with_noncoroutine: a Task has no set_result, and a non-coroutine is a
 *       compile error;</li>
 *   <li>test_sleep_when_delay_is_nan: a Duration cannot be NaN.</li>
 * </ul>
 */
@org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class TasksApiPortTest {

    // ------------------------------------------------------------------ creating tasks

    /** test_task_class: a task made on a loop runs there and gives its result. */
    @Test
    void testTaskClass() {
        try (EventLoop loop = virtualLoop()) {
            Task<String> t = loop.createTask(returning("ok"));
            loop.runUntilComplete(t);
            assertTrue(t.isDone());
            assertEquals("ok", t.result());
            assertSame(loop, t.loop());
        }
        try (EventLoop other = virtualLoop()) {
            Task<String> t = other.createTask(returning("ok"));
            assertSame(other, t.loop());
            other.runUntilComplete(t);
        }
    }

    @Async
    static Coroutine<Integer> outer() {
        int a = await(returning(42));
        int b = await(returning(1000));
        return Coroutine.of(a + b);
    }

    /** test_task_basics: a coroutine awaiting two others. */
    @Test
    void testTaskBasics() {
        assertEquals(1042, run(outer()));
    }

    /**
     * test_coroutine_non_gen_function: run_until_complete of a bare coroutine runs it. Here the loop is run on a
     * thread of its own and stopped after 2 s if it has not finished by then.
     */
    @Test
    void testCoroutineNonGenFunction() throws Exception {
        try (EventLoop loop = virtualLoop()) {
            Coroutine<String> coro = returning("test");
            CompletableFuture<Throwable> ran = new CompletableFuture<>();
            Thread t = new Thread(() -> {
                try {
                    loop.runUntilComplete(coro);
                    ran.complete(null);
                } catch (Throwable e) {
                    ran.complete(e);
                }
            });
            t.start();
            try {
                assertNull(ran.get(2, TimeUnit.SECONDS));
            } catch (TimeoutException hung) {
                loop.stop();
                t.join();
                fail("runUntilComplete(coroutine) did not return: " + ran.get());
            }
            assertEquals("test", coro.result());
        }
    }

    @Async
    static Coroutine<Promise<String>> returnsFuture(Promise<String> fut) {
        return Coroutine.of(fut);
    }

    @Async
    static Coroutine<Void> setsFuture(Promise<String> fut) {
        fut.complete("test");
        return Coroutine.done();
    }

    /** test_coroutine_non_gen_function_return_future: a coroutine returning a promise gives the promise, not its value. */
    @Test
    void testCoroutineNonGenFunctionReturnFuture() {
        try (EventLoop loop = virtualLoop()) {
            Promise<String> fut = new Promise<>();
            Task<Promise<String>> t1 = loop.createTask(returnsFuture(fut));
            Task<Void> t2 = loop.createTask(setsFuture(fut));
            loop.runUntilComplete(t1);
            assertSame(fut, t1.result());
            loop.runUntilComplete(t2);
            assertNull(t2.result());
        }
    }

    /** test_create_task_with_async_function: twice, to be sure nothing is cached wrongly. */
    @Test
    void testCreateTaskWithAsyncFunction() {
        try (EventLoop loop = virtualLoop()) {
            for (int i = 0; i < 2; i++) {
                Task<Void> task = loop.createTask(AsyncioPort.yields(1));
                loop.runUntilComplete(task);
                assertNull(task.result());
            }
        }
    }

    /** CPython's CoroLikeObject: a coroutine of one's own, not woven; done on the loop's next pass with 42. */
    static final class CoroLike extends Coroutine<Integer> {
        private final Promise<Integer> outcome = new Promise<>();
        private boolean started;

        @Override
        public State state() {
            return outcome.isDone() ? State.CLOSED : started ? State.SUSPENDED : State.CREATED;
        }

        @Override
        public void close() {
            outcome.cancel();
        }

        @Override
        public Integer result() {
            return outcome.result();
        }

        @Override
        public Throwable exception() {
            return outcome.exception();
        }

        @Override
        public void whenDone(Runnable callback) {
            if (!started) {
                started = true;
                EventLoop.current().callSoon(() -> outcome.complete(42));
            }
            outcome.whenDone(callback);
        }
    }

    /** test_create_task_with_asynclike_function: a task can drive a coroutine implemented by hand. */
    @Test
    void testCreateTaskWithAsynclikeFunction() {
        try (EventLoop loop = virtualLoop()) {
            for (int i = 0; i < 2; i++) {
                Task<Integer> task = loop.createTask(new CoroLike());
                loop.runUntilComplete(task);
                assertEquals(42, task.result());
            }
        }
    }

    @Async
    static Coroutine<Void> bareCreateTask(String name) {
        Task<Integer> task = name == null ? Weft.spawn(returning(1)) : Weft.spawn(returning(1), name);
        if (name != null) {
            assertEquals(name, task.name());
        }
        assertEquals(1, await(task));
        return Coroutine.done();
    }

    /** test_bare_create_task: spawn on the running loop. */
    @Test
    void testBareCreateTask() {
        run(bareCreateTask(null));
    }

    /** test_bare_create_named_task: spawn with a name. */
    @Test
    void testBareCreateNamedTask() {
        run(bareCreateTask("No-op"));
    }

    /** test_get_coro: a task's coroutine is the one it was made with. */
    @Test
    void testGetCoro() {
        try (EventLoop loop = virtualLoop()) {
            Coroutine<String> coro = returning("x");
            Task<String> task = loop.createTask(coro);
            loop.runUntilComplete(task);
            assertSame(coro, task.coroutine());
        }
    }

    @Async
    static Coroutine<Void> failsAtOnce() {
        AsyncioPort.divideByZero();
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> exceptionTraceback() {
        Task<Void> task = Weft.spawn(failsAtOnce());
        await(Weft.sleep(Duration.ZERO)); // skip one loop iteration
        assertTrue(task.exception().getStackTrace().length > 0);
        return Coroutine.done();
    }

    /** test_exception_traceback: a task's failure keeps its stack trace. */
    @Test
    void testExceptionTraceback() {
        run(exceptionTraceback());
    }

    /** test_stop_while_run_in_complete: stop() inside the running task ends run_until_complete with an error. */
    @Test
    void testStopWhileRunInComplete() {
        try (EventLoop loop = virtualLoop()) {
            int[] x = {0};
            Task<Void> t = loop.createTask(stopsTheLoopAtTwo(x));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(t));
            assertTrue(e.getMessage().contains("stopped"), e.getMessage());
            assertFalse(t.isDone());
            assertEquals(2, x[0]);
            t.cancel();
            assertThrows(CancelledException.class, () -> {
                loop.runUntilComplete(t);
                t.result();
            });
        }
    }

    @Async
    static Coroutine<Void> stopsTheLoopAtTwo(int[] x) {
        while (x[0] < 10) {
            await(Weft.sleep(ms(100)));
            x[0] += 1;
            if (x[0] == 2) {
                EventLoop.current().stop();
            }
        }
        return Coroutine.done();
    }

    // ------------------------------------------------------------------ sleep and awaitables of one's own

    @Async
    static Coroutine<String> sleeper(long dt, String arg) {
        await(Weft.sleep(ms(dt / 2)));
        String res = await(AsyncioPort.sleep(dt / 2, arg));
        return Coroutine.of(res + "@" + now());
    }

    /** test_sleep: two half sleeps. */
    @Test
    void testSleep() {
        assertEquals("yeah@100", run(sleeper(100, "yeah")));
    }

    /** test_sleep_zero (SleepTests): a zero sleep lets a callback scheduled before it run. */
    @Test
    void testSleepZero() {
        assertEquals(11, run(sleepZero()));
    }

    @Async
    static Coroutine<Integer> sleepZero() {
        int[] result = {0};
        EventLoop.current().callSoon(() -> result[0] += 1);
        assertEquals(0, result[0]);
        int num = await(AsyncioPort.sleep(0, 10));
        assertEquals(1, result[0], "incremented by the callback");
        result[0] += num;
        return Coroutine.of(result[0]);
    }

    /** An awaitable of one's own around a promise, recording whether a callback was registered. */
    static final class Fut<T> implements Awaitable<T> {
        final Promise<T> promise = new Promise<>();
        boolean cbAdded;

        @Override
        public boolean isDone() {
            return promise.isDone();
        }

        @Override
        public T result() {
            return promise.result();
        }

        @Override
        public Throwable exception() {
            return promise.exception();
        }

        @Override
        public void whenDone(Runnable callback) {
            cbAdded = true;
            promise.whenDone(callback);
        }
    }

    @Async
    static Coroutine<Void> waitForFuture(Fut<Object> fut, Object[] result) {
        result[0] = await(fut);
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> stepResultFuture() {
        Fut<Object> fut = new Fut<>();
        Object[] result = {null};
        Task<Void> t = Weft.spawn(waitForFuture(fut, result));
        await(Weft.sleep(Duration.ZERO));
        assertTrue(fut.cbAdded);
        Object res = new Object();
        fut.promise.complete(res);
        await(yields(2));
        assertSame(res, result[0]);
        assertTrue(t.isDone());
        assertNull(t.result());
        return Coroutine.done();
    }

    /** test_step_result_future: a task waits for an awaitable of one's own through its callback. */
    @Test
    void testStepResultFuture() {
        run(stepResultFuture());
    }
}
