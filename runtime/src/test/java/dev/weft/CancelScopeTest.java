package dev.weft;

import dev.weft.internal.Outcomes;
import dev.weft.internal.WovenCoroutine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static dev.weft.test.ScopeBodies.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Pins {@link CancelScope}'s contract, with a scope of its own around hand-woven bodies: a cancellation sticks until
 * the scope exits (a body that drops it is cancelled again at its next await, however often), a body that keeps it
 * in any live slot of any of its frames (as itself, as a cause or a suppressed exception, or inside a nested scope
 * still carrying it out, even one that was cancelled first for its own reasons) may await its cleanup undisturbed;
 * a cancel asked before the scope starts is delivered at the body's first await, one asked after the body ended asks
 * nothing of the task, a second one asks nothing more; a body that is not a coroutine (a task, a promise, an
 * awaitable that cannot be cancelled) is cancelled, waited for if it is a task, or else given up on; the scope
 * withdraws all of its requests on the task when it exits, and an outside cancellation wins over the value of a task
 * that swallowed it. A cancellation the task makes names the await where the body waited in its async stack trace;
 * one that is the outcome of what the body awaited is passed on as it is.
 */
class CancelScopeTest extends ManualLoopTest {
    CancelScopeTest() {
        loop.setShutdownTimeout(Duration.ofMillis(200)); // a failed test does not wait for stuck tasks
    }

    /** How a {@link Scope} gives a failure: as its value, so the scope's own code returns normally. */
    record Failed(Throwable failure) {
    }

    /**
     * A scope around {@code body}; it withdraws its requests when the body ends, then gives its value or failure (as
     * a {@link Failed}) or awaits {@link #after}.
     */
    static final class Scope extends CancelScope<Object> {
        private final Supplier<? extends Awaitable<?>> body;
        /** If set, awaited once the body ended (as a group waits for its children); the scope then gives both values. */
        Awaitable<?> after;
        private Object bodyValue;

        Scope(Supplier<? extends Awaitable<?>> body) {
            super("CancelScopeTest.scope");
            this.body = body;
        }

        @Override
        Awaitable<?> createBody() {
            return body.get();
        }

        @Override
        Object bodyFinished(Object value, Throwable failure) {
            releaseOwnCancels();
            if (failure != null) {
                return new Failed(failure);
            }
            if (after != null) {
                bodyValue = value;
                return await(after);
            }
            return value;
        }

        @Override
        Object resumedAfterBody(Object value, Throwable failure) {
            return failure != null ? new Failed(failure) : bodyValue + "+" + value;
        }
    }

    private Task<Object> start(Scope scope) {
        Task<Object> task = loop.createTask(scope.frame);
        loop.runUntilIdle();
        return task;
    }

    /** The failure the scope run by {@code t} ended with. */
    private static Throwable failure(Task<Object> t) {
        return assertInstanceOf(Failed.class, t.result()).failure();
    }

    @Test
    void aBodyThatIsNotACoroutineGivesItsOutcomeOrIsGivenUpOnWhenItCannotBeCancelled() {
        Promise<Object> later = new Promise<>();
        Awaitable<Object> stubborn = stubborn();
        Task<Object> done = start(new Scope(() -> Promise.failedWith(new IllegalStateException("at once"))));
        Task<Object> waited = start(new Scope(() -> later));
        Scope s = new Scope(() -> stubborn);
        Task<Object> givenUp = start(s);
        assertEquals("at once", failure(done).getMessage());
        assertFalse(waited.isDone());
        onLoop(() -> later.complete("later"));
        assertEquals("later", waited.result());
        assertInstanceOf(NullPointerException.class, failure(start(new Scope(() -> null))), "a scope needs a body");
        assertFalse(givenUp.isDone());
        onLoop(() -> s.cancel("give up"));
        assertInstanceOf(CancelledException.class, failure(givenUp));
        assertEquals("give up", failure(givenUp).getMessage());
        assertFalse(stubborn.isDone());
        assertEquals(0, givenUp.cancelling());
    }

