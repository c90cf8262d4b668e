package dev.weft.examples.net;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.io.LimitOverrunException;
import dev.weft.io.StreamReader;

import java.io.IOException;

import static dev.weft.Weft.await;

/**
 * Getting past a line longer than the reader's limit, so that a line protocol can answer "too long" and go on.
 * {@link StreamReader#readLine()} fails with {@link LimitOverrunException} and leaves the bytes buffered (asyncio's
 * {@code readline} drops them); the first {@code limit} of them hold no newline whichever way the search failed,
 * so dropping that many, and repeating until a line end is found, drops exactly the long line.
 */
final class LongLines {
    private LongLines() {
    }

    /** Drops the rest of the line whose {@code readLine()} just failed with {@link LimitOverrunException}. */
    @Async
    static Coroutine<Void> skipRest(StreamReader in) throws IOException {
        for (;;) {
            await(in.readExactly(in.limit())); // buffered already: the search failed with more than limit bytes
            try {
                await(in.readLine()); // the line's tail, or the end of the stream (null)
                return Coroutine.done();
            } catch (LimitOverrunException stillNoEnd) {
                // and again
            }
        }
    }
}
