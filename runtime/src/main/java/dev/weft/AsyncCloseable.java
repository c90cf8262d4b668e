package dev.weft;

/**
 * A resource whose closing may suspend (asyncio's async context managers): a connection that
 * flushes and says goodbye, a group that waits for its children.
 *
 * <p>In woven code, close it in a {@code finally} block — a finally block may await:
 * <pre>{@code
 * Connection c = await(Connection.open(address));
 * try {
 *     await(c.send(request));
 * } finally {
 *     await(c.closeAsync());
 * }
 * }</pre>
 * or hand the body to {@link Weft#using}, which closes the resource however the body ends and keeps a close
 * failure as a suppressed exception of the body's failure. (Java's try-with-resources calls a close() that
 * cannot suspend, so it is not the idiom here.)
 */
@FunctionalInterface
public interface AsyncCloseable {
    /** Starts closing; the awaitable completes once the resource is closed. */
    Awaitable<Void> closeAsync();
}
