package dev.weft.sync;

/**
 * Thrown by a {@link Queue} that was {@linkplain Queue#shutdown(boolean) shut down}: asyncio's
 * {@code QueueShutDown} (Python 3.13). Putting raises it at once; getting raises it once the queue is empty;
 * blocked putters and getters are woken with it. Unchecked.
 */
public class QueueShutDownException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public QueueShutDownException(String message) {
        super(message);
    }
}
