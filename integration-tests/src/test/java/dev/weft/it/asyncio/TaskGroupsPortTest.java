package dev.weft.it.asyncio;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Coroutine;
import dev.weft.ExceptionGroup;
import dev.weft.Task;
import dev.weft.TaskGroup;
import dev.weft.Weft;
import dev.weft.it.asyncio.AsyncioPort.MyBaseExc;
import dev.weft.it.asyncio.AsyncioPort.MyExc;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static dev.weft.Weft.await;
import static dev.weft.it.asyncio.AsyncioPort.divideAfter;
import static dev.weft.it.asyncio.AsyncioPort.divideByZero;
import static dev.weft.it.asyncio.AsyncioPort.errorTypes;
import static dev.weft.it.asyncio.AsyncioPort.failure;
import static dev.weft.it.asyncio.AsyncioPort.ms;
import static dev.weft.it.asyncio.AsyncioPort.run;
import static dev.weft.it.asyncio.AsyncioPort.sleep;
import static org.junit.jupiter.api.Assertions.*;

/**
 * CPython's {@code Lib/test/test_asyncio/test_taskgroups.py} (3.13), first part: a group's children, a failing
 * child, a failing body (also while its cleanup awaits, and while the group aborts), ported to {@link TaskGroup}.
 * A cancellation from outside is in {@link TaskGroupsCancellationPortTest}; nested groups and the bookkeeping of
 * {@code cancelling()} in {@link TaskGroupsNestingPortTest}; children that spawn and the spawning rules in
 * {@link TaskGroupsSpawningPortTest}.
 *
 * <p>{@code async with TaskGroup() as g: <body>} becomes {@code await(TaskGroup.run(g -> body(g, ...)))} with the
 * body an {@code @Async} method; {@code ZeroDivisionError} is {@link ArithmeticException}. Times are virtual.
 */
