package dev.weft.internal;

import dev.weft.Awaitable;
import dev.weft.CancelledException;
import dev.weft.Coroutine;
import dev.weft.EventLoop;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.test.HandWovenSteps.Foreign;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The driving protocol, with bodies written by hand the way the weaver writes them: a switch on the label,
 * {@code awaitStart} / {@code awaitResume} around each await, {@code SUSPENDED} to suspend. A tail await
 * ({@code return other;}) of a coroutine not woven by Weft completes with its outcome, inline if it is already done;
 * a coroutine closed before its task started ends that task cancelled, without running.
 */
class TrampolineTest {

    /** {@code @Async Coroutine<Integer> chain(int n) { return of(n == 0 ? 0 : await(chain(n - 1)) + 1); }} */
    static WovenCoroutine<Integer> chain(int n) {
        WovenCoroutine<Integer> f = WovenCoroutine.create(TrampolineTest::chainBody, "chain", 1, 0);
        f.j0 = n;
        return f;
    }

    static Object chainBody(WovenCoroutine<?> f) {
        Object r;
        switch (f.label) {
            case 0:
                int n = (int) f.j0;
                if (n == 0) {
                    return 0;
                }
                r = Intrinsics.awaitStart(chain(n - 1), f);
                if (r == Intrinsics.SUSPENDED) {
                    f.label = 1;
                    return Intrinsics.SUSPENDED;
                }
                break;
            case 1:
                r = Intrinsics.awaitResume(f);
                break;
            default:
                throw Intrinsics.badLabel(f);
        }
        return (Integer) r + 1;
    }

    /** {@code @Async Coroutine<Object> awaitOne(Awaitable<?> a) { return of(await(a)); }} */
    static WovenCoroutine<Object> awaitOne(Awaitable<?> a) {
        return dev.weft.test.HandWoven.awaitOne(a);
    }

    @Test
    void deepChainsRunInBoundedJavaStack() {
        assertEquals(200_000, Weft.run(chain(200_000)));
    }

    @Test
    void shallowChainsCompleteWithoutSuspending() {
        WovenCoroutine<Integer> top = chain(5);
        assertNull(Trampoline.start(top), "five levels run inline: nothing to wait for");
        assertEquals(5, top.result());
        assertEquals(Coroutine.State.CLOSED, top.state());
    }

    @Test
    void aSuspendedChainResumesFromItsInnermostFrame() {
        Promise<String> p = new Promise<>();
        WovenCoroutine<Object> outer = awaitOne(awaitOne(awaitOne(p)));
        WovenCoroutine<?> innermost = Trampoline.start(outer);
        assertNotNull(innermost);
        assertSame(p, innermost.awaiting());
        assertEquals(Coroutine.State.SUSPENDED, outer.state());
        p.complete("v");
        assertNull(Trampoline.resume(innermost, p.result(), null));
        assertEquals("v", outer.result());
    }

    @Test
    void aFailurePropagatesUpTheChainAsItIs() {
        Promise<String> p = new Promise<>();
        WovenCoroutine<Object> outer = awaitOne(awaitOne(p));
        WovenCoroutine<?> innermost = Trampoline.start(outer);
        IllegalStateException boom = new IllegalStateException("boom");
        assertNull(Trampoline.resume(innermost, null, boom));
        assertSame(boom, outer.exception());
    }

