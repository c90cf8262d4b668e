package dev.weft;

/**
 * Delivered at the await point where a cancelled task is suspended, so that its {@code catch} and
 * {@code finally} blocks run. Awaiting a cancelled task or promise throws it too.
 *
 * <p>It extends {@link Error}, not {@link RuntimeException}, deliberately: a {@code catch (Exception e)}
 * written for ordinary failures must not swallow a cancellation and let the task run on as if nothing
 * happened. That is the footgun asyncio removed in Python 3.8 by making {@code CancelledError} a
 * {@code BaseException}, and the reason {@code ThreadDeath} was an {@code Error}. Catch it by name when
 * you mean to, clean up, and rethrow.
 */
public class CancelledException extends Error {
    private static final long serialVersionUID = 1L;

    public CancelledException() {
        super("cancelled");
    }

    public CancelledException(String message) {
        super(message == null ? "cancelled" : message);
    }
}
