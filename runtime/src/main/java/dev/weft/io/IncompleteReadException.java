package dev.weft.io;

import java.io.EOFException;

/**
 * The stream ended before a read had what it asked for ({@link StreamReader#readExactly(int)}: {@code n} bytes;
 * {@link StreamReader#readUntil(byte[])}: the separator). The bytes that did arrive are consumed and carried here,
 * in {@link #partial()}. asyncio's {@code IncompleteReadError}; an {@link EOFException}, as a blocking
 * {@code DataInputStream.readFully} would throw.
 */
public final class IncompleteReadException extends EOFException {
    private static final long serialVersionUID = 1L;
    private final byte[] partial;
    private final int expected;

    /** {@code expected} is the byte count asked for, or -1 when the read looked for a separator. */
    public IncompleteReadException(byte[] partial, int expected) {
        super(partial.length + " bytes read before the end of the stream, "
                + (expected < 0 ? "without the separator" : expected + " expected"));
        this.partial = partial.clone();
        this.expected = expected;
    }

    /** The bytes read before the end of the stream. */
    public byte[] partial() {
        return partial.clone();
    }

    /** The byte count the read asked for, or -1 for a separator search. */
    public int expected() {
        return expected;
    }
}
