package dev.weft.it.asyncio;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Coroutine;
import dev.weft.ExceptionGroup;
import dev.weft.Task;
import dev.weft.TaskGroup;
import dev.weft.Weft;
import dev.weft.it.asyncio.AsyncioPort.MyExc;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static dev.weft.Weft.await;
import static dev.weft.it.asyncio.AsyncioPort.divideByZero;
import static dev.weft.it.asyncio.AsyncioPort.errorTypes;
import static dev.weft.it.asyncio.AsyncioPort.failure;
import static dev.weft.it.asyncio.AsyncioPort.ms;
import static dev.weft.it.asyncio.AsyncioPort.outcome;
import static dev.weft.it.asyncio.AsyncioPort.run;
import static dev.weft.it.asyncio.AsyncioPort.sleep;
import static org.junit.jupiter.api.Assertions.*;

/**
 * CPython's {@code Lib/test/test_asyncio/test_taskgroups.py} (3.13), the task running a group cancelled from outside
 * (test_cancellation, test_taskgroup_07, _08, _17, _18, _22), ported to {@link TaskGroup}: the children are
 * cancelled and waited for, their failures in cleanup joined, and the cancellation propagates. The names map as in
 * {@link TaskGroupsPortTest}. Times are virtual.
 */
@org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class TaskGroupsCancellationPortTest {

    // ------------------------------------------------------------------ cancelled from outside: test_cancellation, _07, _08, _17, _18, _22

    @Async
    static Coroutine<Void> countsCancel(int[] num) {
        try {
            await(Weft.sleep(ms(5000)));
        } catch (CancelledException e) {
            num[0] += 1;
            throw e;
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> fiveChildren(TaskGroup g, int[] num, boolean bodySleeps) {
        for (int i = 0; i < 5; i++) {
            g.spawn(countsCancel(num));
        }
        if (bodySleeps) {
            try {
                await(Weft.sleep(ms(10_000)));
            } catch (CancelledException e) {
                num[0] += 10;
                throw e;
            }
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> runnerFive(int[] num, boolean bodySleeps) {
        await(TaskGroup.run(g -> fiveChildren(g, num, bodySleeps)));
        return Coroutine.done();
    }

    @Async
    static Coroutine<Integer> cancelRunnerFive(boolean bodySleeps) {
        int[] num = {0};
        Task<Void> r = Weft.spawn(runnerFive(num, bodySleeps));
        await(Weft.sleep(ms(100)));
        assertFalse(r.isDone());
        r.cancel();
        assertEquals("cancelled", await(outcome(r)));
        return Coroutine.of(num[0]);
    }

    /** test_cancellation: cancelling the task running the group cancels every child, and propagates. */
    @Test
    void testCancellation() {
        assertEquals(5, run(cancelRunnerFive(false)));
    }

    /** test_taskgroup_07: the body is cancelled too. */
    @Test
    void testTaskgroup07() {
        assertEquals(15, run(cancelRunnerFive(true)));
    }

    @Async
    static Coroutine<Void> failsInFinally() {
        try {
            await(Weft.sleep(ms(10_000)));
        } finally {
            divideByZero();
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> fiveFailInCleanup(TaskGroup g) {
        for (int i = 0; i < 5; i++) {
            g.spawn(failsInFinally());
        }
        await(Weft.sleep(ms(10_000)));
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> taskgroup08() {
        Task<Void> r = Weft.spawn(TaskGroup.run(g -> fiveFailInCleanup(g)));
        await(Weft.sleep(ms(100)));
        assertFalse(r.isDone());
        r.cancel();
        Throwable e = await(failure(r));
        assertEquals(Set.of(ArithmeticException.class), errorTypes((ExceptionGroup) e));
        assertEquals(5, ((ExceptionGroup) e).exceptions().size());
        return Coroutine.done();
    }

    /** test_taskgroup_08: children that fail while being cancelled from outside: their failures win over the cancellation. */
    @Test
    void testTaskgroup08() {
        run(taskgroup08());
    }

    @Async
    static Coroutine<Void> emptyBodyCatchingCancel(TaskGroup g, int[] num, boolean raiseMyExc) {
        try {
            await(Weft.sleep(ms(10_000)));
        } catch (CancelledException e) {
            num[0] += 10;
            if (raiseMyExc) {
                throw new MyExc(); // not a good idea, but supported
            }
            throw e;
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Throwable> taskgroup17(boolean raiseMyExc) {
        int[] num = {0};
        Task<Void> r = Weft.spawn(TaskGroup.run(g -> emptyBodyCatchingCancel(g, num, raiseMyExc)));
        await(Weft.sleep(ms(100)));
        assertFalse(r.isDone());
        r.cancel();
        Throwable e = await(failure(r));
        assertEquals(10, num[0]);
        return Coroutine.of(e);
    }

    /** test_taskgroup_17: a group without children, its body cancelled from outside. */
    @Test
    void testTaskgroup17() {
        assertInstanceOf(CancelledException.class, run(taskgroup17(false)));
    }

    /** test_taskgroup_18: a body that turns the cancellation into another failure: the group raises it. */
    @Test
    void testTaskgroup18() {
        Object e = run(taskgroup17(true));
        assertEquals(Set.of(MyExc.class), errorTypes((ExceptionGroup) e));
    }

    @Async
    static Coroutine<Void> twoSleepers(TaskGroup g) {
        g.spawn(sleep(1000, 42));
        g.spawn(sleep(2000, 11));
        return Coroutine.done();
    }

    @Async
    static Coroutine<String> taskgroup22() {
        Task<Void> r = Weft.spawn(TaskGroup.run(g -> twoSleepers(g)));
        await(Weft.sleep(ms(50)));
        r.cancel();
        return Coroutine.of(await(outcome(r)));
    }

    /** test_taskgroup_22: cancelled while only waiting for its children. */
    @Test
    void testTaskgroup22() {
        assertEquals("cancelled", run(taskgroup22()));
    }
}
