package dev.weft;

import dev.weft.test.HandWoven;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Pins {@link Task#toCompletableFuture()} ({@link TaskFuture}): the future of a task already done is complete at
 * once, with its value or its failure; one taken on another thread while the loop runs is registered through the
 * loop and completes with the task; one taken at the very moment the loop closes (raced on real threads, as in
 * {@link LoopCloseRaceTest}) always completes with the task's end, the shutdown's cancellation, whichever way the
 * loop took it (registered before, run or rejected during the close, or refused after it), and never hangs.
 */
class TaskFutureTest {
    private static final int ROUNDS = 20_000;

    @Test
    void theFutureOfADoneTaskIsCompleteAtOnce() {
        try (EventLoop loop = new EventLoop(ManualClock.create())) {
            Task<Integer> ok = loop.createTask(Coroutine.of(1));
            Task<Integer> failed = loop.createTask(HandWoven.awaitOne(Promise.failedWith(new IllegalStateException("boom"))));
            loop.runUntilIdle();
            CompletableFuture<Integer> f1 = ok.toCompletableFuture();
            CompletableFuture<Integer> f2 = failed.toCompletableFuture();
            assertTrue(f1.isDone() && f2.isDone());
            assertEquals(1, f1.join());
            assertEquals("boom", assertThrows(ExecutionException.class, f2::get).getCause().getMessage());
        }
    }

    @Test
    void aFutureTakenOnAnotherThreadWhileTheLoopRunsCompletesWithTheTask() throws Exception {
        EventLoop loop = new EventLoop();
        Promise<Integer> p = new Promise<>();
        Task<Integer> task = loop.createTask(HandWoven.awaitOne(p));
        Thread runner = new Thread(() -> loop.runUntilComplete(task), "loop");
        runner.start();
        while (!loop.isRunning()) {
            Thread.onSpinWait();
        }
        CompletableFuture<Integer> future = task.toCompletableFuture();
        assertFalse(future.isDone());
        p.complete(7);
        runner.join(10_000);
        loop.runUntilIdle(); // a registration that run did not reach (its target finished first) is handled now
        assertEquals(7, future.get(10, TimeUnit.SECONDS));
        loop.close();
    }

    @Test
    void aFutureTakenWhileTheLoopClosesCompletesWithTheShutdownsCancellation() throws Exception {
        @SuppressWarnings("unchecked")
        Task<Integer>[] task = new Task[1];
        CompletableFuture<?>[] future = new CompletableFuture<?>[1];
        CloseRace.run(ROUNDS, i -> {
            EventLoop loop = new EventLoop();
            task[0] = loop.createTask(HandWoven.awaitOne(new Promise<Integer>()));
            loop.runUntilIdle();
            return loop;
        }, () -> future[0] = task[0].toCompletableFuture(), i -> {
            assertTrue(task[0].isCancelled(), "round " + i);
            ExecutionException e = assertThrows(ExecutionException.class, () -> future[0].get(10, TimeUnit.SECONDS));
            assertInstanceOf(CancelledException.class, e.getCause(), "round " + i);
        });
    }
}
