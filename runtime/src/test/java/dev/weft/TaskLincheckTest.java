package dev.weft;

import dev.weft.test.HandWoven;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static dev.weft.ModelChecked.fork;
import static dev.weft.ModelChecked.join;
import static org.junit.jupiter.api.Assertions.*;

/**
 * {@link Task#cancel} and {@link Task#toCompletableFuture} called on other threads under Lincheck's model checker,
 * while the loop runs, while nobody runs it (the caller then acts on the idle loop at once), and while it closes:
 * the task ends exactly once, cancelled or with its value, and a future obtained on another thread is always
 * completed with that outcome.
 */
class TaskLincheckTest {
    @Test
    void aCancelFromAnotherThreadRacingTheAwaitedCompletionEndsTheTaskOneWayOrTheOther() {
        ModelChecked.check(500, () -> {
            EventLoop loop = new EventLoop();
            Promise<Integer> p = new Promise<>();
            Task<Integer> task = loop.createTask(HandWoven.awaitOne(p));
            loop.runUntilIdle(); // the task now waits for p
            boolean[] cancelAccepted = new boolean[1];
            Thread canceller = fork(() -> cancelAccepted[0] = task.cancel());
            Thread completer = fork(() -> p.complete(1));
            loop.runUntilComplete(task);
            join(canceller, completer);
            loop.close();
            assertTrue(task.isDone());
            if (task.isCancelled()) {
                assertTrue(cancelAccepted[0]);
            } else {
                assertEquals(1, task.result());
            }
        });
    }

    @Test
    void aCancelWhileTheLoopStartsActsOnceAndNeverMakesTheLoopRefuseToRun() {
        ModelChecked.check(500, () -> {
            EventLoop loop = new EventLoop();
            Promise<Integer> p = new Promise<>();
            Task<Integer> task = loop.createTask(HandWoven.awaitOne(p));
            boolean[] cancelAccepted = new boolean[1];
            Thread canceller = fork(() -> cancelAccepted[0] = task.cancel());
            loop.runUntilComplete(task);
            join(canceller);
            loop.close();
            assertTrue(cancelAccepted[0]);
            assertTrue(task.isCancelled());
            // cancelled before its first step, the task never awaited p; cancelled while it waited, p is cancelled with it
            assertFalse(p.isDone() && !p.isCancelled());
        });
    }

    @Test
    void aFutureTakenOnAnotherThreadWhileTheLoopRunsGetsTheTasksValue() {
        ModelChecked.check(500, () -> {
            EventLoop loop = new EventLoop();
            Promise<Integer> p = new Promise<>();
            Task<Integer> task = loop.createTask(HandWoven.awaitOne(p));
            loop.runUntilIdle();
            Object[] seen = new Object[1];
            Thread waiter = fork(() -> seen[0] = task.toCompletableFuture().join());
            Thread completer = fork(() -> p.complete(7));
            loop.runUntilComplete(task);
            loop.close(); // runs what the waiter's registration left queued, if it came late
            join(waiter, completer);
            assertEquals(7, seen[0]);
        });
    }

    @Test
    void aFutureTakenWhileTheLoopClosesIsCompletedWithTheTasksEnd() {
        ModelChecked.check(500, () -> {
            EventLoop loop = new EventLoop();
            Task<Integer> task = loop.createTask(HandWoven.awaitOne(new Promise<Integer>()));
            loop.runUntilIdle();
            CompletableFuture<?>[] future = new CompletableFuture<?>[1];
            Thread taker = fork(() -> future[0] = task.toCompletableFuture());
            loop.close();
            join(taker);
            assertTrue(task.isCancelled(), "the shutdown cancelled the task");
            CompletionException e = assertThrows(CompletionException.class, future[0]::join);
            assertInstanceOf(CancelledException.class, e.getCause());
        });
    }

    @Test
    void aCancelFromAnotherThreadWhileTheLoopClosesLeavesTheTaskCancelledOnce() {
        ModelChecked.check(500, () -> {
            EventLoop loop = new EventLoop();
            Promise<Integer> p = new Promise<>();
            Task<Integer> task = loop.createTask(HandWoven.awaitOne(p));
            loop.runUntilIdle();
            Thread canceller = fork(() -> task.cancel("from outside"));
            loop.close();
            join(canceller);
            assertTrue(task.isCancelled());
            assertTrue(p.isCancelled());
            assertEquals(0, loop.allTasks().size());
        });
    }
}
