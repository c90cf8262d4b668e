package dev.weft.internal;

import dev.weft.CancelledException;
import dev.weft.Coroutine;
import dev.weft.Promise;
import dev.weft.test.HandWoven;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The coroutine object of a woven call: its outcome is readable only once it is closed (a failure is thrown by
 * {@code result()} as the Awaitable contract says: unchecked as it is, checked wrapped); a done-callback runs at once
 * once closed; closing it before it started makes a CancelledException its outcome (never a null value the body did
 * not produce); and {@code close()} on a suspended frame delivers a CancelledException at its await, closes the child
 * coroutine it awaits (also in a tail await, {@code return other;}), and reports a different exception thrown by the
 * cleanup, while the frame's own outcome stays "was closed".
 */
class WovenCoroutineTest {
    /** {@code @Async Coroutine<Object> m() { throw failure; }} */
    private static WovenCoroutine<Object> throwing(Throwable failure) {
        return WovenCoroutine.create(f -> {
            throw Outcomes.sneakyThrow(failure);
        }, "app.Owner.throwing", 0, 0);
    }

    /**
     * {@code @Async m(Promise p) { try { await(p); } catch (CancelledException e) { log; throw replacement (or e); } }}.
     */
    private static WovenCoroutine<Object> cleanupThatThrows(Promise<?> p, List<String> log, CancelledException replacement) {
        WovenCoroutine<Object> f = WovenCoroutine.create(frame -> {
            switch (frame.label) {
                case 0:
                    Object r = Intrinsics.awaitStart(p, frame);
                    if (r == Intrinsics.SUSPENDED) {
                        frame.label = 1;
                    }
                    return r;
                case 1:
                    try {
                        return Intrinsics.awaitResume(frame);
                    } catch (CancelledException e) {
                        log.add("cleanup saw: " + e.getMessage());
                        throw replacement != null ? replacement : e;
                    }
                default:
                    throw Intrinsics.badLabel(frame);
            }
        }, "app.Owner.cleanup", 0, 0);
        return f;
    }

    @Test
    void itsOutcomeIsReadableOnlyOnceClosed() {
        WovenCoroutine<Object> f = WovenCoroutine.create(frame -> "v", "app.Owner.value", 0, 0);
        assertFalse(f.isDone());
        assertEquals("coroutine app.Owner.value is not done", assertThrows(IllegalStateException.class, f::result).getMessage());
        assertThrows(IllegalStateException.class, f::exception);
        assertNull(Trampoline.start(f));
        assertTrue(f.isDone());
        assertEquals("v", f.result());
        assertNull(f.exception());
        assertEquals("Coroutine[app.Owner.value, CLOSED]", f.toString());
    }

    @Test
    void aFailedCoroutineThrowsItsFailureFromResult() {
        IllegalStateException boom = new IllegalStateException("boom");
        WovenCoroutine<Object> f = throwing(boom);
        Trampoline.start(f);
        assertSame(boom, f.exception());
        assertSame(boom, assertThrows(IllegalStateException.class, f::result));

        IOException disk = new IOException("disk");
        WovenCoroutine<Object> checked = throwing(disk);
        Trampoline.start(checked);
        assertSame(disk, checked.exception());
        assertSame(disk, assertThrows(CompletionException.class, checked::result).getCause());
    }

    @Test
    void aCoroutineClosedBeforeItStartedHasTheCloseAsItsOutcome() {
        List<String> log = new ArrayList<>();
        WovenCoroutine<Object> f = WovenCoroutine.create(frame -> log.add("ran"), "app.Owner.never", 0, 1);
        f.a0 = "an argument";
        f.close();
        assertTrue(f.isDone());
        CancelledException closed = assertInstanceOf(CancelledException.class, f.exception());
        assertEquals("coroutine app.Owner.never was closed before it started", closed.getMessage());
        assertSame(closed, assertThrows(CancelledException.class, f::result), "not a value the body never produced");
        assertNull(f.a0, "it keeps nothing");
        assertTrue(log.isEmpty());
    }

    @Test
    void aDoneCallbackRunsAtOnceOnceClosed() {
        WovenCoroutine<Object> f = WovenCoroutine.create(frame -> "v", "app.Owner.value", 0, 0);
        Trampoline.start(f);
        List<String> ran = new ArrayList<>();
        f.whenDone(() -> ran.add("ran"));
        assertEquals(List.of("ran"), ran);
    }

    @Test
    void closingATailAwaitClosesTheReturnedCoroutineToo() {
        Promise<String> never = new Promise<>();
        WovenCoroutine<Object> inner = (WovenCoroutine<Object>) HandWoven.<Object>awaitOne(never);
        WovenCoroutine<Object> outer = WovenCoroutine.create(frame -> Intrinsics.returnCoroutine(inner, frame), "app.Owner.tail", 0, 0);
        WovenCoroutine<?> innermost = Trampoline.start(outer);
        assertSame(inner, innermost);
        assertEquals(Coroutine.State.SUSPENDED, outer.state());
        outer.close();
        assertEquals(Coroutine.State.CLOSED, inner.state());
        assertEquals(Coroutine.State.CLOSED, outer.state());
        assertEquals("coroutine app.Owner.tail was closed",
                assertInstanceOf(CancelledException.class, outer.exception()).getMessage());
        assertEquals("coroutine HandWoven.awaitOne was closed",
                assertInstanceOf(CancelledException.class, inner.exception()).getMessage());
        assertNull(outer.awaiting());
    }

    @Test
    void closingATailAwaitOfAForeignCoroutineEndsTheFrame() {
        dev.weft.test.HandWovenSteps.Foreign<String> foreign = new dev.weft.test.HandWovenSteps.Foreign<>();
        WovenCoroutine<Object> outer = WovenCoroutine.create(frame -> Intrinsics.returnCoroutine(foreign, frame), "app.Owner.tail", 0, 0);
        assertSame(outer, Trampoline.start(outer));
        outer.close();
        assertInstanceOf(CancelledException.class, outer.exception());
        assertFalse(outer.tail);
    }

    @Test
    void aDifferentCancellationThrownByTheCleanupIsReported() {
        List<String> log = new ArrayList<>();
        CancelledException replacement = new CancelledException("the cleanup was cancelled as well");
        WovenCoroutine<Object> f = cleanupThatThrows(new Promise<>(), log, replacement);
        Trampoline.start(f);
        assertSame(replacement, assertThrows(CancelledException.class, f::close));
        assertEquals(List.of("cleanup saw: coroutine app.Owner.cleanup was closed"), log);
        assertEquals(Coroutine.State.CLOSED, f.state());
        assertEquals("coroutine app.Owner.cleanup was closed", f.exception().getMessage(), "its outcome is the close");
    }

    @Test
    void rethrowingTheCloseItselfIsAQuietClose() {
        List<String> log = new ArrayList<>();
        WovenCoroutine<Object> f = cleanupThatThrows(new Promise<>(), log, null);
        Trampoline.start(f);
        assertDoesNotThrow(f::close);
        assertEquals(1, log.size());
        assertEquals(Coroutine.State.CLOSED, f.state());
        f.close();
        assertEquals(1, log.size(), "closing a closed coroutine does nothing");
    }
}
