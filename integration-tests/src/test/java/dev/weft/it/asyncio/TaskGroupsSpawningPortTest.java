package dev.weft.it.asyncio;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Coroutine;
import dev.weft.EventLoop;
import dev.weft.ExceptionGroup;
import dev.weft.Task;
import dev.weft.TaskGroup;
import dev.weft.Weft;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static dev.weft.Weft.await;
import static dev.weft.it.asyncio.AsyncioPort.divideAfter;
import static dev.weft.it.asyncio.AsyncioPort.errorTypes;
import static dev.weft.it.asyncio.AsyncioPort.failure;
import static dev.weft.it.asyncio.AsyncioPort.ms;
import static dev.weft.it.asyncio.AsyncioPort.run;
import static dev.weft.it.asyncio.AsyncioPort.sleep;
import static org.junit.jupiter.api.Assertions.*;

/**
 * CPython's {@code Lib/test/test_asyncio/test_taskgroups.py} (3.13), children coming and going (test_taskgroup_23,
 * _24, _25: the group's live children, and children spawning siblings while the group waits) and what may be
 * spawned when (a child's name, nothing after a failure or once the group finished, a group entered twice or from
 * inside itself), ported to {@link TaskGroup}. Nested groups and {@code cancelling()} are in
 * {@link TaskGroupsNestingPortTest}. {@code RuntimeError} is {@link IllegalStateException}.
 *
 * <p>Not ported:
 * <ul>
 *   <li>test_taskgroup_task_context: needs a Context object to spawn a child in (another helper is adding it);</li>
 *   <li>test_taskgroup_not_entered, test_taskgroup_without_parent_task: Weft hands the group to its body only once
 *       it runs inside a task, so a group that was not entered, or is entered outside a task, cannot be reached.</li>
 * </ul>
 */
