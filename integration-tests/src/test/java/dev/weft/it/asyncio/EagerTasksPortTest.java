package dev.weft.it.asyncio;

import dev.weft.Async;
import dev.weft.ContextVar;
import dev.weft.Coroutine;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.Weft;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.weft.Weft.await;
import static dev.weft.it.asyncio.AsyncioPort.failure;
import static dev.weft.it.asyncio.AsyncioPort.ms;
import static dev.weft.it.asyncio.AsyncioPort.run;
import static org.junit.jupiter.api.Assertions.*;

/**
 * CPython's {@code Lib/test/test_asyncio/test_eager_task_factory.py} (3.13), EagerTaskFactoryLoopTests, ported to
 * {@link Weft#spawnEager}: Weft has no task factory, so each test spawns its task eagerly itself. Times are virtual.
 *
 * <p>Not ported: test_eager_task_factory_set (no task factories); test_issue105987 and test_issue122332 (C
 * implementation details: swapping the current task, {@code get_coro()} dropped after completion); the
 * BaseTaskCountingTests (they count the tasks a task factory makes).
 */
@org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class EagerTasksPortTest {

    @Async
    static Coroutine<Void> setResult(Promise<String> fut, String val) {
        fut.complete(val);
        return Coroutine.done();
    }

    @Async
    static Coroutine<String> awaitFutureDuringEagerStep() {
        Promise<String> fut = new Promise<>();
        Task<Void> t = Weft.spawnEager(setResult(fut, "my message"));
        assertTrue(t.isDone(), "the eager step completed the task");
        return Coroutine.of(await(fut));
    }

    /** test_await_future_during_eager_step: the eager step runs inside spawnEager. */
    @Test
    void testAwaitFutureDuringEagerStep() {
        assertEquals("my message", run(awaitFutureDuringEagerStep()));
    }

    @Async
    static Coroutine<String> eagerCompletion() {
        Task<String> t = Weft.spawnEager(AsyncioPort.returning("hello"));
        assertTrue(t.isDone(), "the eager step completed the task");
        return Coroutine.of(await(t));
    }

    /** test_eager_completion: a task that does not suspend is done when spawnEager returns. */
    @Test
    void testEagerCompletion() {
        assertEquals("hello", run(eagerCompletion()));
    }

    @Async
    static Coroutine<String> blockAfterEagerStep() {
        Task<String> t = Weft.spawnEager(AsyncioPort.sleep(100, "finished after blocking"));
        assertFalse(t.isDone());
        String result = await(t);
        assertTrue(t.isDone());
        return Coroutine.of(result);
    }

    /** test_block_after_eager_step: a task that suspends goes on like any other. */
    @Test
    void testBlockAfterEagerStep() {
        assertEquals("finished after blocking", run(blockAfterEagerStep()));
    }

    @Async
    static Coroutine<String> cancellationAfterEagerCompletion() {
        Task<String> t = Weft.spawnEager(AsyncioPort.returning("finished without blocking"));
        assertFalse(t.cancel(), "a finished task cannot be cancelled");
        String result = await(t);
        assertFalse(t.isCancelled());
        return Coroutine.of(result);
    }

    /** test_cancellation_after_eager_completion: cancelling a task that completed eagerly does nothing. */
    @Test
    void testCancellationAfterEagerCompletion() {
        assertEquals("finished without blocking", run(cancellationAfterEagerCompletion()));
    }

    @Async
    static Coroutine<Throwable> cancellationAfterEagerStepBlocks() {
        Task<String> t = Weft.spawnEager(AsyncioPort.sleep(100, "finished after blocking"));
        t.cancel("cancellation message");
        assertTrue(t.cancelling() > 0);
        return Coroutine.of(await(failure(t)));
    }

    /** test_cancellation_after_eager_step_blocks: a task suspended after its eager step is cancelled there. */
    @Test
    void testCancellationAfterEagerStepBlocks() {
        assertEquals("cancellation message", run(cancellationAfterEagerStepBlocks()).getMessage());
    }

    @Async
    static Coroutine<Void> capturesCurrent(Task<?>[] captured) {
        captured[0] = Weft.currentTask();
        await(Weft.sleep(ms(100)));
        assertSame(captured[0], Weft.currentTask(), "the same task before and after blocking");
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> currentTask() {
        Task<?>[] captured = {null};
        Task<Void> t = Weft.spawnEager(capturesCurrent(captured));
        assertSame(t, captured[0], "during the eager step the current task is the new one");
        assertNotSame(t, Weft.currentTask(), "and after it, the spawner again");
        await(t);
        return Coroutine.done();
    }

    /** test_current_task: the eager step runs as the new task. */
    @Test
    void testCurrentTask() {
        run(currentTask());
    }

    @Async
    static Coroutine<Void> capturesAllTasks(List<List<Task<?>>> captured) {
        captured.add(Weft.allTasks());
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> allTasksWithEagerCompletion() {
        List<List<Task<?>>> captured = new java.util.ArrayList<>();
        Task<Void> t = Weft.spawnEager(capturesAllTasks(captured));
        assertTrue(captured.get(0).contains(t));
        assertFalse(Weft.allTasks().contains(t));
        return Coroutine.done();
    }

    /** test_all_tasks_with_eager_completion: during its eager step the task is listed, once finished it is not. */
    @Test
    void testAllTasksWithEagerCompletion() {
        run(allTasksWithEagerCompletion());
    }

    @Async
    static Coroutine<Void> blocksOnFut1(List<List<Task<?>>> captured, Promise<Void> fut1, Promise<Void> fut2) {
        captured.add(Weft.allTasks());
        await(fut1);
        fut2.complete(null);
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> allTasksWithBlocking() {
        List<List<Task<?>>> captured = new java.util.ArrayList<>();
        Promise<Void> fut1 = new Promise<>();
        Promise<Void> fut2 = new Promise<>();
        Task<Void> t = Weft.spawnEager(blocksOnFut1(captured, fut1, fut2));
        assertTrue(captured.get(0).contains(t));
        assertTrue(Weft.allTasks().contains(t));
        fut1.complete(null);
        await(fut2);
        assertFalse(Weft.allTasks().contains(t));
        return Coroutine.done();
    }

    /** test_all_tasks_with_blocking: a task suspended after its eager step is listed until it finishes. */
    @Test
    void testAllTasksWithBlocking() {
        run(allTasksWithBlocking());
    }

    @Async
    static Coroutine<Void> coro(ContextVar<Integer> cv, boolean[] ran) {
        assertEquals(1, cv.get());
        cv.set(2);
        assertEquals(2, cv.get());
        ran[0] = true;
        await(Weft.sleep(ms(100)));
        assertEquals(2, cv.get());
        cv.set(3);
        assertEquals(3, cv.get());
        ran[1] = true;
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> contextVars(ContextVar<Integer> cv) {
        boolean[] ran = {false, false};
        cv.set(1);
        Task<Void> t = Weft.spawnEager(coro(cv, ran));
        assertTrue(ran[0], "the first step ran");
        assertFalse(ran[1]);
        assertEquals(1, cv.get(), "what the eager step set stays the task's");
        await(t);
        assertTrue(ran[1]);
        assertEquals(1, cv.get());
        return Coroutine.done();
    }

    /** test_context_vars: the eager step runs in the new task's context, not the spawner's. */
    @Test
    void testContextVars() {
        run(contextVars(new ContextVar<>("cv", 0)));
    }
}
