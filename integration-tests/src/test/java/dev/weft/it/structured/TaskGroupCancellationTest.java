package dev.weft.it.structured;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Coroutine;
import dev.weft.ExceptionGroup;
import dev.weft.Task;
import dev.weft.TaskGroup;
import dev.weft.Weft;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.weft.Weft.await;
import static dev.weft.it.structured.Fx.cancelling;
import static dev.weft.it.structured.Fx.failer;
import static dev.weft.it.structured.Fx.log;
import static dev.weft.it.structured.Fx.ms;
import static dev.weft.it.structured.Fx.run;
import static dev.weft.it.structured.Fx.sleeper;
import static dev.weft.it.structured.Fx.slowCleanup;
import static org.junit.jupiter.api.Assertions.*;

/**
 * TaskGroup through woven code, cancelled and spawned into: a cancellation of the enclosing task from outside
 * (while the body runs, and while the group waits for its children), the group's own {@code cancel()}, a child
 * cancelled on its own (not a failure), and what may still be spawned: siblings from a child while the group
 * waits, but nothing once the group finished or is shutting down. The rest is in {@link TaskGroupTest}.
 */
@org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class TaskGroupCancellationTest {

    // ------------------------------------------------------------------ cancelled from outside

    @Async
    static Coroutine<Void> sleepingBody(TaskGroup g, List<String> log) {
        g.spawn(sleeper("c1", 100, 1, log));
        g.spawn(slowCleanup("c2", 100, 5, log));
        try {
            await(Weft.sleep(ms(100)));
        } finally {
            log(log, "body finally");
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<String> victim(List<String> log) {
        try {
            await(TaskGroup.run(g -> sleepingBody(g, log)));
            return Coroutine.of("not cancelled");
        } catch (CancelledException e) {
            log(log, "victim cancelled: " + e.getMessage() + ", cancelling=" + cancelling());
            Weft.currentTask().uncancel();
            log(log, "after uncancel, cancelling=" + cancelling());
            throw e;
        }
    }

    @Async
    static Coroutine<String> cancelFromOutside(List<String> log) {
        Task<String> t = Weft.spawn(victim(log));
        await(Weft.sleep(ms(10)));
        t.cancel("from outside");
        try {
            await(t);
            return Coroutine.of("not cancelled");
        } catch (CancelledException e) {
            return Coroutine.of("cancelled=" + t.isCancelled());
        }
    }

    @Test
    void cancellingTheTaskFromOutsideCancelsTheChildrenWaitsForThemAndPropagates() {
        List<String> log = new ArrayList<>();
        assertEquals("cancelled=true", run(cancelFromOutside(log)));
        assertEquals(List.of("body finally@10", "c1 cancelled@10", "c1 finally@10", "c2 cleanup starts@10",
                "c2 cleanup done@15", "victim cancelled: from outside, cancelling=1@15",
                "after uncancel, cancelling=0@15"), log);
    }

    @Async
    static Coroutine<String> cancelWhileTheGroupWaitsForChildren(List<String> log) {
        Task<String> t = Weft.spawn(victimAfterBody(log));
        await(Weft.sleep(ms(10)));
        t.cancel("late");
        try {
            await(t);
            return Coroutine.of("not cancelled");
        } catch (CancelledException e) {
            return Coroutine.of(e.getMessage());
        }
    }

    @Async
    static Coroutine<String> victimAfterBody(List<String> log) {
        try {
            await(TaskGroup.run(g -> {
                g.spawn(slowCleanup("c", 100, 5, log));
                return Coroutine.done();
            }));
            return Coroutine.of("not cancelled");
        } catch (CancelledException e) {
            log(log, "propagated, cancelling=" + cancelling());
            throw e;
        }
    }

    @Test
    void aCancellationWhileTheGroupWaitsForItsChildrenCancelsThemAndPropagates() {
        List<String> log = new ArrayList<>();
        assertEquals("late", run(cancelWhileTheGroupWaitsForChildren(log)));
        assertEquals(List.of("c cleanup starts@10", "c cleanup done@15", "propagated, cancelling=1@15"), log);
    }

    // ------------------------------------------------------------------ cancel() and refusals

    @Async
    static Coroutine<String> cancelsItself(TaskGroup g, List<String> log) {
        g.spawn(sleeper("c", 100, 1, log));
        g.spawn(canceller(g, log));
        try {
            await(Weft.sleep(ms(100)));
            return Coroutine.of("not cancelled");
        } catch (CancelledException e) {
            log(log, "body cancelled");
            throw e;
        }
    }

    @Async
    static Coroutine<Void> canceller(TaskGroup g, List<String> log) {
        await(Weft.sleep(ms(3)));
        log(log, "cancel the group");
        g.cancel();
        await(Weft.sleep(ms(100)));
        log(log, "canceller not cancelled");
        return Coroutine.done();
    }

    @Async
    static Coroutine<String> cancelTheGroup(List<String> log) {
        TaskGroup[] group = new TaskGroup[1];
        String v = await(TaskGroup.run(g -> {
            group[0] = g;
            return cancelsItself(g, log);
        }));
        assertTrue(group[0].isCancelled());
        assertTrue(group[0].isFinished());
        await(Weft.sleep(ms(1)));
        log(log, "after the group");
        return Coroutine.of(v + " cancelling=" + cancelling());
    }

    @Test
    void cancelStopsChildrenAndBodyAndTheGroupEndsQuietly() {
        List<String> log = new ArrayList<>();
        assertEquals("null cancelling=0", run(cancelTheGroup(log)));
        assertEquals(List.of("cancel the group@3", "c cancelled@3", "c finally@3", "body cancelled@3", "after the group@4"), log);
    }

    @Async
    static Coroutine<String> spawnAfterTheEnd(List<String> log) {
        TaskGroup[] group = new TaskGroup[1];
        await(TaskGroup.run(g -> {
            group[0] = g;
            return Coroutine.done();
        }));
        Coroutine<Integer> late = sleeper("late", 1, 1, log);
        try {
            group[0].spawn(late);
            return Coroutine.of("accepted");
        } catch (IllegalStateException e) {
            return Coroutine.of(e.getMessage() + ", coroutine " + late.state());
        }
    }

    @Test
    void spawningIntoAFinishedGroupIsRefusedAndTheCoroutineNeverRuns() {
        List<String> log = new ArrayList<>();
        assertEquals("task group is finished, coroutine CLOSED", run(spawnAfterTheEnd(log)));
        assertEquals(List.of(), log);
    }

    @Async
    static Coroutine<String> spawnWhileAborting(TaskGroup g, List<String> log) {
        g.spawn(failer("f", 1, new IllegalStateException("f"), log));
        try {
            await(Weft.sleep(ms(10)));
        } finally {
            try {
                g.spawn(sleeper("refused", 1, 1, log));
                log(log, "spawn accepted");
            } catch (IllegalStateException e) {
                log(log, e.getMessage());
            }
        }
        return Coroutine.of("unreachable");
    }

    @Async
    static Coroutine<Integer> abortingRefuses(List<String> log) {
        try {
            await(TaskGroup.run(g -> spawnWhileAborting(g, log)));
            return Coroutine.of(0);
        } catch (ExceptionGroup eg) {
            return Coroutine.of(eg.exceptions().size());
        }
    }

    @Test
    void spawningIntoAGroupThatIsShuttingDownIsRefused() {
        List<String> log = new ArrayList<>();
        assertEquals(1, run(abortingRefuses(log)));
        assertEquals(List.of("f fails@1", "task group is shutting down (a task failed)@1"), log);
    }

    @Async
    static Coroutine<String> parent(TaskGroup g, List<String> log) {
        await(Weft.sleep(ms(2)));
        g.spawn(sleeper("sibling", 5, "s", log));
        log(log, "parent spawned a sibling");
        return Coroutine.of("p");
    }

    @Async
    static Coroutine<String> childrenSpawnSiblings(List<String> log) {
        await(TaskGroup.run(g -> {
            g.spawn(parent(g, log));
            return Coroutine.done();
        }));
        log(log, "group done");
        return Coroutine.of("ok");
    }

    @Test
    void aChildMaySpawnSiblingsWhileTheGroupWaits() {
        List<String> log = new ArrayList<>();
        assertEquals("ok", run(childrenSpawnSiblings(log)));
        assertEquals(List.of("parent spawned a sibling@2", "sibling done@7", "sibling finally@7", "group done@7"), log);
    }

    @Async
    static Coroutine<String> aChildIsCancelledAlone(List<String> log) {
        String v = await(TaskGroup.run(g -> {
            Task<Integer> t = g.spawn(sleeper("alone", 100, 1, log));
            g.spawn(cancelLater(t));
            return Coroutine.of("body");
        }));
        return Coroutine.of(v);
    }

    @Async
    static Coroutine<Void> cancelLater(Task<?> t) {
        await(Weft.sleep(ms(2)));
        t.cancel();
        return Coroutine.done();
    }

    @Test
    void aChildCancelledOnItsOwnIsNotAFailure() {
        List<String> log = new ArrayList<>();
        assertEquals("body", run(aChildIsCancelledAlone(log)));
        assertEquals(List.of("alone cancelled@2", "alone finally@2"), log);
    }
}