@org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class TaskGroupsSpawningPortTest {

    // ------------------------------------------------------------------ children coming and going: _23, _24, _25

    @Async
    static Coroutine<Void> tenJobs(TaskGroup g) {
        for (int count = 0; count < 10; count++) {
            await(Weft.sleep(ms(100)));
            g.spawn(sleep(300, null));
            if (count == 5) {
                assertTrue(g.tasks().size() < 5, "finished children leave the group: " + g.tasks());
            }
        }
        await(Weft.sleep(ms(1350)));
        assertEquals(0, g.tasks().size());
        return Coroutine.done();
    }

    /** test_taskgroup_23: the group's live children are the unfinished ones. */
    @Test
    void testTaskgroup23() {
        run(TaskGroup.run(g -> tenJobs(g)));
    }

    @Async
    static Coroutine<Void> root(TaskGroup g) {
        await(Weft.sleep(ms(100)));
        g.spawn(sleep(100, null));
        g.spawn(sleep(200, null));
        return Coroutine.done();
    }

    @Async
    static Coroutine<Long> taskgroup24() {
        await(TaskGroup.run(g -> {
            g.spawn(root(g));
            return Coroutine.done();
        }));
        return Coroutine.of(AsyncioPort.now());
    }

    /** test_taskgroup_24: a child spawns siblings while the group waits; the group waits for them too. */
    @Test
    void testTaskgroup24() {
        assertEquals(300L, run(taskgroup24()));
    }

    @Async
    static Coroutine<Void> hydra(TaskGroup g, int[] heads) {
        heads[0]++;
        await(Weft.sleep(ms(10)));
        g.spawn(hydra(g, heads));
        g.spawn(hydra(g, heads));
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> hercules(int[] heads) {
        while (heads[0] < 10) {
            await(Weft.sleep(ms(15)));
        }
        AsyncioPort.divideByZero();
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> hydraAndHercules(TaskGroup g, int[] heads) {
        g.spawn(hydra(g, heads));
        g.spawn(hercules(heads));
        return Coroutine.done();
    }

    @Async
    static Coroutine<Integer> taskgroup25() {
        int[] heads = {0};
        ExceptionGroup e = (ExceptionGroup) await(failure(TaskGroup.run(g -> hydraAndHercules(g, heads))));
        assertEquals(Set.of(ArithmeticException.class), errorTypes(e));
        return Coroutine.of(heads[0]);
    }

    /** test_taskgroup_25: children spawning children, until one fails and the group shuts down (spawning is refused). */
    @Test
    void testTaskgroup25() {
        assertTrue(run(taskgroup25()) >= 10);
    }

    // ------------------------------------------------------------------ spawning: name, after failure, after the end

    @Async
    static Coroutine<String> taskName() {
        String[] name = {null};
        await(TaskGroup.run(g -> {
            name[0] = g.spawn(AsyncioPort.yields(1), "yolo").name();
            return Coroutine.done();
        }));
        return Coroutine.of(name[0]);
    }

    /** test_taskgroup_task_name: a child spawned with a name has it. */
    @Test
    void testTaskgroupTaskName() {
        assertEquals("yolo", run(taskName()));
    }

    @Async
    static Coroutine<Void> spawnWhileCancelled(TaskGroup g, List<String> log) {
        try {
            await(Weft.sleep(ms(1000)));
        } catch (CancelledException e) {
            Coroutine<Integer> late = divideAfter(1);
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> g.spawn(late));
            log.add(refused.getMessage());
            log.add("closed=" + (late.state() == Coroutine.State.CLOSED));
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> noCreateTaskAfterFailure(TaskGroup g, List<String> log) {
        g.spawn(divideAfter(1));
        g.spawn(spawnWhileCancelled(g, log));
        return Coroutine.done();
    }

    @Async
    static Coroutine<List<String>> taskgroupNoCreateTaskAfterFailure() {
        List<String> log = new ArrayList<>();
        ExceptionGroup e = (ExceptionGroup) await(failure(TaskGroup.run(g -> noCreateTaskAfterFailure(g, log))));
        assertEquals(Set.of(ArithmeticException.class), errorTypes(e));
        return Coroutine.of(log);
    }

    /** test_taskgroup_no_create_task_after_failure: a group shutting down refuses new children and closes them. */
    @Test
    void testTaskgroupNoCreateTaskAfterFailure() {
        assertEquals(List.of("task group is shutting down (a task failed)", "closed=true"),
                run(taskgroupNoCreateTaskAfterFailure()));
    }

    @Async
    static Coroutine<String> spawnAfterTheEnd() {
        TaskGroup[] kept = {null};
        await(TaskGroup.run(g -> {
            kept[0] = g;
            return Coroutine.done();
        }));
        Coroutine<Void> coro = sleep(0, null);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> kept[0].spawn(coro));
        assertEquals(Coroutine.State.CLOSED, coro.state(), "the refused coroutine is closed, never run");
        return Coroutine.of(e.getMessage());
    }

    /** test_taskgroup_finished: spawning into a finished group is refused and the coroutine is closed. */
    @Test
    void testTaskgroupFinished() {
        assertEquals("task group is finished", run(spawnAfterTheEnd()));
    }

    /** test_coro_closed_when_tg_closed: the same, on a loop driven by run_until_complete. */
    @Test
    void testCoroClosedWhenTgClosed() {
        try (EventLoop loop = new EventLoop()) {
            Task<String> t = loop.createTask(spawnAfterTheEnd());
            loop.runUntilComplete(t);
            assertEquals("task group is finished", t.result());
        }
    }

    @Async
    static Coroutine<Throwable> enterTwice() {
        Coroutine<Void> group = TaskGroup.run(g -> Coroutine.done());
        await(group);
        return Coroutine.of(await(failure(group)));
    }

    /** test_taskgroup_double_enter: a group runs once; running its coroutine again is refused. */
    @Test
    void testTaskgroupDoubleEnter() {
        assertInstanceOf(IllegalStateException.class, run(enterTwice()));
    }

    @Async
    static Coroutine<Void> enterFromInside(TaskGroup g, List<Coroutine<Void>> self) {
        await(self.get(0));
        return Coroutine.done();
    }

    @Async
    static Coroutine<Throwable> alreadyEntered() {
        List<Coroutine<Void>> self = new ArrayList<>();
        self.add(TaskGroup.run(g -> enterFromInside(g, self)));
        return Coroutine.of(await(failure(self.get(0))));
    }

    /** test_taskgroup_already_entered: a group's body awaiting its own group is refused. */
    @Test
    void testTaskgroupAlreadyEntered() {
        Throwable e = run(alreadyEntered());
        ExceptionGroup eg = assertInstanceOf(ExceptionGroup.class, e);
        assertEquals(Set.of(IllegalStateException.class), errorTypes(eg));
    }
}
