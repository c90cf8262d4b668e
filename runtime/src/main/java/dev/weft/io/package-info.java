/**
 * Weft's I/O: awaitables that fail with {@link java.io.IOException}, awaited with the {@code Weft.await} overload
 * that declares it ({@link dev.weft.io.IoAwaitable}). Streams, servers, subprocesses and datagrams will live here.
 */
package dev.weft.io;
