package dev.weft.sync;

/**
 * Thrown by {@link Queue#getNowait} when the queue holds no item: asyncio's {@code QueueEmpty}. Unchecked.
 */
public class QueueEmptyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public QueueEmptyException(String message) {
        super(message);
    }
}
