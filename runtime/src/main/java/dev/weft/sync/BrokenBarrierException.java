package dev.weft.sync;

/**
 * Thrown by {@link Barrier#arrive()} when the barrier is broken ({@link Barrier#abort()}) or reset
 * ({@link Barrier#reset()}) while the party is inside it (waiting, or released by its round but not resumed
 * yet), or is already broken when it arrives: asyncio's {@code BrokenBarrierError}.
 *
 * <p>Unchecked, unlike {@link java.util.concurrent.BrokenBarrierException} (a different class, for threads):
 * {@code await} declares no checked exceptions, and asyncio's error is a {@code RuntimeError}.
 */
public class BrokenBarrierException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BrokenBarrierException(String message) {
        super(message);
    }
}
