package dev.weft;

/**
 * Raised by {@link Timeout#timeout} and {@link Timeout#waitFor} when the deadline passed: the work was
 * cancelled, its cleanup ran to the end, and then this was thrown (asyncio's {@code TimeoutError}). Its cause
 * is the {@link CancelledException} that stopped the work.
 *
 * <p>Why not {@link java.util.concurrent.TimeoutException}: that one is checked, and {@code await} declares no
 * checked exceptions, so in woven code {@code catch (TimeoutException e)} around an {@code await} does not
 * compile ("exception is never thrown in body of corresponding try statement"); users would have to catch
 * {@code Exception} and test the type. An unchecked exception can be caught by name. It is not a
 * {@link CancelledException} either: a timeout is an ordinary failure of the operation that the caller
 * handles, while a cancellation asks the whole task to stop.
 *
 * <p>Invariant: thrown only after the timed work has finished (its finally blocks included).
 */
public class TimeoutExpiredException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TimeoutExpiredException(String message) {
        super(message);
    }

    public TimeoutExpiredException(String message, Throwable cause) {
        super(message, cause);
    }
}
