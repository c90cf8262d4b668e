package dev.weft;

import java.util.concurrent.CompletableFuture;

/**
 * {@link Task#toCompletableFuture()}: a task's outcome for code outside its loop, from any thread.
 *
 * <p>Invariants: the future is completed exactly once with the task's outcome (failures as they are, cancellation
 * as a {@link CancelledException}); it is registered on the loop's thread, or, when the loop closed first, settled
 * from the task directly: a closed loop has finished or abandoned every task, so the outcome is there. Looking at
 * the outcome counts as retrieving a failure.
 *
 * <p>From another thread while the loop runs, the future is registered through the loop's thread-safe inbox, as
 * asyncio chains futures with {@code call_soon_threadsafe}: if that run of the loop ends before it reached the
 * registration (a {@code runUntilComplete} whose target finished), the future completes when the loop next runs or
 * closes.
 */
final class TaskFuture {
    private TaskFuture() {
    }

    static <T> CompletableFuture<T> of(Task<T> task) {
        CompletableFuture<T> future = new CompletableFuture<>();
        if (task.isDone()) { // the outcome was published before done: readable from any thread
            settle(task, future);
        } else if (!task.loop().runHereIfFree(() -> task.whenDone(() -> settle(task, future)))) {
            LoopWork register = new LoopWork() {
                @Override
                public void run() {
                    task.whenDone(() -> settle(task, future));
                }

                @Override
                public void rejected() {
                    settle(task, future);
                }
            };
            if (!task.loop().offerInternal(register)) {
                register.rejected();
            }
        }
        return future;
    }

    private static <T> void settle(Task<T> task, CompletableFuture<T> future) {
        if (!task.isDone()) {
            future.completeExceptionally(new LoopClosedException("task " + task.name() + " is not done and its loop is closed"));
            return;
        }
        Throwable failure = task.exception();
        if (failure != null) {
            future.completeExceptionally(failure);
        } else {
            future.complete(task.result());
        }
    }
}
