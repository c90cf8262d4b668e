package dev.weft;

import dev.weft.internal.Outcomes;
import dev.weft.test.ScopeBodies;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.weft.test.ScopeBodies.await;
import static dev.weft.test.ScopeBodies.script;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Pins {@link TaskGroup}'s refusals and ends: spawning into a group that is shutting down (cancelled, or after a
 * failure), finished, or from another loop is refused with the reason, and the coroutine is closed unless it already
 * ran elsewhere; {@code cancel()} a second time or after the group finished does nothing; a group whose body called
 * {@code cancel()} and returned gets its own cancellation at its wait for the children, keeps waiting, and gives the
 * body's value; a body that ends with a cancellation the group did not ask for makes the group raise it, and inside
 * a timeout that delivered one, the timeout's cancellation is delivered again at the group's wait, so it is the one
 * that comes out; and {@code toString} tells running, aborting and finished apart. Bodies and children are
 * hand-woven scripts.
 */
class TaskGroupTest extends ManualLoopTest {
    TaskGroupTest() {
        loop.setShutdownTimeout(Duration.ofMillis(200)); // a failed test does not wait for stuck tasks
    }

    /** A child that waits until cancelled, then cleans up until {@link ScopeBodies#finishCleanup}; it ends cancelled. */
    private static Coroutine<Object> slowToStop(List<String> got, List<Promise<Object>> cleanups) {
        return ScopeBodies.slowToStop(got, cleanups, new CancelledException("cleaned up"));
    }

