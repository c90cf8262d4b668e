package dev.weft;

/**
 * When {@link Wait#waitAll} returns (asyncio's {@code return_when}).
 */
public enum WaitMode {
    /** As soon as any awaitable is done. */
    FIRST_COMPLETED,
    /**
     * As soon as any awaitable fails (a cancellation does not count, as in asyncio), or when all are done.
     */
    FIRST_EXCEPTION,
    /** When all are done. */
    ALL_COMPLETED
}
