/**
 * Weft's I/O, asyncio's streams in Java's conventions: {@link dev.weft.io.Connection} and
 * {@link dev.weft.io.Server} (TCP, TLS, Unix domain sockets) with their {@link dev.weft.io.StreamReader} and
 * {@link dev.weft.io.StreamWriter}, {@link dev.weft.io.DatagramEndpoint} (UDP), {@link dev.weft.io.Subprocess}
 * (pipes as streams) and {@link dev.weft.io.EventLoopGroup} (a loop on every core). Every operation that may fail
 * with an {@link java.io.IOException} is an {@link dev.weft.io.IoCoroutine}, awaited with the {@code Weft.await}
 * overload that declares it ({@link dev.weft.io.IoAwaitable}).
 */
package dev.weft.io;
