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
import static dev.weft.it.structured.Fx.now;
import static dev.weft.it.structured.Fx.run;
import static dev.weft.it.structured.Fx.sleeper;
import static dev.weft.it.structured.Fx.slowCleanup;
import static org.junit.jupiter.api.Assertions.*;

/**
 * TaskGroup through woven code: waiting for every child, a failing child or body (the others cancelled, the
 * failures joined in the order they happened), a body that swallows or cleans up after the group's cancellation,
 * and splitting the failures by type. Cancellation from outside, {@code cancel()} and spawning into a finishing
 * group are in {@link TaskGroupCancellationTest}.
 */
@org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class TaskGroupTest {

    // ------------------------------------------------------------------ success

    @Async
    static Coroutine<String> threeChildren(TaskGroup g, List<Task<String>> tasks, List<String> log) {
        tasks.add(g.spawn(sleeper("a", 30, "A", log)));
        tasks.add(g.spawn(sleeper("b", 10, "B", log)));
        tasks.add(g.spawn(sleeper("c", 20, "C", log)));
        await(Weft.sleep(ms(5)));
        log(log, "body done");
        return Coroutine.of("body");
    }

    @Async
    static Coroutine<String> awaitThree(List<Task<String>> tasks, List<String> log) {
        String body = await(TaskGroup.run(g -> threeChildren(g, tasks, log)));
        log(log, "group done");
        StringBuilder s = new StringBuilder(body);
        for (Task<String> t : tasks) {
            s.append(' ').append(t.result());
        }
        return Coroutine.of(s + " cancelling=" + cancelling());
    }

    @Test
    void theGroupWaitsForEveryChildAndGivesTheBodysValue() {
        List<String> log = new ArrayList<>();
        List<Task<String>> tasks = new ArrayList<>();
        assertEquals("body A B C cancelling=0", run(awaitThree(tasks, log)));
        assertEquals(List.of("body done@5", "b done@10", "b finally@10", "c done@20", "c finally@20",
                "a done@30", "a finally@30", "group done@30"), log);
    }

    @Async
    static Coroutine<Integer> lambdaBody() {
        int[] spawned = {0};
        await(TaskGroup.run(g -> {
            g.spawn(sleeper("x", 1, 1, new ArrayList<>()));
            spawned[0]++;
            return Coroutine.done();
        }));
        return Coroutine.of(spawned[0]);
    }

    @Test
    void aLambdaThatOnlySpawnsIsABody() {
        assertEquals(1, run(lambdaBody()));
    }

    // ------------------------------------------------------------------ a child fails

    @Async
    static Coroutine<Void> oneFails(TaskGroup g, IllegalStateException boom, List<String> log) {
        g.spawn(sleeper("long1", 100, "x", log));
        g.spawn(slowCleanup("long2", 100, 7, log));
        g.spawn(failer("bad", 10, boom, log));
        try {
            await(Weft.sleep(ms(1000)));
            log(log, "body not cancelled");
        } catch (CancelledException e) {
            log(log, "body cancelled");
            throw e;
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<String> catchGroup(IllegalStateException boom, List<String> log) {
        try {
            await(TaskGroup.run(g -> oneFails(g, boom, log)));
            return Coroutine.of("no failure");
        } catch (ExceptionGroup eg) {
            log(log, "group raised");
            assertEquals(List.of(boom), eg.exceptions(), "exactly the real failure, no CancelledException");
            assertEquals("1 sub-exception", eg.getMessage());
            return Coroutine.of("cancelling=" + cancelling());
        }
    }

    @Test
    void aFailingChildCancelsTheOthersAndTheBodyAndTheGroupRaisesItAfterTheirCleanup() {
        List<String> log = new ArrayList<>();
        IllegalStateException boom = new IllegalStateException("boom");
        assertEquals("cancelling=0", run(catchGroup(boom, log)));
        assertEquals(List.of("bad fails@10", "long1 cancelled@10", "long1 finally@10", "long2 cleanup starts@10",
                "body cancelled@10", "long2 cleanup done@17", "group raised@17"), log);
    }

    @Async
    static Coroutine<Void> twoFail(TaskGroup g, RuntimeException first, RuntimeException second, List<String> log) {
        g.spawn(failer("f2", 20, second, log));
        g.spawn(failer("f1", 10, first, log));
        g.spawn(sleeper("s", 100, "s", log));
        return Coroutine.done();
    }

    @Async
    static Coroutine<List<Throwable>> twoFailing(RuntimeException first, RuntimeException second, List<String> log) {
        try {
            await(TaskGroup.run(g -> twoFail(g, first, second, log)));
            return Coroutine.of(List.of());
        } catch (ExceptionGroup eg) {
            return Coroutine.of(eg.exceptions());
        }
    }

    /** The second failure happens during the first one's abort: a child whose cleanup fails. */
    @Async
    static Coroutine<Void> failsInCleanup(String name, RuntimeException failure, List<String> log) {
        try {
            await(Weft.sleep(ms(100)));
        } finally {
            await(Weft.sleep(ms(3)));
            log(log, name + " fails in cleanup");
            throw failure;
        }
    }

    @Async
    static Coroutine<Void> failAndFailInCleanup(TaskGroup g, RuntimeException first, RuntimeException second, List<String> log) {
        g.spawn(failsInCleanup("c", second, log));
        g.spawn(failer("f", 10, first, log));
        return Coroutine.done();
    }

    @Async
    static Coroutine<List<Throwable>> secondFailureInCleanup(RuntimeException first, RuntimeException second, List<String> log) {
        try {
            await(TaskGroup.run(g -> failAndFailInCleanup(g, first, second, log)));
            return Coroutine.of(List.of());
        } catch (ExceptionGroup eg) {
            assertEquals("2 sub-exceptions", eg.getMessage());
            return Coroutine.of(eg.exceptions());
        }
    }

    @Test
    void twoFailuresSurfaceTogetherInTheOrderTheyHappened() {
        List<String> log = new ArrayList<>();
        RuntimeException first = new IllegalArgumentException("first");
        RuntimeException second = new UnsupportedOperationException("second");
        // the first failure cancels the slower failer: only one real failure
        assertEquals(List.of(first), run(twoFailing(first, second, log)));
        assertEquals(List.of("f1 fails@10", "s cancelled@10", "s finally@10"), log);
        // a child that fails while cleaning up after the abort adds its failure
        log.clear();
        assertEquals(List.of(first, second), run(secondFailureInCleanup(first, second, log)));
        assertEquals(List.of("f fails@10", "c fails in cleanup@13"), log);
    }

    // ------------------------------------------------------------------ the body fails

    @Async
    static Coroutine<Void> failingBody(TaskGroup g, RuntimeException failure, List<String> log) {
        g.spawn(slowCleanup("child", 100, 4, log));
        await(Weft.sleep(ms(5)));
        log(log, "body fails");
        throw failure;
    }

    @Async
    static Coroutine<List<Throwable>> bodyFails(RuntimeException failure, List<String> log) {
        try {
            await(TaskGroup.run(g -> failingBody(g, failure, log)));
            return Coroutine.of(List.of());
        } catch (ExceptionGroup eg) {
            log(log, "group raised, cancelling=" + cancelling());
            return Coroutine.of(eg.exceptions());
        }
    }

    @Test
    void aFailingBodyCancelsTheChildrenWaitsForThemAndJoinsTheGroup() {
        List<String> log = new ArrayList<>();
        RuntimeException failure = new IllegalStateException("body");
        assertEquals(List.of(failure), run(bodyFails(failure, log)));
        assertEquals(List.of("body fails@5", "child cleanup starts@5", "child cleanup done@9",
                "group raised, cancelling=0@9"), log);
    }

    @Async
    static Coroutine<Void> bodyAndChildFail(TaskGroup g, RuntimeException child, RuntimeException body, List<String> log) {
        g.spawn(failer("child", 1, child, log));
        try {
            await(Weft.sleep(ms(50)));
        } finally {
            log(log, "body throws in finally");
            throw body;
        }
    }

    @Async
    static Coroutine<List<Throwable>> bothFail(RuntimeException child, RuntimeException body, List<String> log) {
        try {
            await(TaskGroup.run(g -> bodyAndChildFail(g, child, body, log)));
            return Coroutine.of(List.of());
        } catch (ExceptionGroup eg) {
            return Coroutine.of(eg.exceptions());
        }
    }

    @Test
    void theBodysFailureComesLastAfterTheChildrens() {
        RuntimeException child = new IllegalStateException("child");
        RuntimeException body = new IllegalArgumentException("body");
        List<String> log = new ArrayList<>();
        assertEquals(List.of(child, body), run(bothFail(child, body, log)));
        assertEquals(List.of("child fails@1", "body throws in finally@1"), log);
    }

    // ------------------------------------------------------------------ the body swallows or cleans up

    @Async
    static Coroutine<Void> swallowingBody(TaskGroup g, List<String> log) {
        g.spawn(failer("child", 5, new IllegalStateException("child"), log));
        try {
            await(Weft.sleep(ms(1000)));
        } catch (CancelledException swallowed) {
            log(log, "body swallowed");
        }
        try {
            await(Weft.sleep(ms(1000)));
            log(log, "body slept on");
        } catch (CancelledException again) {
            log(log, "body cancelled again");
            throw again;
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<String> swallowInGroup(List<String> log) {
        try {
            await(TaskGroup.run(g -> swallowingBody(g, log)));
            return Coroutine.of("no failure");
        } catch (ExceptionGroup eg) {
            return Coroutine.of(eg.exceptions().size() + " cancelling=" + cancelling());
        }
    }

    @Test
    void theGroupsCancellationSticksABodyThatSwallowsItIsCancelledAgainAtItsNextAwait() {
        List<String> log = new ArrayList<>();
        assertEquals("1 cancelling=0", run(swallowInGroup(log)));
        assertEquals(List.of("child fails@5", "body swallowed@5", "body cancelled again@5"), log);
    }

    @Async
    static Coroutine<Void> cleaningBody(TaskGroup g, List<String> log) {
        g.spawn(failer("child", 5, new IllegalStateException("child"), log));
        try {
            await(Weft.sleep(ms(1000)));
        } finally {
            log(log, "body cleanup starts");
            await(Weft.sleep(ms(10)));
            await(Weft.sleep(ms(10)));
            log(log, "body cleanup done");
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<String> cleanupInGroup(List<String> log) {
        try {
            await(TaskGroup.run(g -> cleaningBody(g, log)));
            return Coroutine.of("no failure");
        } catch (ExceptionGroup eg) {
            log(log, "group raised");
            return Coroutine.of(eg.exceptions().get(0).getMessage());
        }
    }

    @Test
    void aCancelledBodyMayAwaitInItsFinallyBlocks() {
        List<String> log = new ArrayList<>();
        assertEquals("child", run(cleanupInGroup(log)));
        assertEquals(List.of("child fails@5", "body cleanup starts@5", "body cleanup done@25", "group raised@25"), log);
    }

    // ------------------------------------------------------------------ except* by hand

    @Async
    static Coroutine<Void> mixedFailures(TaskGroup g, List<String> log) {
        g.spawn(failsInCleanup("io", new java.io.UncheckedIOException(new java.io.IOException("disk")), log));
        g.spawn(failer("state", 1, new IllegalStateException("state"), log));
        return Coroutine.done();
    }

    @Async
    static Coroutine<String> exceptStar(List<String> log) {
        try {
            await(TaskGroup.run(g -> mixedFailures(g, log)));
            return Coroutine.of("none");
        } catch (ExceptionGroup eg) {
            ExceptionGroup.Split s = eg.split(java.io.UncheckedIOException.class);
            return Coroutine.of(s.match().exceptions().get(0).getCause().getMessage() + " / "
                    + s.rest().exceptions().get(0).getMessage());
        }
    }

    @Test
    void failuresAreSplitByTypeLikeExceptStar() {
        assertEquals("disk / state", run(exceptStar(new ArrayList<>())));
    }

    // ------------------------------------------------------------------ now() is used by the log

    @Test
    void theFixturesRunOnVirtualTime() {
        assertEquals(1000L, (long) run(elapsed()));
    }

    @Async
    static Coroutine<Long> elapsed() {
        long start = now();
        await(Weft.sleep(ms(1000)));
        return Coroutine.of(now() - start);
    }
}
