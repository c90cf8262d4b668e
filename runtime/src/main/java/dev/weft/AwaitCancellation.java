package dev.weft;

import dev.weft.internal.AsyncStackTrace;
import dev.weft.internal.Cancellable;
import dev.weft.internal.WovenCoroutine;

/**
 * What a task's cancellation does to the awaitable it waits for (see {@link Task}): the request cancels that
 * awaitable too, when it can be cancelled (a task, a promise, a sleep); delivering the request at the await makes
 * the task drop the awaitable's outcome, so the awaitable is told ({@link Cancellable#abandoned()}: a granted lock
 * or queue item goes back) and forgets the task's wake-up (nothing of the wait stays on a long-lived awaitable).
 *
 * <p>Invariant: loop thread only, within a step or a cancel of the waiting task.
 */
final class AwaitCancellation {
    private AwaitCancellation() {
    }

    /** Passes a cancellation request on to {@code awaited}, if it can be cancelled. */
    static void cancelAwaited(Awaitable<?> awaited, String message) {
        if (awaited instanceof Cancellable) {
            ((Cancellable) awaited).cancel(message);
        }
    }

    /**
     * Delivers {@code e} to {@code task} at its await of {@code awaited} (from its innermost suspended frame, or null
     * when it awaits a plain coroutine directly): the awaiting frames go into its trace; {@code awaited} is told it
     * was abandoned and forgets the task's wake-up. The task's step makes {@code e}, so that its trace starts at the
     * step, where the awaiting frames are inserted ({@link AsyncStackTrace}). Returns {@code e}.
     */
    static CancelledException deliveredAt(Task<?> task, WovenCoroutine<?> innermost, Awaitable<?> awaited,
                                          CancelledException e) {
        if (innermost != null) {
            AsyncStackTrace.recordAwaiter(e, innermost);
        }
        if (awaited instanceof Cancellable) {
            ((Cancellable) awaited).abandoned();
        }
        if (!awaited.isDone()) {
            awaited.removeWhenDone(task);
        }
        return e;
    }
}
