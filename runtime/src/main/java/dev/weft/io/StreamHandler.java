package dev.weft.io;

import dev.weft.Coroutine;

/**
 * What a {@link Server} runs for each connection it accepts, as a task of its own: typically an {@code @Async}
 * method {@code Coroutine<Void> handle(StreamReader in, StreamWriter out)}. The connection is closed when the
 * coroutine finishes, after the bytes it wrote are sent; a failure is reported to the loop's exception handler
 * and the server goes on serving the others. It may declare {@code throws IOException}, as an {@code @Async}
 * method that awaits I/O does.
 */
@FunctionalInterface
public interface StreamHandler {
    Coroutine<Void> handle(StreamReader reader, StreamWriter writer) throws java.io.IOException;
}
