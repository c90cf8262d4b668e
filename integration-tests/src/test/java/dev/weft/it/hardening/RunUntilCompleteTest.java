package dev.weft.it.hardening;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.EventLoop;
import dev.weft.Promise;
import dev.weft.Weft;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.weft.Weft.await;
import static org.junit.jupiter.api.Assertions.*;

/** {@code runUntilComplete} wakes up for whatever completes its target, on any thread, and drives coroutines. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class RunUntilCompleteTest {

    @Test
    void aPromiseCompletedOnAnotherThreadEndsTheRun() {
        Promise<String> promise = new Promise<>();
        try (EventLoop loop = new EventLoop()) {
            CompletableFuture.runAsync(() -> {
                DebugModeWakeUpTest.sleepQuietly(30);
                promise.complete("from another thread");
            });
            loop.runUntilComplete(promise);
            assertEquals("from another thread", promise.result());
        }
    }

    @Test
    void aPromiseFailedOnAnotherThreadEndsTheRunToo() {
        Promise<String> promise = new Promise<>();
        try (EventLoop loop = new EventLoop()) {
            CompletableFuture.runAsync(() -> {
                DebugModeWakeUpTest.sleepQuietly(30);
                promise.fail(new IllegalArgumentException("failed elsewhere"));
            });
            loop.runUntilComplete(promise);
            assertEquals("failed elsewhere", promise.exception().getMessage());
        }
    }

    @Async
    static Coroutine<Integer> sleepThenAnswer() {
        await(Weft.sleep(Duration.ofMillis(2)));
        return Coroutine.of(42);
    }

    @Test
    void aCoroutineTargetIsRunAsATask() {
        Coroutine<Integer> c = sleepThenAnswer();
        try (EventLoop loop = new EventLoop()) {
            loop.runUntilComplete(c);
            assertEquals(42, c.result());
        }
    }
}