    @Test
    void aCancelAskedBeforeTheScopeStartsIsDeliveredAtTheBodysFirstAwait() {
        Promise<Object> p = new Promise<>();
        Scope s = new Scope(() -> script("early", 1, (f, v, e) -> {
            f.a0 = new IllegalStateException("an unrelated failure the body keeps"); // not a cancellation of the scope
            return await(p);
        }, PASS_ON));
        Promise<Object> q = new Promise<>();
        Scope onPromise = new Scope(() -> q);
        s.cancel("early");
        onPromise.cancel("early too");
        assertTrue(s.cancelRequested());
        Task<Object> t = start(s);
        Task<Object> t2 = start(onPromise);
        assertTrue(p.isCancelled());
        assertEquals("early", failure(t).getMessage());
        assertEquals("early too", q.exception().getMessage());
        assertSame(q.exception(), failure(t2), "a promise body is cancelled at once and gives its cancellation");
        assertEquals(0, t.cancelling() + t2.cancelling());
    }

    @Test
    void aCancelAfterTheBodyEndedAsksNothingOfTheTask() {
        Promise<Object> children = new Promise<>();
        Scope s = new Scope(() -> script("quick", 1, (f, v, e) -> "body value"));
        s.after = children;
        Task<Object> t = start(s);
        assertFalse(t.isDone());
        onLoop(() -> s.cancel("late"));
        assertEquals(0, t.cancelling(), "asked nothing of the task");
        assertFalse(children.isDone(), "what the scope waits for after its body is not cancelled");
        onLoop(() -> children.complete("children done"));
        assertEquals("body value+children done", t.result());
    }

    @Test
    void aTaskBodyThatSwallowsTheCancellationGivesItsValueUnlessTheCancellationCameFromOutside() {
        List<String> got = new ArrayList<>();
        Step swallow = (f, v, e) -> got.add(e.getMessage()) ? "kept" : null;
        Task<Object> x1 = loop.createTask(script("x1", 1, (f, v, e) -> await(new Promise<>()), swallow));
        Task<Object> x2 = loop.createTask(script("x2", 1, (f, v, e) -> await(new Promise<>()), swallow));
        Scope s = new Scope(() -> x1);
        Task<Object> byScope = start(s);
        Task<Object> fromOutside = start(new Scope(() -> x2));
        onLoop(() -> {
            s.cancel("deadline");
            fromOutside.cancel("outside");
        });
        assertEquals(List.of("deadline", "outside"), got);
        assertEquals("kept", byScope.result());
        assertEquals(0, byScope.cancelling());
        assertEquals("kept", x2.result());
        assertEquals("outside", failure(fromOutside).getMessage());
        assertEquals(1, fromOutside.cancelling(), "the outside request is not the scope's to withdraw");
    }

    @Test
    void aCancellationTheTaskMadeNamesTheAwaitWhereTheBodyWaited() {
        Promise<Object> p = new Promise<>();
        List<String> got = new ArrayList<>();
        List<Promise<Object>> cleanups = new ArrayList<>();
        // a task still cleaning up when the scope's cancellation reaches the body awaiting it
        Task<Object> x = loop.createTask(slowToStop(got, cleanups, new CancelledException("cleaned up")));
        Promise<Object> py = new Promise<>();
        Task<Object> y = loop.createTask(script("y", 1, (f, v, e) -> await(py), PASS_ON));
        List<Task<Object>> t = new ArrayList<>();
        y.whenDone(() -> t.get(2).cancel("now")); // runs as y succeeds, before the awaiting task's wake-up
        Scope onPromise = new Scope(() -> script("onPromise", 1, (f, v, e) -> await(p), PASS_ON));
        Scope onTask = new Scope(() -> script("onTask", 1, (f, v, e) -> await(x), PASS_ON));
        t.add(start(onPromise));
        t.add(start(onTask));
        t.add(start(new Scope(() -> script("onSucceeding", 1, (f, v, e) -> await(y), PASS_ON))));
        onLoop(() -> {
            onPromise.cancel("stop");
            onTask.cancel("stop");
            py.complete(7);
        });
        assertTrue(traceNames(failure(t.get(0)), "onPromise", 1));
        assertTrue(traceNames(failure(t.get(1)), "onTask", 1));
        assertFalse(x.isDone(), "the body stopped waiting for the task's cleanup: it is not the scope's body");
        assertEquals(7, y.result());
        assertEquals("now", failure(t.get(2)).getMessage(), "the cancellation wins over the value");
        assertTrue(traceNames(failure(t.get(2)), "onSucceeding", 1));
        finishCleanup(loop, cleanups);
        assertTrue(x.isCancelled());
    }