    /** {@code group.spawn(c)}'s refusal message, or "spawned". */
    private static String trySpawn(TaskGroup group, Coroutine<?> c) {
        try {
            group.spawn(c, "late");
            return "spawned";
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
    }

    @Test
    void spawningIntoAGroupThatIsShuttingDownIsRefusedWithTheReasonAndTheCoroutineNeverRuns() {
        List<String> log = new ArrayList<>();
        Promise<Object> never = new Promise<>();
        Coroutine<Object> refusedAfterCancel = script("refused", 1, (f, v, e) -> "ran");
        Coroutine<Object> refusedAfterFailure = script("refused", 1, (f, v, e) -> "ran");
        Task<Object> cancelled = loop.createTask(TaskGroup.run(g -> script("body", 1, (f, v, e) -> {
            g.cancel();
            log.add(trySpawn(g, refusedAfterCancel));
            return await(never);
        }, (f, v, e) -> "after"))); // the group's own cancellation, swallowed
        Task<Object> failed = loop.createTask(TaskGroup.run(g -> script("body", 1, (f, v, e) -> {
            g.spawn(script("failing", 1, (f2, v2, e2) -> {
                throw new IllegalStateException("boom");
            }));
            return await(Weft.sleep(Duration.ZERO));
        }, (f, v, e) -> {
            log.add(trySpawn(g, refusedAfterFailure));
            throw Outcomes.sneakyThrow(e);
        })));
        loop.runUntilIdle();
        assertEquals(List.of("task group is shutting down (cancelled)", "task group is shutting down (a task failed)"), log);
        assertEquals(Coroutine.State.CLOSED, refusedAfterCancel.state());
        assertEquals(Coroutine.State.CLOSED, refusedAfterFailure.state());
        assertEquals("after", cancelled.result());
        ExceptionGroup eg = assertThrows(ExceptionGroup.class, failed::result);
        assertEquals("boom", eg.exceptions().get(0).getMessage());
    }

    @Test
    void spawningIntoAFinishedGroupOrFromAnotherLoopIsRefusedAndOnlyACoroutineNotStartedIsClosed() {
        TaskGroup[] group = new TaskGroup[1];
        Promise<Object> p = new Promise<>();
        Task<Object> t = loop.createTask(TaskGroup.run(g -> {
            group[0] = g;
            return script("body", 1, (f, v, e) -> await(p), (f, v, e) -> v);
        }));
        loop.runUntilIdle();
        Coroutine<Object> fresh = script("fresh", 1, (f, v, e) -> "ran");
        String fromElsewhere = Weft.run(script("otherLoop", 1, (f, v, e) -> trySpawn(group[0], fresh)));
        assertEquals("task group belongs to another event loop", fromElsewhere);
        assertEquals(Coroutine.State.CLOSED, fresh.state());

        Promise<Object> q = new Promise<>();
        Coroutine<Object> busy = script("busy", 1, (f, v, e) -> await(q), (f, v, e) -> "busy " + v);
        Task<Object> owner = loop.createTask(busy); // a coroutine that runs elsewhere
        onLoop(() -> p.complete("body value"));
        assertEquals("body value", t.result());
        String[] refusal = new String[1];
        onLoop(() -> refusal[0] = trySpawn(group[0], busy));
        assertEquals("task group is finished", refusal[0]);
        assertEquals(Coroutine.State.SUSPENDED, busy.state(), "a coroutine someone else runs is not closed");
        onLoop(() -> q.complete("done"));
        assertEquals("busy done", owner.result());
    }

    @Test
    void cancellingAgainOrAfterTheGroupFinishedDoesNothing() {
        TaskGroup[] group = new TaskGroup[1];
        List<String> got = new ArrayList<>();
        List<Promise<Object>> cleanups = new ArrayList<>();
        Task<Object> t = loop.createTask(TaskGroup.run(g -> {
            group[0] = g;
            g.spawn(slowToStop(got, cleanups));
            return script("body", 1, (f, v, e) -> "body done");
        }));
        loop.runUntilIdle();
        onLoop(() -> {
            group[0].cancel();
            group[0].cancel();
        });
        assertEquals(List.of("task group cancelled"), got, "the child is cancelled once");
        ScopeBodies.finishCleanup(loop, cleanups);
        assertEquals("body done", t.result(), "a cancelled group gives the value of a body that had finished");
        assertTrue(group[0].isFinished());
        TaskGroup other = runToTheEnd();
        other.cancel();
        assertFalse(other.isCancelled());
        assertTrue(other.isFinished());
    }

    private TaskGroup runToTheEnd() {
        TaskGroup[] group = new TaskGroup[1];
        Task<Object> t = loop.createTask(TaskGroup.run(g -> {
            group[0] = g;
            return script("body", 1, (f, v, e) -> "v");
        }));
        loop.runUntilIdle();
        assertEquals("v", t.result());
        return group[0];
    }

    @Test
    void aBodyThatCancelsTheGroupAndReturnsKeepsWaitingForTheChildrenAndGivesItsValue() {
        TaskGroup[] group = new TaskGroup[1];
        List<String> got = new ArrayList<>();
        List<Promise<Object>> cleanups = new ArrayList<>();
        List<String> states = new ArrayList<>();
        Task<Object> t = loop.createTask(TaskGroup.run(g -> {
            group[0] = g;
            g.spawn(slowToStop(got, cleanups));
            return script("body", 1, (f, v, e) -> {
                states.add(g.toString());
                return await(Weft.sleep(Duration.ZERO));
            }, (f, v, e) -> {
                g.cancel(); // asks the task to cancel; the request is delivered at the group's wait for the child
                states.add(g.toString());
                return "body value";
            });
        }));
        loop.runUntilIdle();
        assertFalse(t.isDone());
        assertEquals(List.of("task group cancelled"), got);
        ScopeBodies.finishCleanup(loop, cleanups);
        assertEquals("body value", t.result());
        assertEquals(0, t.cancelling());
        assertEquals(List.of("TaskGroup[running, 1 running, 0 failed]", "TaskGroup[aborting, 1 running, 0 failed]"), states);
        assertEquals("TaskGroup[finished, 0 running, 0 failed]", group[0].toString());
    }

    @Test
    void aBodyEndingWithACancellationTheGroupDidNotAskForMakesTheGroupRaiseIt() {
        Promise<Object> p = new Promise<>();
        List<String> got = new ArrayList<>();
        List<Promise<Object>> cleanups = new ArrayList<>();
        Task<Object> t = loop.createTask(TaskGroup.run(g -> {
            g.spawn(slowToStop(got, cleanups));
            return script("body", 1, (f, v, e) -> await(p), (f, v, e) -> {
                throw Outcomes.sneakyThrow(e);
            });
        }));
        loop.runUntilIdle();
        onLoop(() -> p.cancel("someone cancelled what the body awaited"));
        assertEquals(List.of("the task running the task group was cancelled"), got);
        assertFalse(t.isDone(), "the group waits for its cancelled child");
        ScopeBodies.finishCleanup(loop, cleanups);
        assertTrue(t.isCancelled());
        assertSame(p.exception(), t.exception());
        assertEquals(0, t.cancelling());
    }

    @Test
    void aTimeoutAroundAGroupWhoseBodyReplacedItsCancellationDeliversItAgainAtTheGroupsWait() {
        List<String> got = new ArrayList<>();
        List<Promise<Object>> cleanups = new ArrayList<>();
        Task<Object> t = loop.createTask(Timeout.timeout(Duration.ofMillis(10), TaskGroup.run(g -> {
            g.spawn(slowToStop(got, cleanups));
            return script("body", 1, (f, v, e) -> await(new Promise<>()), (f, v, e) -> {
                throw new CancelledException("mine"); // drops the timeout's cancellation for one of its own
            });
        })));
        loop.runUntilIdle();
        clock.advance(Duration.ofMillis(10));
        loop.runUntilIdle();
        assertEquals(List.of("the task running the task group was cancelled"), got, "the child is cancelled once");
        assertFalse(t.isDone());
        ScopeBodies.finishCleanup(loop, cleanups);
        TimeoutExpiredException e = assertThrows(TimeoutExpiredException.class, t::result);
        assertEquals("timeout of 10 ms expired", e.getCause().getMessage(), "the timeout's own cancellation came out");
        assertEquals(0, t.cancelling());
    }
}
