package dev.weft.it.hardening;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Coroutine;
import dev.weft.EventLoop;
import dev.weft.ManualClock;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.Weft;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static dev.weft.Weft.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Shutdown is total: {@code Weft.run} and {@code EventLoop.close()} cancel every task, tasks spawned by the
 * cleanup of others included, until none is left; a task that will not end within the shutdown timeout is reported
 * by name and abandoned instead of being waited for forever.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ShutdownTest {

    @Async
    static Coroutine<Void> worker(List<String> log, boolean awaitTheFlush) {
        try {
            await(Weft.sleep(Duration.ofHours(1)));
        } finally {
            log.add("worker cleaning up");
            Task<Void> flush = Weft.spawn(flush(log));
            if (awaitTheFlush) {
                await(flush);
            }
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> flush(List<String> log) {
        try {
            await(Weft.sleep(Duration.ofMillis(5)));
            log.add("flushed");
        } catch (CancelledException e) {
            log.add("flush cancelled");
            throw e;
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<String> mainSpawning(List<String> log, boolean awaitTheFlush) {
        Weft.spawn(worker(log, awaitTheFlush), "worker");
        await(Weft.sleep(Duration.ZERO));
        return Coroutine.of("main done");
    }

    @Test
    void aFlushAwaitedInCleanupRunsToItsEnd() {
        List<String> log = new CopyOnWriteArrayList<>();
        assertEquals("main done", Weft.run(mainSpawning(log, true)));
        assertEquals(List.of("worker cleaning up", "flushed"), log);
    }

    @Test
    void aTaskSpawnedByCleanupAndLeftRunningIsCancelledInTheNextRound() {
        List<String> log = new CopyOnWriteArrayList<>();
        assertEquals("main done", Weft.run(mainSpawning(log, false), new EventLoop(ManualClock.autoAdvancing())));
        assertEquals(List.of("worker cleaning up", "flush cancelled"), log);
    }

    /** Swallows every cancellation and waits again, on a fresh promise (cancelling the task cancels the one it awaits). */
    @Async
    static Coroutine<Void> stubborn(List<String> log) {
        while (true) {
            try {
                await(new Promise<Void>());
            } catch (CancelledException e) {
                log.add("stubborn swallowed: " + e.getMessage());
            }
        }
    }

    @Async
    static Coroutine<String> mainLeavingAStubbornTask(List<String> log, List<CompletableFuture<Void>> future) {
        Task<Void> t = Weft.spawn(stubborn(log), "stubborn");
        future.add(t.toCompletableFuture());
        await(Weft.sleep(Duration.ZERO));
        return Coroutine.of("main done");
    }

    @Test
    void aTaskThatRefusesToEndIsReportedByNameAndAbandoned() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        List<String> reports = new CopyOnWriteArrayList<>();
        List<CompletableFuture<Void>> future = new CopyOnWriteArrayList<>();
        EventLoop loop = new EventLoop();
        loop.setShutdownTimeout(Duration.ofMillis(200));
        loop.setExceptionHandler((l, message, e) -> reports.add(message));
        long start = System.nanoTime();
        assertEquals("main done", Weft.run(mainLeavingAStubbornTask(log, future), loop));
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMillis < 10_000, "took " + tookMillis + " ms");
        assertEquals(List.of("stubborn swallowed: event loop is shutting down"), log);
        assertEquals(1, reports.size(), reports.toString());
        assertTrue(reports.get(0).startsWith("task stubborn did not finish within the shutdown timeout of 200 ms"),
                reports.get(0));
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(0).get(5, TimeUnit.SECONDS));
        assertInstanceOf(CancelledException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("abandoned"), e.getCause().getMessage());
    }

    @Async
    static Coroutine<Void> waitsAndRecords(List<String> log) {
        try {
            await(Weft.sleep(Duration.ofHours(1)));
        } finally {
            log.add("cleaned up");
        }
        return Coroutine.done();
    }

    @Test
    void closingALoopThatIsNotRunningStillRunsTheCleanupOfItsTasks() {
        List<String> log = new CopyOnWriteArrayList<>();
        EventLoop loop = new EventLoop();
        Task<Void> t = loop.createTask(waitsAndRecords(log));
        loop.runUntilComplete(Weft.sleep(Duration.ofMillis(1)));
        assertFalse(t.isDone());
        loop.close();
        assertTrue(t.isCancelled());
        assertEquals(List.of("cleaned up"), log);
        assertTrue(loop.isClosed());
        loop.close(); // idempotent
    }

    @Async
    static Coroutine<Void> failsInCleanup() {
        try {
            await(Weft.sleep(Duration.ofHours(1)));
        } finally {
            failCleanup();
        }
        return Coroutine.done();
    }

    static void failCleanup() {
        throw new IllegalStateException("cleanup failed");
    }

    @Async
    static Coroutine<String> mainLeaving(Coroutine<Void> child) {
        Weft.spawn(child, "child");
        await(Weft.sleep(Duration.ZERO));
        return Coroutine.of("main done");
    }

    @Test
    void aFailureDuringShutdownIsReportedAtOnce() {
        List<String> reports = new CopyOnWriteArrayList<>();
        EventLoop loop = new EventLoop();
        loop.setExceptionHandler((l, message, e) -> reports.add(message + " / " + (e == null ? null : e.getMessage())));
        assertEquals("main done", Weft.run(mainLeaving(failsInCleanup()), loop));
        assertEquals(List.of("unhandled exception during event loop shutdown: task child failed / cleanup failed"), reports);
    }

    @Test
    void aClosedLoopRefusesNewWork() {
        EventLoop loop = new EventLoop();
        loop.close();
        assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(Weft.sleep(Duration.ofMillis(1))));
        assertThrows(IllegalStateException.class, () -> loop.createTask(Coroutine.of(1)));
        assertThrows(IllegalStateException.class, () -> loop.callSoonThreadsafe(() -> { }));
        assertThrows(IllegalStateException.class, () -> loop.callLater(Duration.ZERO, () -> { }));
    }
}
