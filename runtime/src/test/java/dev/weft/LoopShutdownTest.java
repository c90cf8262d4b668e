package dev.weft;

import dev.weft.test.HandWoven;
import dev.weft.test.LoopHandWoven;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.weft.test.LoopHandWoven.awaitThen;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Pins {@link LoopShutdown}, how a closing loop ends its tasks: every task is cancelled and its cleanup runs (tasks
 * the cleanup spawns start before they are cancelled in turn); a cleanup that fails with anything but a
 * cancellation is reported unless someone looked at that failure; the shutdown bound must not be negative, and a
 * task still running at the bound is reported and abandoned; what is still queued when the loop closes is
 * rejected: a plain callback is reported dropped, work with a future is failed (a rejection that throws is
 * reported), and neither a task's step nor the loop's own wake-up is reported as a dropped callback.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LoopShutdownTest {

    private static List<String> reportsOf(EventLoop loop) {
        List<String> reports = java.util.Collections.synchronizedList(new ArrayList<>());
        loop.setExceptionHandler((l, message, e) -> reports.add(message + (e == null ? "" : " [" + e.getMessage() + "]")));
        return reports;
    }

    @Test
    void aCleanupFailureNobodyLookedAtIsReported() {
        EventLoop loop = new EventLoop();
        List<String> reports = reportsOf(loop);
        Task<Object> failing = loop.createTask(awaitThen(Promise::new, (v, f) -> {
            throw new IllegalStateException("cleanup failed");
        }), "failing");
        Task<Object> looked = loop.createTask(awaitThen(Promise::new, (v, f) -> {
            throw new IllegalStateException("looked at");
        }), "looked");
        Task<Object> looker = loop.createTask(awaitThen(Promise::new, (v, f) -> Coroutine.of(looked.exception())), "looker");
        Task<Object> cancelled = loop.createTask(HandWoven.awaitOne(new Promise<>()), "cancelled");
        loop.runUntilIdle();
        loop.close();
        assertEquals(List.of("unhandled exception during event loop shutdown: task failing failed [cleanup failed]"),
                reports);
        assertEquals("looked at", ((Throwable) looker.result()).getMessage());
        assertTrue(cancelled.isCancelled());
        assertInstanceOf(IllegalStateException.class, failing.exception());
    }

    @Test
    void theShutdownBoundMustNotBeNegativeAndZeroAbandonsAtOnce() {
        EventLoop loop = new EventLoop();
        List<String> reports = reportsOf(loop);
        assertThrows(IllegalArgumentException.class, () -> loop.setShutdownTimeout(null));
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> loop.setShutdownTimeout(Duration.ofMillis(-1)));
        assertTrue(negative.getMessage().contains("must not be negative"));
        loop.setShutdownTimeout(Duration.ZERO);
        AtomicBoolean cleanupRan = new AtomicBoolean();
        Task<Object> task = loop.createTask(awaitThen(Promise::new, (v, f) -> {
            cleanupRan.set(true);
            return Coroutine.of(null);
        }), "worker");
        loop.runUntilIdle();
        loop.close();
        assertTrue(task.isCancelled());
        assertFalse(cleanupRan.get(), "no time for cleanup: the task was abandoned");
        assertEquals(1, reports.size(), reports.toString());
        assertTrue(reports.get(0).startsWith("task worker did not finish within the shutdown timeout of 0 ms"));
    }

    @Test
    void aCleanupThatAwaitsWithinTheBoundFinishesAndWhatItSpawnsStarts() {
        EventLoop loop = new EventLoop();
        List<String> reports = reportsOf(loop);
        AtomicBoolean spawnedStarted = new AtomicBoolean();
        List<Task<?>> spawned = new ArrayList<>();
        Task<Object> task = loop.createTask(awaitThen(Promise::new, (v, f) -> {
            spawned.add(Weft.spawn(HandWoven.awaitingWhatIsMadeAtStart(() -> {
                spawnedStarted.set(true);
                return new Promise<>();
            })));
            return LoopHandWoven.<Object>awaitThen(() -> Weft.sleep(Duration.ofMillis(20)), (v2, f2) -> Coroutine.of("cleaned up"));
        }));
        loop.runUntilIdle();
        long start = System.nanoTime();
        loop.close();
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos());
        assertEquals("cleaned up", task.result());
        assertTrue(spawnedStarted.get(), "a task spawned by the cleanup runs its first step");
        assertTrue(spawned.get(0).isCancelled(), "and is then cancelled in the next round");
        assertEquals(List.of(), reports);
    }

    @Test
    void aTaskStillRunningAtTheBoundIsReportedAndAbandoned() {
        EventLoop loop = new EventLoop();
        List<String> reports = reportsOf(loop);
        loop.setShutdownTimeout(Duration.ofMillis(100));
        Task<Object> stubborn = loop.createTask(awaitThen(Promise::new,
                (v, f) -> LoopHandWoven.<Object>awaitThen(() -> Weft.sleep(Duration.ofSeconds(20)),
                        (v2, f2) -> Coroutine.of("too late"))),
                "stubborn");
        loop.runUntilIdle();
        long start = System.nanoTime();
        loop.close();
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos());
        assertTrue(stubborn.isCancelled());
        assertEquals(1, reports.size(), reports.toString());
        assertTrue(reports.get(0).startsWith("task stubborn did not finish within the shutdown timeout of 100 ms"),
                reports.get(0));
    }

    @Test
    void aCallbackThatKeepsReschedulingItselfIsDroppedAtTheBound() {
        EventLoop loop = new EventLoop();
        List<String> reports = reportsOf(loop);
        loop.setShutdownTimeout(Duration.ofMillis(50));
        AtomicInteger runs = new AtomicInteger();
        Runnable[] again = new Runnable[1];
        again[0] = new Runnable() {
            @Override
            public void run() {
                runs.incrementAndGet();
                loop.callSoon(this);
            }

            @Override
            public String toString() {
                return "again";
            }
        };
        loop.callSoon(again[0]);
        loop.close();
        assertTrue(runs.get() > 1);
        assertEquals(List.of("callback again was dropped: the event loop closed before running it"), reports);
    }

    @Test
    void closedFromAnotherLoopWhatIsQueuedIsRejectedAndOnlyPlainCallbacksAreReportedDropped() throws Exception {
        EventLoop loop = new EventLoop();
        List<String> reports = reportsOf(loop);
        // the loop's own wake-up for a runUntilComplete that ended early, queued when its target completes later
        Promise<Void> target = new Promise<>();
        loop.callSoonThreadsafe(loop::stop);
        assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(target));
        target.complete(null);

        Runnable plain = new Runnable() {
            @Override
            public void run() {
                fail("must not run");
            }

            @Override
            public String toString() {
                return "plain";
            }
        };
        loop.callSoonThreadsafe(plain);
        Coroutine<Integer> coroutine = HandWoven.awaitOne(new Promise<>());
        CompletableFuture<Integer> future = Weft.runCoroutineThreadsafe(coroutine, loop);
        AtomicInteger rejections = new AtomicInteger();
        LoopWork throwing = new LoopWork() {
            @Override
            public void run() {
                fail("must not run");
            }

            @Override
            public void rejected() {
                rejections.incrementAndGet();
                throw new IllegalStateException("rejection failed");
            }

            @Override
            public String toString() {
                return "throwing";
            }
        };
        assertTrue(loop.offerInternal(throwing));
        Task<Integer> neverStarted = loop.createTask(HandWoven.awaitOne(new Promise<>()), "neverStarted");

        LoopHandWoven.insideAnotherLoop(loop::close); // that thread runs another loop: this one cannot run there

        assertTrue(loop.isClosed());
        assertTrue(neverStarted.isCancelled());
        ExecutionException e = assertThrows(ExecutionException.class, future::get);
        assertInstanceOf(LoopClosedException.class, e.getCause());
        assertEquals(Coroutine.State.CLOSED, coroutine.state(), "the coroutine is closed without running");
        assertEquals(1, rejections.get());
        assertEquals(List.of(
                "task neverStarted did not finish within the shutdown timeout of 0 ms (Task[neverStarted, pending]);"
                        + " it is abandoned",
                "callback plain was dropped: the event loop closed before running it",
                "rejecting work throwing failed [rejection failed]"), reports);
    }
}
