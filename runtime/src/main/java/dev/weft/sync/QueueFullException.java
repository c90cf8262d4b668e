package dev.weft.sync;

import dev.weft.Weft;

/**
 * Thrown by {@link Queue#putNowait} when the queue is full: asyncio's {@code QueueFull}. Unchecked, like every
 * failure a Weft await may rethrow.
 */
public class QueueFullException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public QueueFullException(String message) {
        super(message);
    }
}
