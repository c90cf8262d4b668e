package dev.weft.internal;

/**
 * An awaitable that can be cancelled on behalf of the task waiting for it: when a task is cancelled,
 * what it waits for is cancelled too (asyncio's semantics), unless that is shielded.
 */
public interface Cancellable {
    /** Requests cancellation; {@code false} if it was already done. */
    boolean cancel(String message);
}
