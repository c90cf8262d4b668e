package dev.weft;

import dev.weft.test.HandWoven;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.weft.ModelChecked.fork;
import static dev.weft.ModelChecked.join;
import static org.junit.jupiter.api.Assertions.*;

/**
 * {@link Weft#runCoroutineThreadsafe} and {@link Weft#toThread} under Lincheck's model checker: a coroutine handed
 * in from another thread runs and its future gets the value, or, when the loop closes first, the future fails with
 * {@link LoopClosedException} and the coroutine never runs; the future's cancellation stops the task; work on a
 * worker thread resumes its task, and its result arriving while the loop closes is dropped without harm.
 */
class ThreadsafeLincheckTest {
    /** A coroutine that counts its start in {@code ran} and returns 7. */
    private static Coroutine<Integer> countingSeven(AtomicInteger ran) {
        return HandWoven.awaitingWhatIsMadeAtStart(() -> {
            ran.incrementAndGet();
            return Coroutine.of(7);
        });
    }

    @Test
    void aCoroutineHandedInWhileTheLoopRunsGivesItsValueToTheFuture() {
        ModelChecked.check(500, () -> {
            EventLoop loop = new EventLoop();
            Promise<Integer> relayed = new Promise<>();
            AtomicInteger ran = new AtomicInteger();
            Thread caller = fork(() -> relayed.complete(Weft.runCoroutineThreadsafe(countingSeven(ran), loop).join()));
            loop.runUntilComplete(relayed);
            join(caller);
            loop.close();
            assertEquals(7, relayed.result());
            assertEquals(1, ran.get());
        });
    }

    @Test
    void aCoroutineHandedInWhileTheLoopClosesRunsOrItsFutureFailsAndItNeverRuns() {
        ModelChecked.check(500, () -> {
            EventLoop loop = new EventLoop();
            AtomicInteger ran = new AtomicInteger();
            Coroutine<Integer> coroutine = countingSeven(ran);
            CompletableFuture<?>[] future = new CompletableFuture<?>[1];
            Thread caller = fork(() -> future[0] = Weft.runCoroutineThreadsafe(coroutine, loop));
            loop.close();
            join(caller);
            assertTrue(future[0].isDone(), "never left pending");
            assertEquals(Coroutine.State.CLOSED, coroutine.state());
            if (future[0].isCompletedExceptionally()) {
                CompletionException e = assertThrows(CompletionException.class, future[0]::join);
                assertInstanceOf(LoopClosedException.class, e.getCause());
                assertEquals(0, ran.get());
            } else {
                assertEquals(7, future[0].join());
                assertEquals(1, ran.get());
            }
        });
    }

    @Test
    void cancellingTheFutureFromItsThreadStopsTheTask() {
        ModelChecked.check(500, () -> {
            EventLoop loop = new EventLoop();
            Promise<Integer> never = new Promise<>();
            Coroutine<Integer> coroutine = HandWoven.awaitOne(never);
            Promise<Void> cancelled = new Promise<>();
            Thread caller = fork(() -> {
                Weft.runCoroutineThreadsafe(coroutine, loop).cancel(true);
                cancelled.complete(null);
            });
            loop.runUntilComplete(cancelled);
            join(caller);
            loop.runUntilIdle();
            assertEquals(Coroutine.State.CLOSED, coroutine.state(), "stopped, or never started");
            assertFalse(never.isDone() && !never.isCancelled());
            loop.close();
        });
    }

    @Test
    void workOnAWorkerThreadResumesItsTask() {
        ModelChecked.check(200, () -> {
            EventLoop loop = new EventLoop();
            Task<Integer> task = loop.createTask(HandWoven.awaitingWhatIsMadeAtStart(() -> Weft.toThread(() -> 5)));
            loop.runUntilComplete(task);
            loop.close();
            assertEquals(5, task.result());
        });
    }

    @Test
    void workFinishingWhileTheLoopClosesIsDroppedWithoutHarm() {
        ModelChecked.check(200, () -> {
            EventLoop loop = new EventLoop();
            AtomicInteger reported = new AtomicInteger();
            loop.setExceptionHandler((l, message, e) -> reported.incrementAndGet());
            Task<Integer> task = loop.createTask(HandWoven.awaitingWhatIsMadeAtStart(() -> Weft.toThread(() -> 5)));
            loop.runUntilIdle(); // the task waits for its worker
            loop.close();
            assertTrue(task.isDone());
            assertTrue(task.isCancelled() || task.result() == 5);
            assertEquals(0, reported.get(), "nothing to report: the worker's late result is simply not awaited");
        });
    }
}
