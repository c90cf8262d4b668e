package dev.weft;

import dev.weft.internal.Trampoline;
import dev.weft.test.HandWoven;
import dev.weft.test.HandWovenSteps;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.weft.test.HandWovenSteps.script;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The base of the combinators: an await of something already done does not suspend (the machine advances at once
 * with its value or failure); the shared helpers refuse to run outside a task, run a completion that happened on
 * another thread on the loop's thread, forget only the registrations they can (not on done awaitables, not on a task
 * of another loop), and wrap only unstarted coroutines in tasks; and a machine carrying a cancellation out of its frame
 * (a gather waiting for its children's cleanup) counts as cleaning up for the enclosing timeout exactly when that
 * timeout delivered the cancellation it carries.
 */
class CoroutineMachineTest {
    /** Awaits each of {@code awaitables} in turn, logging the outcome of each; returns the log. */
    static final class AwaitEach extends CoroutineMachine<List<String>> {
        private final Awaitable<?>[] awaitables;
        private final List<String> log = new ArrayList<>();
        private int next;

        AwaitEach(Awaitable<?>... awaitables) {
            super("CoroutineMachineTest.awaitEach");
            this.awaitables = awaitables;
        }

        @Override
        Object advance(Object value, Throwable failure) {
            if (next > 0) {
                log.add(failure != null ? "failed " + failure.getMessage() : "got " + value);
            }
            if (next == awaitables.length) {
                return log;
            }
            return await(awaitables[next++]);
        }
    }

    @Test
    void anAwaitOfSomethingDoneDoesNotSuspend() {
        Promise<Integer> one = new Promise<>();
        one.complete(1);
        Promise<Integer> failed = new Promise<>();
        failed.fail(new IllegalStateException("boom"));
        Promise<Integer> later = new Promise<>();
        AwaitEach m = new AwaitEach(one, failed, later, Coroutine.of(4));
        assertNotNull(Trampoline.start(m.frame), "suspends at the pending promise only");
        assertEquals(List.of("got 1", "failed boom"), m.log);
        later.complete(3);
        assertNull(Trampoline.resume(m.frame, 3, null));
        assertEquals(List.of("got 1", "failed boom", "got 3", "got 4"), m.frame.result());
    }

    @Test
    void helpersThatNeedATaskRefuseToRunOutsideOne() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> CoroutineMachine.requireTask("Weft.gather"));
        assertEquals("Weft.gather must be awaited inside a task (Weft.run, Weft.spawn)", e.getMessage());
        Task<?>[] inside = new Task<?>[1];
        Object task = Weft.run(script("main", r -> {
            inside[0] = CoroutineMachine.requireTask("Weft.gather");
            return Weft.currentTask();
        }));
        assertSame(task, inside[0]);
    }

    @Test
    void aCompletionOnAnotherThreadRunsOnTheLoopThread() throws Exception {
        Promise<String> p = new Promise<>();
        Promise<Thread> ranOn = new Promise<>();
        Thread completer = new Thread(() -> p.complete("v"), "completer");
        Object loopThread = Weft.run(script("main", r -> {
            if (r.n == 0) {
                CoroutineMachine.whenDoneOnLoop(p, EventLoop.current(), () -> ranOn.complete(Thread.currentThread()));
                completer.start();
                return r.await(ranOn);
            }
            return Thread.currentThread() == r.value() ? "the loop thread" : "another thread: " + r.value();
        }));
        completer.join();
        assertEquals("the loop thread", loopThread);
    }

    @Test
    void forgetPendingLeavesDoneAwaitablesAndTasksOfOtherLoopsAlone() {
        EventLoop other = new EventLoop();
        Task<Object> foreign = other.createTask(HandWoven.awaitOne(new Promise<>()));
        Promise<Object> pending = new Promise<>();
        Promise<Object> done = new Promise<>();
        done.complete("d");
        Promise<Object> unregistered = new Promise<>();
        List<String> ran = new ArrayList<>();
        List<Boolean> stillRegistered = Weft.run(script("main", r -> {
            Task<Object> local = Weft.spawn(HandWoven.awaitOne(new Promise<>()));
            Awaitable<?>[] awaitables = {pending, done, foreign, local, unregistered};
            Runnable[] callbacks = new Runnable[awaitables.length];
            for (int i = 0; i < 4; i++) {
                String name = "callback " + i;
                callbacks[i] = () -> ran.add(name);
                awaitables[i].whenDone(callbacks[i]);
            }
            CoroutineMachine.forgetPending(awaitables, callbacks);
            List<Boolean> left = new ArrayList<>();
            left.add(pending.removeWhenDone(callbacks[0]));
            left.add(foreign.removeWhenDone(callbacks[2]));
            left.add(local.removeWhenDone(callbacks[3]));
            local.cancel();
            return left;
        }));
        assertEquals(List.of(false, true, false), stillRegistered,
                "forgotten on the pending promise and the local task; the other loop's task is its loop's business");
        assertEquals(List.of("callback 1"), ran, "the done one ran when registered, and nothing else ran");
        other.close();
    }

    @Test
    void onlyUnstartedCoroutinesBecomeTasks() {
        NullPointerException npe = assertThrows(NullPointerException.class, () -> CoroutineMachine.asWatchable(null, null));
        assertEquals("null awaitable", npe.getMessage());
        EventLoop loop = new EventLoop();
        Promise<String> p = new Promise<>();
        assertSame(p, CoroutineMachine.asWatchable(p, loop));
        Coroutine<String> finished = Coroutine.of("x");
        assertSame(finished, CoroutineMachine.asWatchable(finished, loop));
        Awaitable<?> watched = CoroutineMachine.asWatchable(HandWoven.awaitOne(p), loop);
        Task<?> task = assertInstanceOf(Task.class, watched);
        assertSame(loop, task.loop());
        p.complete("v");
        loop.runUntilIdle();
        assertEquals("v", task.result());
        loop.close();
    }

    // ---------------------------------------------------------------- a gather inside a timeout

    /**
     * A child that waits forever; cancelled, it cleans up for {@code yields} loop passes, logging at each the cancel
     * requests of {@code watched} (the task running the timeout), then rethrows.
     */
    static Coroutine<Object> slowToClean(int yields, Task<?>[] watched, List<String> log, Runnable atCleanupStart) {
        Throwable[] kept = new Throwable[1];
        return script("child", r -> {
            if (r.n == 0) {
                return r.await(new Promise<>());
            }
            if (r.n == 1) {
                kept[0] = r.failure;
                atCleanupStart.run();
            }
            if (r.n <= yields) {
                log.add("cleanup " + r.n + ": cancelling=" + watched[0].cancelling());
                return r.await(Weft.sleep(Duration.ZERO));
            }
            log.add("cleaned up");
            throw kept[0];
        });
    }

    @Test
    void aGatherCarryingTheTimeoutsCancellationIsCleaningUpAndIsNotCancelledAgain() {
        Task<?>[] main = new Task<?>[1];
        List<String> log = new ArrayList<>();
        EventLoop loop = new EventLoop(ManualClock.autoAdvancing());
        TimeoutExpiredException e = assertThrows(TimeoutExpiredException.class, () -> Weft.run(script("main", r -> {
            if (r.n == 0) {
                main[0] = Weft.currentTask();
                return r.await(Weft.timeout(Duration.ofSeconds(1),
                        HandWoven.awaitOne(Weft.gather(slowToClean(3, main, log, () -> { })))));
            }
            return r.value();
        }), loop));
        assertEquals(List.of("cleanup 1: cancelling=1", "cleanup 2: cancelling=1", "cleanup 3: cancelling=1", "cleaned up"),
                log, "one cancellation request, never delivered again while the gather waits for its child");
        assertInstanceOf(CancelledException.class, e.getCause());
    }

    @Test
    void aBodyThatSwallowsTheCancellationIsCancelledAgainAtItsNextGather() {
        List<String> log = new ArrayList<>();
        Task<?>[] main = new Task<?>[1];
        EventLoop loop = new EventLoop(ManualClock.autoAdvancing());
        Coroutine<Object> body = script("body", r -> {
            if (r.n == 0) {
                return r.await(Weft.gather(HandWoven.awaitOne(new Promise<>())));
            }
            log.add(HandWovenSteps.describe(r.value, r.failure));
            if (r.n == 1) {
                return r.await(Weft.gather(HandWoven.awaitOne(new Promise<>()))); // swallowed: waits again
            }
            throw r.failure;
        });
        assertThrows(TimeoutExpiredException.class, () -> Weft.run(script("main", r -> {
            if (r.n == 0) {
                main[0] = Weft.currentTask();
                return r.await(Weft.timeout(Duration.ofSeconds(1), body));
            }
            return r.value();
        }), loop));
        assertEquals(List.of("cancelled: timeout of 1000 ms expired", "cancelled: timeout of 1000 ms expired"), log);
    }

    @Test
    void aGatherCarryingAnOutsideCancellationIsNotTheTimeoutsCleanupAndTheOutsideCancellationWins() {
        ManualClock clock = ManualClock.create();
        EventLoop loop = new EventLoop(clock);
        Task<?>[] main = new Task<?>[1];
        List<String> log = new ArrayList<>();
        // the child's cleanup starts under the outside cancellation and moves time past the timeout's deadline
        Coroutine<Object> child = slowToClean(5, main, log, () -> clock.advance(Duration.ofSeconds(2)));
        main[0] = loop.createTask(script("main", r -> {
            if (r.n == 0) {
                return r.await(Weft.timeout(Duration.ofSeconds(1), HandWoven.awaitOne(Weft.gather(child))));
            }
            return r.value();
        }));
        loop.runUntilIdle();
        main[0].cancel("from outside");
        loop.runUntilIdle();
        assertTrue(main[0].isDone());
        assertEquals("from outside", assertInstanceOf(CancelledException.class, main[0].exception()).getMessage(),
                "not turned into a TimeoutExpiredException");
        assertEquals("cleaned up", log.get(log.size() - 1), "the child finished its cleanup first: " + log);
        assertEquals(1, main[0].cancelling(), "only the outside request is left: the timeout withdrew its own");
        loop.close();
    }
}
