package dev.weft.internal;

/**
 * An awaitable that takes part in the cancellation of the task waiting for it.
 *
 * <p>When a task is cancelled, what it waits for is cancelled too (asyncio's semantics), unless that is
 * shielded. And when a cancelled task stops waiting without taking the awaitable's outcome, it says so with
 * {@link #abandoned()}: a lock, semaphore or queue whose waiter was granted something just before the
 * cancellation arrived gives it back, so nothing is lost.
 */
public interface Cancellable {
    /** Requests cancellation; {@code false} if it was already done. */
    boolean cancel(String message);

    /**
     * The task that awaited this will never take its outcome: it was cancelled while waiting. Called once,
     * on the loop thread, after {@link #cancel}. Default: nothing to give back.
     */
    default void abandoned() {
    }
}