@org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class TaskGroupsPortTest {

    // ------------------------------------------------------------------ test_taskgroup_01, _02, _03

    @Async
    static Coroutine<Void> twoChildren(TaskGroup g, List<Task<Integer>> tasks) {
        tasks.add(g.spawn(sleep(100, 42)));
        tasks.add(g.spawn(sleep(200, 11)));
        return Coroutine.done();
    }

    @Async
    static Coroutine<String> taskgroup01() {
        List<Task<Integer>> tasks = new ArrayList<>();
        await(TaskGroup.run(g -> twoChildren(g, tasks)));
        return Coroutine.of(tasks.get(0).result() + " " + tasks.get(1).result());
    }

    /** test_taskgroup_01: the group waits for both children. */
    @Test
    void testTaskgroup01() {
        assertEquals("42 11", run(taskgroup01()));
    }

    @Async
    static Coroutine<Void> spawnAfterSleep(TaskGroup g, List<Task<Integer>> tasks, boolean cancelFirst) {
        tasks.add(g.spawn(sleep(cancelFirst ? 1000 : 100, 42)));
        await(Weft.sleep(ms(150)));
        if (cancelFirst) {
            tasks.get(0).cancel(); // everything goes on as expected
        }
        tasks.add(g.spawn(sleep(200, 11)));
        return Coroutine.done();
    }

    @Async
    static Coroutine<String> taskgroup02(boolean cancelFirst) {
        List<Task<Integer>> tasks = new ArrayList<>();
        await(TaskGroup.run(g -> spawnAfterSleep(g, tasks, cancelFirst)));
        Task<Integer> t1 = tasks.get(0);
        return Coroutine.of((t1.isCancelled() ? "cancelled" : t1.result()) + " " + tasks.get(1).result());
    }

    /** test_taskgroup_02: a child spawned after the body slept is waited for too. */
    @Test
    void testTaskgroup02() {
        assertEquals("42 11", run(taskgroup02(false)));
    }

    /** test_taskgroup_03: cancelling one child explicitly is not a failure of the group. */
    @Test
    void testTaskgroup03() {
        assertEquals("cancelled 11", run(taskgroup02(true)));
    }

    // ------------------------------------------------------------------ a child fails: _04, cancel_children_on_child_error

    @Async
    static Coroutine<Void> foo2(int[] num, boolean[] cancelled, long sleepMs) {
        try {
            await(Weft.sleep(ms(sleepMs)));
        } catch (CancelledException e) {
            cancelled[0] = true;
            throw e;
        }
        num[0] += 1;
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> spawnFailingAndSlow(TaskGroup g, int[] num, boolean[] cancelled, List<Task<Void>> t2) {
        g.spawn(divideAfter(100));
        t2.add(g.spawn(foo2(num, cancelled, 1000)));
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> runner04(int[] num, boolean[] cancelled, List<Task<Void>> t2) {
        await(TaskGroup.run(g -> spawnFailingAndSlow(g, num, cancelled, t2)));
        num[0] += 10;
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> taskgroup04() {
        int[] num = {0};
        boolean[] t2Cancel = {false};
        List<Task<Void>> t2 = new ArrayList<>();
        Throwable e = await(failure(Weft.spawn(runner04(num, t2Cancel, t2))));
        assertEquals(Set.of(ArithmeticException.class), errorTypes((ExceptionGroup) e));
        assertEquals(0, num[0]);
        assertTrue(t2Cancel[0]);
        assertTrue(t2.get(0).isCancelled());
        return Coroutine.done();
    }

    /** test_taskgroup_04: a failing child cancels its sibling; the group raises the failure, the code after it never runs. */
    @Test
    void testTaskgroup04() {
        run(taskgroup04());
    }

    @Async
    static Coroutine<Void> threeFailOneSleeps(TaskGroup g, int[] num, boolean[] t2Cancel, boolean[] runnerCancel) {
        g.spawn(divideAfter(100));
        g.spawn(divideAfter(100));
        g.spawn(divideAfter(100));
        g.spawn(foo2(num, t2Cancel, 5000));
        try {
            await(Weft.sleep(ms(10_000)));
        } catch (CancelledException e) {
            runnerCancel[0] = true;
            throw e;
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> runnerThreeFail(int[] num, boolean[] t2Cancel, boolean[] runnerCancel) {
        await(TaskGroup.run(g -> threeFailOneSleeps(g, num, t2Cancel, runnerCancel)));
        num[0] += 10;
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> cancelChildrenOnChildError() {
        int[] num = {0};
        boolean[] t2Cancel = {false};
        boolean[] runnerCancel = {false};
        Throwable e = await(failure(Weft.spawn(runnerThreeFail(num, t2Cancel, runnerCancel))));
        assertEquals(Set.of(ArithmeticException.class), errorTypes((ExceptionGroup) e));
        assertEquals(0, num[0]);
        assertTrue(t2Cancel[0]);
        assertTrue(runnerCancel[0]);
        return Coroutine.done();
    }

    /** test_cancel_children_on_child_error: the first failure cancels the other children and the body. */
    @Test
    void testCancelChildrenOnChildError() {
        run(cancelChildrenOnChildError());
    }

    // ------------------------------------------------------------------ the body fails: _09, _10

    @Async
    static Coroutine<Void> bodyFails(TaskGroup g, List<Task<Integer>> tasks, boolean sleepFirst) {
        tasks.add(g.spawn(sleep(1000, 42)));
        tasks.add(g.spawn(sleep(2000, 11)));
        if (sleepFirst) {
            await(Weft.sleep(ms(100)));
        }
        divideByZero();
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> taskgroup09(boolean sleepFirst) {
        List<Task<Integer>> tasks = new ArrayList<>();
        try {
            await(TaskGroup.run(g -> bodyFails(g, tasks, sleepFirst)));
            fail("ExceptionGroup was not raised");
        } catch (ExceptionGroup eg) {
            assertEquals(Set.of(ArithmeticException.class), errorTypes(eg));
        }
        assertTrue(tasks.get(0).isCancelled());
        assertTrue(tasks.get(1).isCancelled());
        return Coroutine.done();
    }

    /** test_taskgroup_09: a body failing after a sleep cancels the children. */
    @Test
    void testTaskgroup09() {
        run(taskgroup09(true));
    }

    /** test_taskgroup_10: a body failing before any await cancels the children. */
    @Test
    void testTaskgroup10() {
        run(taskgroup09(false));
    }

    // ------------------------------------------------------------------ _15, _16: the body's cleanup awaits

    @Async
    static Coroutine<Void> crashSoonSlowBodyCleanup(TaskGroup g) {
        g.spawn(divideAfter(300));
        try {
            await(Weft.sleep(ms(10_000)));
        } catch (CancelledException e) {
            await(Weft.sleep(ms(500)));
            throw e;
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> taskgroup15() {
        Task<Void> r = Weft.spawn(TaskGroup.run(g -> crashSoonSlowBodyCleanup(g)));
        await(Weft.sleep(ms(100)));
        assertFalse(r.isDone());
        r.cancel();
        Throwable e = await(failure(r));
        assertEquals(Set.of(ArithmeticException.class), errorTypes((ExceptionGroup) e));
        return Coroutine.done();
    }

    /** test_taskgroup_15: a child failing while the body cleans up after a cancellation from outside: the failure wins. */
    @Test
    void testTaskgroup15() {
        run(taskgroup15());
    }

    @Async
    static Coroutine<Void> awaitNested(List<Task<Void>> nested) {
        Task<Void> t = Weft.spawn(TaskGroup.run(g -> crashSoonSlowBodyCleanup(g)));
        nested.add(t);
        return Coroutine.of(await(t));
    }

    @Async
    static Coroutine<Void> taskgroup16() {
        List<Task<Void>> nested = new ArrayList<>();
        Task<Void> r = Weft.spawn(awaitNested(nested));
        await(Weft.sleep(ms(100)));
        assertFalse(r.isDone());
        r.cancel();
        Throwable e = await(failure(r));
        // Weft: the cancelled task gets its CancelledException at once, without waiting for the task it awaited
        assertInstanceOf(CancelledException.class, e);
        // the nested task, cancelled along with it, ends as in asyncio: its child's failure wins
        Throwable nestedFailure = await(failure(nested.get(0)));
        assertEquals(Set.of(ArithmeticException.class), errorTypes((ExceptionGroup) nestedFailure));
        return Coroutine.done();
    }

    /**
     * test_taskgroup_16: as _15, the group in a task that another task awaits, and that one is cancelled. The nested
     * task ends with the ExceptionGroup as in asyncio. Deliberate difference: Weft delivers the awaiting task's
     * CancelledException at once ("a cancelled task's request stays in force", README, Cancellation), where
     * asyncio lets it wait for the awaited task and take that task's outcome, the ExceptionGroup.
     */
    @Test
    void testTaskgroup16() {
        run(taskgroup16());
    }

    // ------------------------------------------------------------------ _19, _20a, _21a: the body fails while the group aborts

    @Async
    static Coroutine<Void> nestedRaising(Throwable inFinally) {
        try {
            await(Weft.sleep(ms(10_000)));
        } finally {
            if (inFinally instanceof Error) {
                throw (Error) inFinally;
            }
            throw (RuntimeException) inFinally;
        }
    }

    @Async
    static Coroutine<Void> crashSoonThenNested(TaskGroup g, Throwable childFailure, Throwable inFinally) {
        g.spawn(raiseAfterThrowable(100, childFailure));
        await(nestedRaising(inFinally));
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> raiseAfterThrowable(long delayMs, Throwable t) {
        await(Weft.sleep(ms(delayMs)));
        if (t instanceof Error) {
            throw (Error) t;
        }
        throw (RuntimeException) t;
    }

    @Async
    static Coroutine<List<Class<?>>> bodyFailsDuringAbort(Throwable childFailure, Throwable inFinally) {
        Throwable e = await(failure(TaskGroup.run(g -> crashSoonThenNested(g, childFailure, inFinally))));
        List<Class<?>> types = new ArrayList<>();
        for (Throwable t : ((ExceptionGroup) e).exceptions()) {
            types.add(t.getClass());
        }
        return Coroutine.of(types);
    }

    /** test_taskgroup_19: the body raises in its finally block after the abort; both failures, the child's first. */
    @Test
    void testTaskgroup19() {
        assertEquals(List.of(ArithmeticException.class, MyExc.class),
                run(bodyFailsDuringAbort(new ArithmeticException("/ by zero"), new MyExc())));
    }

    /** test_taskgroup_20a: the body's failure is an Error (Python's BaseException): it joins the group all the same. */
    @Test
    void testTaskgroup20a() {
        assertEquals(List.of(ArithmeticException.class, MyBaseExc.class),
                run(bodyFailsDuringAbort(new ArithmeticException("/ by zero"), new MyBaseExc())));
    }

    /** test_taskgroup_21a: the child's failure is an Error (Python's BaseException). */
    @Test
    void testTaskgroup21a() {
        assertEquals(List.of(MyBaseExc.class, IllegalArgumentException.class),
                run(bodyFailsDuringAbort(new MyBaseExc(), new IllegalArgumentException("TypeError"))));
    }
}
