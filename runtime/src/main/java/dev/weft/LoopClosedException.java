package dev.weft;

/**
 * Work was handed to an {@link EventLoop} that is closed, or closed before it could run the work: a coroutine
 * given to {@link Weft#runCoroutineThreadsafe}, blocking work given to {@link Weft#toThread}, a callback given
 * to {@link EventLoop#callSoonThreadsafe}. Futures of such work fail with it instead of waiting forever.
 */
public class LoopClosedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public LoopClosedException(String message) {
        super(message);
    }
}
