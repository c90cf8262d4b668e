package dev.weft.it.hardening;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.EventLoop;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.Weft;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.weft.Weft.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Each done-callback is isolated, as each asyncio callback is its own handle: one that throws is reported to the
 * loop's exception handler (or logged, off any loop), every other callback still runs, and the completer never
 * sees the failure.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class CallbackIsolationTest {

    @Test
    void aThrowingCallbackNeitherStopsTheOthersNorReachesTheCompleter() {
        Promise<String> promise = new Promise<>();
        List<String> ran = new ArrayList<>();
        promise.whenDone(() -> ran.add("first"));
        promise.whenDone(() -> {
            throw new IllegalStateException("a broken callback");
        });
        promise.whenDone(() -> ran.add("third"));
        assertTrue(promise.complete("value"));
        assertEquals(List.of("first", "third"), ran);
        assertEquals("value", promise.result());
    }

    @Async
    static Coroutine<String> completeWithABrokenCallback(Promise<String> promise, List<String> ran) {
        promise.whenDone(() -> {
            throw new IllegalStateException("a broken callback");
        });
        promise.whenDone(() -> ran.add("after the broken one"));
        promise.complete("done");
        return Coroutine.of(await(promise));
    }

    @Test
    void onALoopTheFailureGoesToTheLoopsExceptionHandler() {
        List<String> reports = new CopyOnWriteArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        EventLoop loop = new EventLoop();
        loop.setExceptionHandler((l, message, e) -> {
            reports.add(message);
            failures.add(e);
        });
        List<String> ran = new ArrayList<>();
        assertEquals("done", Weft.run(completeWithABrokenCallback(new Promise<>(), ran), loop));
        assertEquals(List.of("after the broken one"), ran);
        assertEquals(1, reports.size(), reports.toString());
        assertTrue(reports.get(0).startsWith("exception in done callback"), reports.get(0));
        assertEquals("a broken callback", failures.get(0).getMessage());
    }

    @Async
    static Coroutine<String> awaitShared(Promise<String> shared, CountDownLatch waiting) {
        waiting.countDown();
        return Coroutine.of(await(shared) + " on " + Thread.currentThread().getName());
    }

    /**
     * A wake-up into a closed loop (here: a callback that hands work to a loop that is closed) registered first on a
     * promise shared between loops must not keep the other loops' awaiters from waking up.
     */
    @Test
    void aCallbackIntoAClosedLoopDoesNotStarveTheAwaitersOfOtherLoops() throws Exception {
        EventLoop closed = new EventLoop();
        closed.close();
        Promise<String> shared = new Promise<>();
        shared.whenDone(() -> closed.callSoonThreadsafe(() -> { }));
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<String> other = CompletableFuture.supplyAsync(() -> Weft.run(awaitShared(shared, waiting)),
                command -> new Thread(command, "other-loop").start());
        waiting.await();
        assertTrue(shared.complete("value"));
        assertEquals("value on other-loop", other.get(10, TimeUnit.SECONDS));
    }

    @Async
    static Coroutine<Integer> childDoneCallbacks(List<String> ran) {
        Task<Integer> child = Weft.spawn(Coroutine.of(1));
        child.whenDone(() -> {
            throw new IllegalStateException("broken task callback");
        });
        child.whenDone(() -> ran.add("second task callback"));
        child.addDoneCallback(t -> ran.add("scheduled callback"));
        return Coroutine.of(await(child));
    }

    @Test
    void aTasksCallbacksAreIsolatedToo() {
        List<String> reports = new CopyOnWriteArrayList<>();
        EventLoop loop = new EventLoop();
        loop.setExceptionHandler((l, message, e) -> reports.add(message + ": " + (e == null ? "" : e.getMessage())));
        List<String> ran = new CopyOnWriteArrayList<>();
        assertEquals(1, Weft.run(childDoneCallbacks(ran), loop));
        assertEquals(List.of("second task callback", "scheduled callback"), ran);
        assertEquals(1, reports.size(), reports.toString());
        assertTrue(reports.get(0).endsWith("broken task callback"), reports.get(0));
    }

    @Test
    void offAnyLoopTheCompleterThreadIsSparedToo() throws Exception {
        Promise<Integer> promise = new Promise<>();
        List<String> ran = new CopyOnWriteArrayList<>();
        promise.whenDone(() -> {
            throw new IllegalStateException("broken");
        });
        promise.whenDone(() -> ran.add("ran"));
        CompletableFuture<Boolean> completed = CompletableFuture.supplyAsync(() -> promise.complete(7));
        assertTrue(completed.get(5, TimeUnit.SECONDS));
        assertEquals(List.of("ran"), ran);
    }
}
