package dev.weft.io;

import java.io.ByteArrayOutputStream;

/**
 * Reads a {@link StreamReader} to its end, in reads of at most its limit (as asyncio's {@code read()} does), so the
 * reader's own buffer stays small and its flow control keeps working while the whole stream piles up here.
 *
 * <p>Invariants: {@code pending} is the one read in progress, or null; every byte it returned is in {@code out}.
 */
final class ReadToEnd implements IoCoroutine.Attempt {
    private final StreamReader reader;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private IoCoroutine<byte[]> pending;

    private ReadToEnd(StreamReader reader) {
        this.reader = reader;
    }

    /** A coroutine of every byte left in {@code reader}, once the stream ended. */
    static IoCoroutine<byte[]> of(StreamReader reader) {
        return IoCoroutine.of("dev.weft.io.ReadToEnd", new ReadToEnd(reader));
    }

    @Override
    public Object attempt() {
        if (pending != null) {
            byte[] chunk = pending.result(); // done: a failing read failed the wait already
            pending = null;
            if (chunk.length == 0) {
                return out.toByteArray();
            }
            out.write(chunk, 0, chunk.length);
        }
        pending = reader.read(reader.limit());
        return IoCoroutine.retryAfter(pending);
    }
}
