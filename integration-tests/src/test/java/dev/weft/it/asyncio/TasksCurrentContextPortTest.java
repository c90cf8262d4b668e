package dev.weft.it.asyncio;

import dev.weft.Async;
import dev.weft.ContextVar;
import dev.weft.Coroutine;
import dev.weft.EventLoop;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.WaitMode;
import dev.weft.Weft;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static dev.weft.Weft.await;
import static dev.weft.it.asyncio.AsyncioPort.ms;
import static dev.weft.it.asyncio.AsyncioPort.run;
import static dev.weft.it.asyncio.AsyncioPort.virtualLoop;
import static org.junit.jupiter.api.Assertions.*;

/**
 * CPython's {@code Lib/test/test_asyncio/test_tasks.py} (3.13), what a running task sees: {@code current_task()}
 * (test_current_task*, and the current-task tests of BaseCurrentLoopTests) and context variables (test_context_1,
 * _2, _3). The rest of the task API is in {@link TasksApiPortTest}. Times are virtual.
 *
 * <p>Not ported: test_context_4, test_context_5, test_context_6, test_get_context: need a Context object to run a
 * task in (another helper is adding it).
 */
@org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class TasksCurrentContextPortTest {

    // ------------------------------------------------------------------ current task

    @Async
    static Coroutine<Void> checksCurrent(Task<?>[] task) {
        assertSame(task[0], Weft.currentTask());
        return Coroutine.done();
    }

    /** test_current_task (and BaseCurrentLoopTests' test_current_task_with_implicit_loop): inside a task, that task. */
    @Test
    void testCurrentTask() {
        assertNull(Weft.currentTask());
        try (EventLoop loop = virtualLoop()) {
            Task<?>[] task = {null};
            task[0] = loop.createTask(checksCurrent(task));
            loop.runUntilComplete(task[0]);
            task[0].result();
        }
        assertNull(Weft.currentTask());
    }

    /**
     * test_current_task_no_running_loop and test_current_task_no_running_loop_implicit: no task outside a loop.
     * (asyncio's implicit form raises "no running event loop"; Weft's currentTask() is documented to give null.)
     */
    @Test
    void testCurrentTaskNoRunningLoop() {
        try (EventLoop loop = virtualLoop()) {
            assertNull(Weft.currentTask());
            assertTrue(loop.allTasks().isEmpty());
        }
    }

    @Async
    static Coroutine<Void> coro1(Task<?>[] tasks, Promise<Boolean> fut1, Promise<Boolean> fut2) {
        assertSame(tasks[0], Weft.currentTask());
        await(fut1);
        assertSame(tasks[0], Weft.currentTask());
        fut2.complete(true);
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> coro2(Task<?>[] tasks, Promise<Boolean> fut1, Promise<Boolean> fut2) {
        assertSame(tasks[1], Weft.currentTask());
        fut1.complete(true);
        await(fut2);
        assertSame(tasks[1], Weft.currentTask());
        return Coroutine.done();
    }

    /** test_current_task_with_interleaving_tasks: each task sees itself across its awaits. */
    @Test
    void testCurrentTaskWithInterleavingTasks() {
        assertNull(Weft.currentTask());
        try (EventLoop loop = virtualLoop()) {
            Promise<Boolean> fut1 = new Promise<>();
            Promise<Boolean> fut2 = new Promise<>();
            Task<?>[] tasks = new Task<?>[2];
            Task<Void> task1 = loop.createTask(coro1(tasks, fut1, fut2));
            Task<Void> task2 = loop.createTask(coro2(tasks, fut1, fut2));
            tasks[0] = task1;
            tasks[1] = task2;
            loop.runUntilComplete(loop.createTask(Weft.waitAll(List.of(task1, task2), WaitMode.ALL_COMPLETED)));
            task1.result();
            task2.result();
        }
        assertNull(Weft.currentTask());
    }

    // ------------------------------------------------------------------ context variables: test_context_1, _2, _3

    @Async
    static Coroutine<Void> sub(ContextVar<String> cvar) {
        await(Weft.sleep(ms(10)));
        assertEquals("nope", cvar.get());
        cvar.set("something else");
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> context1(ContextVar<String> cvar) {
        assertEquals("nope", cvar.get());
        Task<Void> subtask = Weft.spawn(sub(cvar));
        cvar.set("yes");
        assertEquals("yes", cvar.get());
        await(subtask);
        assertEquals("yes", cvar.get());
        return Coroutine.done();
    }

    /** test_context_1: a task sees the context of when it was spawned; its changes stay its own. */
    @Test
    void testContext1() {
        run(context1(new ContextVar<>("cvar", "nope")));
    }

    @Async
    static Coroutine<Void> context2(ContextVar<String> cvar) {
        assertEquals("nope", cvar.get());
        for (int j = 0; j < 2; j++) {
            Promise<Void> fut = new Promise<>();
            fut.addDoneCallback(f -> cvar.set("something else")); // must not pollute main's context
            cvar.set("yes" + j);
            EventLoop.current().callSoon(() -> fut.complete(null));
            await(fut);
            assertEquals("yes" + j, cvar.get());
            for (int i = 0; i < 3; i++) {
                cvar.set("yes" + i + "-" + j);
                await(Weft.sleep(ms(1)));
                assertEquals("yes" + i + "-" + j, cvar.get());
            }
        }
        return Coroutine.done();
    }

    /**
     * test_context_2: what a done callback sets changes neither the task's context nor, once the loop is gone, the
     * context of the code that ran it.
     */
    @Test
    void testContext2() {
        ContextVar<String> cvar = new ContextVar<>("cvar", "nope");
        run(context2(cvar));
        assertEquals("nope", cvar.get());
    }

    @Async
    static Coroutine<Void> context3Sub(ContextVar<Integer> cvar, int num, Random random) {
        for (int i = 0; i < 10; i++) {
            cvar.set(num + i);
            await(Weft.sleep(ms(1 + random.nextInt(50))));
            assertEquals(num + i, cvar.get());
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> context3(ContextVar<Integer> cvar) {
        Random random = new Random(3);
        List<Task<Void>> tasks = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            tasks.add(Weft.spawn(context3Sub(cvar, random.nextInt(11), random)));
        }
        await(Weft.gather(tasks));
        return Coroutine.done();
    }

    /** test_context_3: 100 tasks, each changing the variable between its sleeps, each seeing only its own. */
    @Test
    void testContext3() {
        ContextVar<Integer> cvar = new ContextVar<>("cvar", -1);
        run(context3(cvar));
        assertEquals(-1, cvar.get());
    }
}
