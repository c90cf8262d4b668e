package dev.weft.io;

import java.io.IOException;

/**
 * A line or separator search ({@link StreamReader#readLine()}, {@link StreamReader#readUntil(byte[])}) gave up:
 * more than the reader's limit arrived without the separator. Nothing was consumed: the bytes stay in the reader,
 * {@link #buffered()} of them, to be read with {@link StreamReader#read(int)} or dropped with the connection.
 * asyncio's {@code LimitOverrunError}; here an {@link IOException}, so one {@code catch} handles every read error.
 */
public final class LimitOverrunException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int buffered;

    public LimitOverrunException(String message, int buffered) {
        super(message);
        this.buffered = buffered;
    }

    /** How many bytes the reader held when the search gave up. */
    public int buffered() {
        return buffered;
    }
}
