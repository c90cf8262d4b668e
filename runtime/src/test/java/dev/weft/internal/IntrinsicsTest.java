package dev.weft.internal;

import dev.weft.Coroutine;
import dev.weft.Weft;
import dev.weft.test.HandWoven;
import dev.weft.test.HandWovenSteps;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The calls woven code makes: {@code awaitStart} / {@code awaitStartStage} return the value of what is already done
 * (or throw its failure as it is) and return {@code SUSPENDED} otherwise, refusing {@code await(null)} with the
 * method's name; {@code returnCoroutine} gives a finished coroutine's value at once and hands anything else to the
 * caller's driver as a tail await (a woven one is claimed, so nobody else can await it).
 */
class IntrinsicsTest {
    private static WovenCoroutine<Object> frame(String site) {
        return WovenCoroutine.create(f -> null, site, 0, 0);
    }

    /** {@code @Async Coroutine<Object> m(CompletionStage<?> s) { return of(await(s)); }} */
    private static WovenCoroutine<Object> awaitStage(CompletionStage<?> stage) {
        WovenCoroutine<Object> f = WovenCoroutine.create(IntrinsicsTest::awaitStageBody, "app.Client.call", 0, 1);
        f.a0 = stage;
        return f;
    }

    private static Object awaitStageBody(WovenCoroutine<?> f) {
        switch (f.label) {
            case 0:
                CompletionStage<?> s = (CompletionStage<?>) f.a0;
                f.a0 = null;
                Object r = Intrinsics.awaitStartStage(s, f);
                if (r == Intrinsics.SUSPENDED) {
                    f.label = 1;
                }
                return r;
            case 1:
                return Intrinsics.awaitResume(f);
            default:
                throw Intrinsics.badLabel(f);
        }
    }

    @Test
    void awaitingNullIsRefusedWithTheMethodsName() {
        NullPointerException a = assertThrows(NullPointerException.class, () -> Intrinsics.awaitStart(null, frame("app.Client.call")));
        assertEquals("await(null) in app.Client.call", a.getMessage());
        NullPointerException s = assertThrows(NullPointerException.class,
                () -> Intrinsics.awaitStartStage(null, frame("app.Client.call" + "\0" + "Client.java" + "\0" + "5")));
        assertEquals("await(null) in app.Client.call", s.getMessage());
    }

    @Test
    void aFinishedStageGivesItsValueWithoutSuspending() {
        WovenCoroutine<Object> f = frame("app.Client.call");
        assertEquals("v", Intrinsics.awaitStartStage(CompletableFuture.completedFuture("v"), f));
        assertNull(f.awaiting(), "nothing to wait for");
        IOException disk = new IOException("disk");
        assertSame(disk, assertThrows(IOException.class,
                () -> Intrinsics.awaitStartStage(CompletableFuture.failedFuture(disk), f)), "the failure as it is, unwrapped");
    }

    @Test
    void aPendingStageSuspendsAndResumesTheTaskWhenItCompletesOnAnotherThread() throws Exception {
        CompletableFuture<String> later = new CompletableFuture<>();
        WovenCoroutine<Object> f = frame("app.Client.call");
        assertSame(Intrinsics.SUSPENDED, Intrinsics.awaitStartStage(later, f));
        assertFalse(f.awaiting().isDone());
        CompletableFuture<String> other = new CompletableFuture<>();
        Thread completer = new Thread(() -> other.complete("from another thread"));
        Object got = Weft.run(HandWovenSteps.script("main", r -> {
            if (r.n == 0) {
                completer.start();
                return r.await(Weft.spawn(awaitStage(other)));
            }
            return r.value();
        }));
        completer.join();
        assertEquals("from another thread", got);
    }

    @Test
    void returningAFinishedCoroutineOrNullGivesTheValueAtOnce() {
        WovenCoroutine<Object> f = frame("app.Client.call");
        assertNull(Intrinsics.returnCoroutine(null, f));
        assertEquals(3, Intrinsics.returnCoroutine(Coroutine.of(3), f));
        assertFalse(f.tail, "no tail await");
    }

    @Test
    void returningAWovenCoroutineClaimsItForTheCallersDriver() {
        WovenCoroutine<Object> f = frame("app.Client.call");
        WovenCoroutine<Object> child = (WovenCoroutine<Object>) HandWoven.<Object>awaitOne(Coroutine.of("x"));
        assertSame(Intrinsics.SUSPENDED, Intrinsics.returnCoroutine(child, f));
        assertTrue(f.tail);
        assertSame(child, f.awaiting());
        assertSame(f, child.parent());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Weft.run(child));
        assertTrue(e.getMessage().contains("already awaited"), e.getMessage());
    }

    @Test
    void returningACoroutineWovenElsewhereIsATailAwaitOfIt() {
        WovenCoroutine<Object> f = frame("app.Client.call");
        HandWovenSteps.Foreign<String> foreign = new HandWovenSteps.Foreign<>();
        assertSame(Intrinsics.SUSPENDED, Intrinsics.returnCoroutine(foreign, f));
        assertTrue(f.tail);
        assertSame(foreign, f.awaiting());
    }
}
