package dev.weft.it.asyncio;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.ExceptionGroup;
import dev.weft.Task;
import dev.weft.TaskGroup;
import dev.weft.Weft;
import dev.weft.sync.Event;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static dev.weft.Weft.await;
import static dev.weft.it.asyncio.AsyncioPort.errorTypes;
import static dev.weft.it.asyncio.AsyncioPort.failure;
import static dev.weft.it.asyncio.AsyncioPort.ms;
import static dev.weft.it.asyncio.AsyncioPort.outcome;
import static dev.weft.it.asyncio.AsyncioPort.raiseAfter;
import static dev.weft.it.asyncio.AsyncioPort.run;
import static dev.weft.it.asyncio.AsyncioPort.sleep;
import static org.junit.jupiter.api.Assertions.*;

/**
 * CPython's {@code Lib/test/test_asyncio/test_taskgroups.py} (3.13), nested groups (test_taskgroup_11 to _14) and the
 * group's failures and {@code cancelling()} around a group, ported to {@link TaskGroup}. Children that spawn and
 * what may be spawned when are in {@link TaskGroupsSpawningPortTest}; the first part of the file is
 * {@link TaskGroupsPortTest}. {@code ValueError} is {@link IllegalArgumentException}, {@code RuntimeError}
 * {@link IllegalStateException}.
 *
 * <p>Not ported:
 * <ul>
 *   <li>test_taskgroup_20: {@code KeyboardInterrupt} and {@code SystemExit} bypass the group in asyncio; Java has
 *       no such special exceptions (an {@code Error} joins the group: test_taskgroup_20a);</li>
 *   <li>_test_taskgroup_21: disabled in CPython itself.</li>
 * </ul>
 */
