package dev.weft.it.hardening;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.EventLoop;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.Weft;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.weft.Weft.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Debug mode must never break the runtime's own wake-ups: a task woken from another thread (a worker of
 * {@code toThread}, a CompletableFuture or a promise finished elsewhere, a cancellation from another thread)
 * resumes as without debug mode. Only the user's own {@code callSoon} from a foreign thread is refused.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class DebugModeWakeUpTest {

    @Async
    static Coroutine<Integer> awaitToThread() {
        int a = await(Weft.toThread(() -> 40));
        int b = await(Weft.toThread(() -> 2));
        return Coroutine.of(a + b);
    }

    @Test
    void toThreadResumesInDebugMode() {
        assertEquals(42, Weft.run(awaitToThread(), true));
    }

    @Async
    static Coroutine<String> awaitFuture(CompletableFuture<String> future) {
        return Coroutine.of(await(future));
    }

    @Test
    void aCompletableFutureFinishedOnAnotherThreadResumesInDebugMode() {
        CompletableFuture<String> future = CompletableFuture.supplyAsync(() -> {
            sleepQuietly(30);
            return "elsewhere";
        });
        assertEquals("elsewhere", Weft.run(awaitFuture(future), true));
    }

    @Async
    static Coroutine<Integer> awaitPromise(Promise<Integer> promise, CountDownLatch waiting) {
        waiting.countDown();
        return Coroutine.of(await(promise) + 1);
    }

    @Test
    void aPromiseCompletedOnAnotherThreadResumesInDebugMode() {
        Promise<Integer> promise = new Promise<>();
        CountDownLatch waiting = new CountDownLatch(1);
        Thread completer = new Thread(() -> {
            awaitQuietly(waiting);
            sleepQuietly(20);
            promise.complete(41);
        });
        completer.start();
        assertEquals(42, Weft.run(awaitPromise(promise, waiting), true));
    }

    @Async
    static Coroutine<String> cancelledFromAnotherThread() {
        Task<Void> sleeper = Weft.spawn(sleepLong());
        Thread canceller = new Thread(() -> {
            sleepQuietly(20);
            sleeper.cancel("from another thread");
        });
        canceller.start();
        try {
            await(sleeper);
            return Coroutine.of("not cancelled");
        } catch (dev.weft.CancelledException e) {
            return Coroutine.of("cancelled: " + e.getMessage());
        }
    }

    @Async
    static Coroutine<Void> sleepLong() {
        await(Weft.sleep(java.time.Duration.ofMinutes(10)));
        return Coroutine.done();
    }

    @Test
    void aCancellationFromAnotherThreadReachesTheTaskInDebugMode() {
        assertEquals("cancelled: from another thread", Weft.run(cancelledFromAnotherThread(), true));
    }

    @Async
    static Coroutine<String> callSoonFromAnotherThread() {
        EventLoop loop = EventLoop.current();
        CompletableFuture<String> refusal = CompletableFuture.supplyAsync(() -> {
            try {
                loop.callSoon(() -> { });
                return "accepted";
            } catch (IllegalStateException e) {
                return e.getMessage();
            }
        });
        return Coroutine.of(await(refusal));
    }

    @Test
    void theUsersCallSoonFromAnotherThreadIsStillRefusedInDebugMode() {
        String message = Weft.run(callSoonFromAnotherThread(), true);
        assertTrue(message.startsWith("callSoon called from thread"), message);
        assertTrue(message.contains("callSoonThreadsafe"), message);
    }

    static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