    @Test
    void aCancellationThatIsTheOutcomeOfWhatTheBodyAwaitedIsPassedOnAsItIs() {
        Promise<Object> p = new Promise<>();
        Task<Object> x = loop.createTask(script("x", 1, (f, v, e) -> await(new Promise<>()), PASS_ON));
        Task<Object> t1 = start(new Scope(() -> script("onPromise", 1, (f, v, e) -> await(p), PASS_ON)));
        Task<Object> t2 = start(new Scope(() -> script("onTask", 1, (f, v, e) -> await(x), PASS_ON)));
        onLoop(() -> {
            p.cancel("the promise's own");
            x.cancel("the task's own");
        });
        assertSame(p.exception(), failure(t1));
        assertSame(x.exception(), failure(t2));
        assertFalse(traceNames(failure(t1), "onPromise", 1));
        assertFalse(traceNames(failure(t2), "onTask", 1));
    }

    @Test
    void aCancelAskedDuringALaterStepOfTheBodyIsDeliveredOnceAtItsNextAwaitASecondOneAsksNothingMore() {
        Promise<Object> p1 = new Promise<>();
        Promise<Object> p2 = new Promise<>();
        List<Throwable> got = new ArrayList<>();
        int[] requests = new int[1];
        Scope[] self = new Scope[1];
        self[0] = new Scope(() -> script("mid", 1, (f, v, e) -> await(p1), (f, v, e) -> {
            self[0].cancel("mid");
            self[0].cancel("again");
            requests[0] = Weft.currentTask().cancelling();
            return await(p2);
        }, (f, v, e) -> got.add(e) ? "swallowed" : null));
        Task<Object> t = start(self[0]);
        onLoop(() -> p1.complete("go"));
        assertEquals(1, requests[0]);
        assertTrue(p2.isCancelled());
        assertEquals(1, got.size());
        assertEquals("mid", got.get(0).getMessage());
        assertEquals("swallowed", t.result(), "a body that returns after swallowing keeps its value");
        assertEquals(0, t.cancelling());
    }

    @Test
    void aBodyThatKeepsSwallowingIsCancelledAtEveryAwaitAndMayStillCleanUpWithTheLatestCancellation() {
        List<Throwable> swallowed = new ArrayList<>();
        List<Promise<Object>> waits = new ArrayList<>();
        Promise<Object> cleanup = new Promise<>();
        Scope s = new Scope(() -> repeating("stubborn", 1, (f, v, e) -> {
            if (f.a0 != null) {
                throw Outcomes.sneakyThrow((Throwable) f.a0);
            }
            if (e != null) {
                swallowed.add(e);
            }
            if (swallowed.size() < 70) { // more than the scope remembers
                Promise<Object> w = new Promise<>();
                waits.add(w);
                return await(w);
            }
            f.a0 = e; // a finally block with the latest cancellation live
            return await(cleanup);
        }));
        Task<Object> t = start(s);
        onLoop(() -> s.cancel("deadline"));
        assertEquals(70, swallowed.size());
        assertTrue(waits.stream().allMatch(Promise::isCancelled));
        assertFalse(cleanup.isDone(), "cleanup that carries the cancellation is not cancelled");
        onLoop(() -> cleanup.complete(null));
        assertSame(swallowed.get(69), failure(t));
        assertEquals(0, t.cancelling(), "every one of the scope's requests is withdrawn");
    }

