package dev.weft.io;

import dev.weft.Awaitable;

/**
 * An awaitable whose failure may be an {@link java.io.IOException}: awaiting it with {@code Weft.await} declares
 * {@code throws IOException}, as a blocking read or write does, so that
 * <pre>{@code
 * try {
 *     String line = await(reader.readLine());
 * } catch (IOException e) {
 *     ...
 * }
 * }</pre>
 * compiles (javac refuses to catch a checked exception that nothing in the {@code try} declares, and the plain
 * {@code await(Awaitable)} declares none). Weft's I/O awaitables are of this type; implement it for an awaitable
 * of your own that fails with I/O errors. Unlike asyncio, where any exception may escape any await, Java's checked
 * exceptions make the difference visible in the types: awaiting an ordinary {@link Awaitable} can still fail with
 * anything, rethrown as it is, but only an {@code IoAwaitable} says so to the compiler.
 *
 * @param <T> the type of the value
 */
public interface IoAwaitable<T> extends Awaitable<T> {
}
