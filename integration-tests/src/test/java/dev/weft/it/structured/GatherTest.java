package dev.weft.it.structured;

import dev.weft.Async;
import dev.weft.Awaitable;
import dev.weft.CancelledException;
import dev.weft.Coroutine;
import dev.weft.Gather;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.Timeout;
import dev.weft.TimeoutExpiredException;
import dev.weft.Weft;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
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

/** gather and gatherSettled through woven code. */
@org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class GatherTest {

    @Async
    static Coroutine<String> inOrder(List<String> log) {
        Promise<String> p = new Promise<>();
        Task<String> t = Weft.spawn(sleeper("task", 2, "T", log));
        Weft.spawn(completeLater(p, "P", 4));
        List<String> values = await(Gather.gather(sleeper("a", 30, "A", log), sleeper("b", 10, "B", log), t, p,
                Coroutine.of("done")));
        log(log, "gathered");
        return Coroutine.of(String.join(",", values));
    }

    @Async
    static Coroutine<Void> completeLater(Promise<String> p, String v, long n) {
        await(Weft.sleep(ms(n)));
        p.complete(v);
        return Coroutine.done();
    }

    @Test
    void valuesComeInArgumentOrderWhateverTheOrderOfCompletion() {
        List<String> log = new ArrayList<>();
        assertEquals("A,B,T,P,done", run(inOrder(log)));
        assertEquals(List.of("task done@2", "task finally@2", "b done@10", "b finally@10", "a done@30", "a finally@30",
                "gathered@30"), log);
    }

    @Async
    static Coroutine<String> overAList() {
        List<Coroutine<Integer>> work = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            work.add(sleeper("w" + i, 50 - i, i, new ArrayList<>()));
        }
        List<Integer> values = await(Gather.gather(work));
        List<Object> none = await(Gather.gather(List.of()));
        return Coroutine.of(values.get(0) + ".." + values.get(49) + " size " + values.size() + " empty " + none.size());
    }

    @Test
    void aListOverloadAndTheEmptyGather() {
        assertEquals("0..49 size 50 empty 0", run(overAList()));
    }

    @Async
    static Coroutine<String> firstFailure(IllegalStateException first, IllegalArgumentException later, List<String> log) {
        try {
            await(Gather.gather(sleeper("sleepy", 100, "s", log), failer("bad", 10, first, log),
                    slowCleanup("cleaner", 100, 5, log), failsWhenCancelled(later, log)));
            return Coroutine.of("no failure");
        } catch (IllegalStateException e) {
            log(log, "gather raised " + e.getMessage());
            assertSame(first, e);
            return Coroutine.of(Arrays.toString(e.getSuppressed()) + " cancelling=" + cancelling());
        }
    }

    @Async
    static Coroutine<String> failsWhenCancelled(IllegalArgumentException failure, List<String> log) {
        try {
            await(Weft.sleep(ms(100)));
            return Coroutine.of("x");
        } catch (CancelledException e) {
            await(Weft.sleep(ms(2)));
            log(log, "fails while cancelled");
            throw failure;
        }
    }

    @Test
    void theFirstFailureCancelsTheRestWaitsForTheirCleanupAndIsRaisedWithLaterOnesSuppressed() {
        List<String> log = new ArrayList<>();
        IllegalStateException first = new IllegalStateException("first");
        IllegalArgumentException later = new IllegalArgumentException("later");
        assertEquals("[java.lang.IllegalArgumentException: later] cancelling=0", run(firstFailure(first, later, log)));
        assertEquals(List.of("bad fails@10", "sleepy cancelled@10", "sleepy finally@10", "cleaner cleanup starts@10",
                "fails while cancelled@12", "cleaner cleanup done@15", "gather raised first@15"), log);
    }

    @Async
    static Coroutine<String> settled(List<String> log) {
        IllegalStateException boom = new IllegalStateException("boom");
        Task<String> cancelled = Weft.spawn(sleeper("victim", 100, "v", log));
        Weft.spawn(cancelAfter(cancelled, 3));
        List<Object> outcomes = await(Gather.gatherSettled(sleeper("ok", 20, "fine", log), failer("bad", 5, boom, log),
                cancelled));
        StringBuilder s = new StringBuilder();
        for (Object o : outcomes) {
            s.append(o instanceof Throwable ? o.getClass().getSimpleName() : o).append(' ');
        }
        assertSame(boom, outcomes.get(1));
        return Coroutine.of(s.toString().trim());
    }

    @Async
    static Coroutine<Void> cancelAfter(Task<?> t, long n) {
        await(Weft.sleep(ms(n)));
        t.cancel();
        return Coroutine.done();
    }

    @Test
    void settledModeGivesValuesAndThrowablesAndCancelsNothing() {
        List<String> log = new ArrayList<>();
        assertEquals("fine IllegalStateException CancelledException", run(settled(log)));
        assertEquals(List.of("victim cancelled@3", "victim finally@3", "bad fails@5", "ok done@20", "ok finally@20"), log);
    }

    @Async
    static Coroutine<String> gathering(List<String> log) {
        try {
            await(Gather.gather(sleeper("s", 100, "s", log), slowCleanup("c", 100, 6, log)));
            return Coroutine.of("finished");
        } catch (CancelledException e) {
            log(log, "gather cancelled, cancelling=" + cancelling());
            throw e;
        }
    }

    @Async
    static Coroutine<String> cancelTheGatherer(List<String> log) {
        Task<String> t = Weft.spawn(gathering(log));
        await(Weft.sleep(ms(10)));
        t.cancel("stop");
        try {
            return Coroutine.of(await(t));
        } catch (CancelledException e) {
            return Coroutine.of(e.getMessage());
        }
    }

    @Test
    void cancellingTheAwaitingTaskCancelsEveryChildAndWaitsForTheirCleanup() {
        List<String> log = new ArrayList<>();
        assertEquals("stop", run(cancelTheGatherer(log)));
        assertEquals(List.of("s cancelled@10", "s finally@10", "c cleanup starts@10", "c cleanup done@16",
                "gather cancelled, cancelling=1@16"), log);
    }

    @Async
    static Coroutine<String> gatherInTimeout(List<String> log) {
        try {
            await(Timeout.timeout(ms(10), Gather.gather(slowCleanup("a", 100, 3, log), slowCleanup("b", 100, 7, log))));
            return Coroutine.of("finished");
        } catch (TimeoutExpiredException e) {
            log(log, "timeout");
            return Coroutine.of("cancelling=" + cancelling());
        }
    }

    @Test
    void aTimeoutAroundAGatherWaitsForTheChildrensCleanup() {
        List<String> log = new ArrayList<>();
        assertEquals("cancelling=0", run(gatherInTimeout(log)));
        assertEquals(List.of("a cleanup starts@10", "b cleanup starts@10", "a cleanup done@13", "b cleanup done@17",
                "timeout@17"), log);
    }

    @Async
    static Coroutine<String> aChildIsCancelled(List<String> log) {
        Task<String> t = Weft.spawn(sleeper("t", 100, "t", log));
        Weft.spawn(cancelAfter(t, 2));
        try {
            await(Gather.gather(t, sleeper("other", 100, "o", log)));
            return Coroutine.of("finished");
        } catch (CancelledException e) {
            return Coroutine.of("cancelled child propagates, cancelling=" + cancelling());
        }
    }

    @Test
    void aCancelledChildCountsAsAFailureLikeInAsyncio() {
        List<String> log = new ArrayList<>();
        assertEquals("cancelled child propagates, cancelling=0", run(aChildIsCancelled(log)));
        assertEquals(List.of("t cancelled@2", "t finally@2", "other cancelled@2", "other finally@2"), log);
    }

    @Async
    static Coroutine<String> badArgument() {
        Coroutine<String> once = sleeper("once", 1, "x", new ArrayList<>());
        Task<String> t = Weft.spawn(once);
        try {
            await(Gather.gather(sleeper("fresh", 50, "y", new ArrayList<>()), once));
            return Coroutine.of("accepted");
        } catch (IllegalStateException e) {
            await(t);
            return Coroutine.of("refused: " + e.getMessage().contains("already awaited"));
        }
    }

    @Test
    void aCoroutineAlreadyTakenIsRefusedAndNothingIsLeftRunning() {
        assertEquals("refused: true", run(badArgument()));
    }

    @Test
    void nullArgumentsAreRefusedAtOnce() {
        Awaitable<String> nothing = null;
        assertThrows(NullPointerException.class, () -> Gather.gather(Coroutine.of("a"), nothing));
    }

    // ------------------------------------------------------------------ the running handle: Gather.spawn

    @Async
    static Coroutine<String> handleStartsAtOnce(List<String> log) {
        int before = Weft.allTasks().size();
        Task<List<String>> handle = Weft.spawnGather(sleeper("a", 10, "A", log), sleeper("b", 5, "B", log));
        int made = Weft.allTasks().size() - before;           // the handle and one task per coroutine, already
        log(log, "spawned " + made + " tasks, done=" + handle.isDone());
        await(Weft.sleep(ms(20)));                           // the gather runs without anybody awaiting it
        log(log, "handle done=" + handle.isDone());
        Task<String> second = Weft.spawn(joined(handle));    // a task can be awaited by several
        return Coroutine.of(String.join(",", await(handle)) + " / " + await(second));
    }

    @Async
    static Coroutine<String> joined(Task<List<String>> handle) {
        return Coroutine.of(String.join("+", await(handle)));
    }

    @Test
    void spawnGatherStartsTheChildrenAtOnceAndGivesATaskOfTheValues() {
        List<String> log = new ArrayList<>();
        assertEquals("A,B / A+B", run(handleStartsAtOnce(log)));
        assertEquals(List.of("spawned 3 tasks, done=false@0", "b done@5", "b finally@5", "a done@10", "a finally@10",
                "handle done=true@20"), log);
    }

    @Async
    static Coroutine<String> cancelTheHandle(List<String> log) {
        Promise<String> plain = new Promise<>();
        Task<List<Object>> handle = Gather.spawn(slowCleanup("slow", 100, 5, log), sleeper("quick", 100, "q", log), plain);
        await(Weft.sleep(ms(10)));
        assertTrue(handle.cancel());
        try {
            await(handle);
            return Coroutine.of("not cancelled");
        } catch (CancelledException e) {
            log(log, "handle cancelled=" + handle.isCancelled() + ", promise cancelled=" + plain.isCancelled());
            return Coroutine.of("cancelling=" + cancelling());
        }
    }

    @Test
    void cancellingTheHandleCancelsEveryChildAndEndsAfterTheirCleanup() {
        List<String> log = new ArrayList<>();
        assertEquals("cancelling=0", run(cancelTheHandle(log)));
        assertEquals(List.of("slow cleanup starts@10", "quick cancelled@10", "quick finally@10", "slow cleanup done@15",
                "handle cancelled=true, promise cancelled=true@15"), log);
    }

    @Async
    static Coroutine<String> handleFails(List<String> log) {
        IllegalStateException boom = new IllegalStateException("boom");
        Task<List<String>> handle = Weft.spawnGather(failer("bad", 5, boom, log), sleeper("other", 100, "o", log));
        try {
            await(handle);
            return Coroutine.of("no failure");
        } catch (IllegalStateException e) {
            return Coroutine.of((e == boom) + ", handle cancelled=" + handle.isCancelled());
        }
    }

    @Test
    void aFailingChildFailsTheHandleAndCancelsTheOthers() {
        List<String> log = new ArrayList<>();
        assertEquals("true, handle cancelled=false", run(handleFails(log)));
        assertEquals(List.of("bad fails@5", "other cancelled@5", "other finally@5"), log);
    }

    @Async
    static Coroutine<String> settledHandleAndEmpty(List<String> log) {
        Task<List<Object>> empty = Gather.spawn(List.of());
        assertTrue(empty.isDone(), "nothing to wait for: done inside the call");
        IllegalStateException boom = new IllegalStateException("boom");
        Task<List<Object>> settled = Weft.spawnGatherSettled(failer("bad", 5, boom, log), sleeper("ok", 10, "v", log));
        List<Object> outcomes = await(settled);
        return Coroutine.of(empty.result() + " " + (outcomes.get(0) == boom) + " " + outcomes.get(1));
    }

    @Test
    void theSettledHandleAndTheEmptyOne() {
        assertEquals("[] true v", run(settledHandleAndEmpty(new ArrayList<>())));
    }

    @Async
    static Coroutine<String> sameCoroutineTwice() {
        Coroutine<String> c = sleeper("once", 5, "x", new ArrayList<>());
        int before = Weft.allTasks().size();
        List<String> lazy = await(Gather.gather(c, c));
        Coroutine<String> d = sleeper("once", 5, "y", new ArrayList<>());
        Task<List<String>> handle = Gather.spawn(d, d, d);
        return Coroutine.of(lazy + " " + await(handle) + " tasks now " + (Weft.allTasks().size() - before));
    }

    @Test
    void aCoroutinePassedSeveralTimesRunsOnce() {
        assertEquals("[x, x] [y, y, y] tasks now 0", run(sameCoroutineTwice()));
    }
}