    @Test
    void aCoroutineCannotBeAwaitedTwice() {
        WovenCoroutine<Integer> shared = chain(1);
        assertEquals(1, Weft.run(shared));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Weft.run(awaitOne(shared)));
        assertTrue(e.getMessage().contains("already awaited"));
    }

    @Test
    void returningAnotherCoroutineCompletesWithItsOutcome() {
        WovenCoroutine<Object> f = WovenCoroutine.create(frame -> Intrinsics.returnCoroutine(chain(3), frame), "tail", 0, 0);
        assertEquals(3, Weft.run(f));
        WovenCoroutine<Object> done = WovenCoroutine.create(frame -> Intrinsics.returnCoroutine(Coroutine.of("x"), frame), "tail", 0, 0);
        assertEquals("x", Weft.run(done));
    }

    @Test
    void anUnknownLabelIsReported() {
        WovenCoroutine<Integer> f = chain(1);
        f.label = 7;
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Weft.run(f));
        assertTrue(e.getMessage().contains("unknown label 7"), e.getMessage());
    }

    @Test
    void closingACreatedCoroutineMeansItNeverRuns() {
        List<String> log = new ArrayList<>();
        WovenCoroutine<Object> f = WovenCoroutine.create(frame -> {
            log.add("ran");
            return null;
        }, "never", 0, 0);
        f.close();
        assertEquals(Coroutine.State.CLOSED, f.state());
        assertThrows(IllegalStateException.class, () -> Weft.run(f));
        assertTrue(log.isEmpty());
    }

    @Test
    void outsideALoopWhenDoneIsRefusedWithAHint() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> chain(1).whenDone(() -> { }));
        assertTrue(e.getMessage().contains("spawn it as a Task"));
    }

    @Test
    void aTaskWhoseCoroutineWasClosedBeforeItStartedEndsCancelledWithoutRunning() {
        List<String> log = new ArrayList<>();
        WovenCoroutine<Object> f = WovenCoroutine.create(frame -> {
            log.add("ran");
            return 42;
        }, "app.Owner.answer", 0, 0);
        EventLoop loop = new EventLoop();
        Task<Object> task = loop.createTask(f);
        f.close();
        loop.runUntilIdle();
        assertTrue(task.isDone());
        assertTrue(task.isCancelled(), "not a null result the body never produced: " + task);
        assertEquals("coroutine app.Owner.answer was closed before it started", task.exception().getMessage());
        assertTrue(log.isEmpty());
        loop.close();
    }

    /** {@code @Async Coroutine<T> m() { return other; }} */
    static WovenCoroutine<Object> returning(Coroutine<?> other) {
        return WovenCoroutine.create(frame -> Intrinsics.returnCoroutine(other, frame), "app.Owner.delegate", 0, 0);
    }

    @Test
    void aTailAwaitOfAFinishedForeignCoroutineCompletesInline() {
        Foreign<String> done = new Foreign<>();
        done.promise.complete("value");
        WovenCoroutine<Object> f = returning(done);
        assertNull(Trampoline.start(f), "nothing to wait for");
        assertEquals("value", f.result());

        Foreign<String> failed = new Foreign<>();
        IllegalStateException boom = new IllegalStateException("boom");
        failed.promise.fail(boom);
        WovenCoroutine<Object> g = returning(failed);
        assertNull(Trampoline.start(g));
        assertSame(boom, g.exception());
    }

    @Test
    void aTailAwaitOfAPendingForeignCoroutineWaitsForIt() {
        Foreign<String> pending = new Foreign<>();
        WovenCoroutine<Object> f = returning(pending);
        EventLoop loop = new EventLoop();
        Task<Object> task = loop.createTask(awaitOne(f));
        loop.runUntilIdle();
        assertFalse(task.isDone());
        assertEquals(Coroutine.State.SUSPENDED, f.state());
        pending.promise.complete("later");
        loop.runUntilIdle();
        assertEquals("later", task.result());
        loop.close();
    }

    @Test
    void aCoroutineClosedWhileItsTaskWaitsEndsTheTaskWithTheClose() {
        Promise<String> never = new Promise<>();
        WovenCoroutine<Object> inner = awaitOne(never);
        EventLoop loop = new EventLoop();
        Task<Object> task = loop.createTask(awaitOne(inner));
        loop.runUntilIdle();
        inner.close();
        never.complete("too late");
        loop.runUntilIdle();
        assertEquals("coroutine HandWoven.awaitOne was closed", assertInstanceOf(CancelledException.class, task.exception()).getMessage());
        loop.close();
    }
}