    /** {@code e} as a body keeps it: {@code how} names the wrapping. */
    private static Object kept(String how, Throwable e) {
        RuntimeException other = new RuntimeException("close failed", new IllegalStateException("its cause"));
        other.addSuppressed(new IllegalStateException("unrelated"));
        Throwable deep = e;
        for (int i = 0; i < 12; i++) {
            deep = new RuntimeException(deep);
        }
        return switch (how) {
            case "itself" -> e;
            case "cause" -> new RuntimeException("wrapped", e);
            case "threeDeep" -> new RuntimeException(new RuntimeException(new RuntimeException(e)));
            case "suppressed" -> {
                other.addSuppressed(e);
                yield other;
            }
            case "unrelated" -> other;
            case "tooDeep" -> deep;
            default -> null;
        };
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "itself in a0, 1, a0, itself, true",
            "itself in a1, 2, a1, itself, true",
            "itself in a2 of a wide frame, 3, a2, itself, true",
            "itself in a3 of a wide frame, 4, a3, itself, true",
            "itself in ax[1], 6, ax1, itself, true",
            "as the cause, 1, a0, cause, true",
            "as a suppressed exception, 1, a0, suppressed, true",
            "three causes deep, 1, a0, threeDeep, true",
            "more causes deep than the scan goes, 1, a0, tooDeep, false",
            "an unrelated exception, 1, a0, unrelated, false",
            "nowhere in a wide frame, 4, a3, nothing, false",
            "nowhere in a wide frame with overflow slots, 6, ax1, nothing, false"})
    void aBodyKeepingTheCancellationLiveMayAwaitItsCleanupOneThatDoesNotIsCancelledAgain(
            String what, int refSlots, String slot, String how, boolean cleaningUp) {
        Promise<Object> cleanup = new Promise<>();
        Throwable[] first = new Throwable[1];
        Scope s = new Scope(() -> script("keeper", refSlots, (f, v, e) -> await(new Promise<>()), (f, v, e) -> {
            first[0] = e;
            Object o = kept(how, e);
            switch (slot) {
                case "a0" -> f.a0 = o;
                case "a1" -> f.a1 = o;
                case "a2" -> ((WovenCoroutine.Wide<?>) f).a2 = o;
                case "a3" -> ((WovenCoroutine.Wide<?>) f).a3 = o;
                default -> ((WovenCoroutine.Wide<?>) f).ax[1] = o;
            }
            return await(cleanup);
        }, (f, v, e) -> {
            throw Outcomes.sneakyThrow(first[0]);
        }));
        Task<Object> t = start(s);
        onLoop(() -> s.cancel("deadline"));
        assertEquals(!cleaningUp, cleanup.isCancelled(), what);
        assertEquals(!cleaningUp, t.isDone(), what);
        onLoop(() -> cleanup.complete(null));
        assertSame(first[0], failure(t));
        assertEquals(0, t.cancelling());
    }

    @Test
    void anOuterScopeSeesItsCancellationCarriedByANestedScopeOrKeptByItsBody() {
        Promise<Object> cleanup = new Promise<>();
        Scope inner1 = new Scope(() -> script("innerBody", 1, (f, v, e) -> await(new Promise<>()), (f, v, e) -> {
            f.a0 = e;
            return await(cleanup);
        }, (f, v, e) -> {
            throw Outcomes.sneakyThrow((Throwable) f.a0);
        }));
        List<String> got = new ArrayList<>();
        List<Promise<Object>> cleanups = new ArrayList<>();
        Task<Object> x = loop.createTask(slowToStop(got, cleanups, new CancelledException("cleaned up")));
        Scope inner2 = new Scope(() -> x); // waits for the task's cleanup
        Scope outer1 = new Scope(() -> inner1.frame);
        Scope outer2 = new Scope(() -> inner2.frame);
        Task<Object> t1 = start(outer1);
        Task<Object> t2 = start(outer2);
        onLoop(() -> {
            outer1.cancel("deadline");
            outer2.cancel("deadline");
        });
        assertFalse(cleanup.isCancelled());
        assertEquals(List.of("deadline"), got, "the task's cleanup is not cancelled again");
        onLoop(() -> cleanup.complete(null));
        finishCleanup(loop, cleanups);
        assertEquals("deadline", failure(t1).getMessage());
        assertTrue(x.isCancelled());
        assertInstanceOf(CancelledException.class, failure(t2));
        assertEquals(0, t1.cancelling() + t2.cancelling());
    }

    @Test
    void aNestedScopeThatWasCancelledFirstStillCarriesTheOuterCancellationWhileItsTaskCleansUp() {
        List<String> got = new ArrayList<>();
        List<Promise<Object>> cleanups = new ArrayList<>();
        Task<Object> x = loop.createTask(slowToStop(got, cleanups, new CancelledException("cleaned up")));
        Scope inner = new Scope(() -> x);
        Scope outer = new Scope(() -> inner.frame);
        Task<Object> t = start(outer);
        onLoop(() -> inner.cancel("inner deadline"));
        loop.callSoonThreadsafe(() -> outer.cancel("outer deadline"));
        loop.runUntilComplete(afterPasses(loop, 100)); // bounded: before the fix the loop never went idle
        assertEquals(List.of("inner deadline", "outer deadline"), got,
                "the outer scope cancels the task once, as asyncio does, not again at every pass");
        assertFalse(t.isDone());
        finishCleanup(loop, cleanups);
        assertTrue(x.isCancelled());
        assertInstanceOf(CancelledException.class, failure(t));
        assertEquals(0, t.cancelling());
    }
}