@org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class TaskGroupsNestingPortTest {

    // ------------------------------------------------------------------ nested groups: _11, _12, _13, _14

    @Async
    static Coroutine<Void> failsInFinally() {
        try {
            await(Weft.sleep(ms(10_000)));
        } finally {
            AsyncioPort.divideByZero();
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> innerFiveFailInCleanup(TaskGroup g2) {
        for (int i = 0; i < 5; i++) {
            g2.spawn(failsInFinally());
        }
        await(Weft.sleep(ms(10_000)));
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> outerBody(TaskGroup g1, boolean outerChild) {
        if (outerChild) {
            g1.spawn(sleep(10_000, null));
        }
        await(TaskGroup.run(g2 -> innerFiveFailInCleanup(g2)));
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> nestedCancelledFromOutside(boolean outerChild) {
        Task<Void> r = Weft.spawn(TaskGroup.run(g1 -> outerBody(g1, outerChild)));
        await(Weft.sleep(ms(100)));
        assertFalse(r.isDone());
        r.cancel();
        ExceptionGroup e = (ExceptionGroup) await(failure(r));
        assertEquals(Set.of(ExceptionGroup.class), errorTypes(e));
        assertEquals(Set.of(ArithmeticException.class), errorTypes((ExceptionGroup) e.exceptions().get(0)));
        return Coroutine.done();
    }

    /** test_taskgroup_11: the inner group's failures come out as one member of the outer group's. */
    @Test
    void testTaskgroup11() {
        run(nestedCancelledFromOutside(false));
    }

    /** test_taskgroup_12: the same with a child in the outer group. */
    @Test
    void testTaskgroup12() {
        run(nestedCancelledFromOutside(true));
    }

    @Async
    static Coroutine<Void> crashIn(TaskGroup g1, long outerMs, long innerMs) {
        g1.spawn(raiseAfter(outerMs, new IllegalArgumentException(String.valueOf(outerMs))));
        await(TaskGroup.run(g2 -> crashInInner(g2, innerMs)));
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> crashInInner(TaskGroup g2, long innerMs) {
        g2.spawn(raiseAfter(innerMs, new IllegalArgumentException(String.valueOf(innerMs))));
        return Coroutine.done();
    }

    @Async
    static Coroutine<ExceptionGroup> nestedCrash(long outerMs, long innerMs) {
        Task<Void> r = Weft.spawn(TaskGroup.run(g1 -> crashIn(g1, outerMs, innerMs)));
        return Coroutine.of((ExceptionGroup) await(failure(r)));
    }

    /** test_taskgroup_13: the outer child fails first: the inner group is cancelled quietly. */
    @Test
    void testTaskgroup13() {
        ExceptionGroup e = run(nestedCrash(100, 10_000));
        assertEquals(Set.of(IllegalArgumentException.class), errorTypes(e));
    }

    /** test_taskgroup_14: the inner child fails first: the inner group's failure is a member of the outer's. */
    @Test
    void testTaskgroup14() {
        ExceptionGroup e = run(nestedCrash(10_000, 100));
        assertEquals(Set.of(ExceptionGroup.class), errorTypes(e));
        assertEquals(Set.of(IllegalArgumentException.class), errorTypes((ExceptionGroup) e.exceptions().get(0)));
    }

    // ------------------------------------------------------------------ the group's failures and cancelling()

    static final class CustomException extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    @Async
    static Coroutine<Void> raiseExc() {
        throw new CustomException();
    }

    @Async
    static Coroutine<Void> databaseFailsOnExit(TaskGroup tg) {
        try {
            tg.spawn(raiseExc());
            await(Weft.sleep(ms(1000)));
        } finally {
            throw new CustomException(); // the "database" context manager raises on exit
        }
    }

    @Async
    static Coroutine<Void> contextManagerExitRaises() {
        Task<?> task = Weft.currentTask();
        ExceptionGroup e = (ExceptionGroup) await(failure(TaskGroup.run(tg -> databaseFailsOnExit(tg))));
        assertEquals(0, task.cancelling());
        assertEquals(2, e.exceptions().size());
        assertEquals(Set.of(CustomException.class), errorTypes(e));
        return Coroutine.done();
    }

    /** test_taskgroup_context_manager_exit_raises: a body whose cleanup raises after the abort; cancelling() is back to 0. */
    @Test
    void testTaskgroupContextManagerExitRaises() {
        run(contextManagerExitRaises());
    }

    @Async
    static Coroutine<Integer> cancellingLevelPreserved() {
        ExceptionGroup e = (ExceptionGroup) await(failure(TaskGroup.run(tg -> {
            tg.spawn(raiseAfter(0, new IllegalStateException("RuntimeError")));
            return Coroutine.done();
        })));
        assertEquals(Set.of(IllegalStateException.class), errorTypes(e));
        return Coroutine.of(Weft.currentTask().cancelling());
    }

    /** test_cancelling_level_preserved: a group that failed leaves cancelling() at 0. */
    @Test
    void testCancellingLevelPreserved() {
        assertEquals(0, run(cancellingLevelPreserved()));
    }

    @Async
    static Coroutine<Void> innerOfBoth(TaskGroup outerTg) {
        try {
            await(TaskGroup.run(innerTg -> {
                innerTg.spawn(raiseAfter(0, new IllegalStateException("RuntimeError")));
                outerTg.spawn(raiseAfter(0, new IllegalArgumentException("ValueError")));
                return Coroutine.done();
            }));
            fail("RuntimeError not raised");
        } catch (ExceptionGroup eg) {
            assertEquals(Set.of(IllegalStateException.class), errorTypes(eg));
        }
        assertEquals(1, Weft.currentTask().cancelling());
        return Coroutine.done();
    }

    @Async
    static Coroutine<Integer> nestedGroupsBothCancelled() {
        ExceptionGroup e = (ExceptionGroup) await(failure(TaskGroup.run(outerTg -> innerOfBoth(outerTg))));
        assertEquals(Set.of(IllegalArgumentException.class), errorTypes(e));
        return Coroutine.of(Weft.currentTask().cancelling());
    }

    /** test_nested_groups_both_cancelled: inside the outer group's abort cancelling() is 1, after it 0. */
    @Test
    void testNestedGroupsBothCancelled() {
        assertEquals(0, run(nestedGroupsBothCancelled()));
    }

    @Async
    static Coroutine<Void> raiseError(Event event) {
        event.set();
        await(Weft.sleep(java.time.Duration.ZERO));
        throw new IllegalStateException("RuntimeError");
    }

    @Async
    static Coroutine<Void> groupThenSleep(Event event, List<String> log) {
        try {
            await(TaskGroup.run(tg -> {
                tg.spawn(raiseError(event));
                return sleepInGroup(log);
            }));
        } catch (ExceptionGroup eg) {
            log.add("group raised, cancelling=" + Weft.currentTask().cancelling());
        }
        log.add("after group, cancelling=" + Weft.currentTask().cancelling());
        await(Weft.sleep(ms(1000)));
        log.add("sleep after the group was not cancelled");
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> sleepInGroup(List<String> log) {
        await(Weft.sleep(ms(1000)));
        log.add("sleep in group was not cancelled");
        return Coroutine.done();
    }

    @Async
    static Coroutine<List<String>> errorAndCancel() {
        Event event = new Event();
        List<String> log = new ArrayList<>();
        Task<Void> t = Weft.spawn(groupThenSleep(event, log));
        await(event.waitFor());
        assertEquals(0, t.cancelling());
        t.cancel();
        assertEquals(1, t.cancelling());
        log.add("outer: " + await(outcome(t)) + ", isCancelled=" + t.isCancelled());
        return Coroutine.of(log);
    }

    /**
     * test_error_and_cancel: the task running a group is cancelled from outside in the same pass as a child fails.
     * The group raises the ExceptionGroup (failures take priority), and the outside cancellation must not be
     * forgotten: the task's next await is cancelled (asyncio 3.13, gh-116720).
     */
    @Test
    void testErrorAndCancel() {
        assertEquals(List.of("group raised, cancelling=1", "after group, cancelling=1",
                "outer: cancelled, isCancelled=true"),
                run(errorAndCancel()));
    }
}
