package dev.weft.io;

import dev.weft.Promise;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The reading half of a stream (a connection, a subprocess's stdout): one buffer filled by its transport, and
 * awaitable reads that take from it — asyncio's {@code StreamReader}.
 *
 * <p>Every read is a coroutine that runs in the task awaiting it and takes its bytes only once they are all
 * there: a read that is cancelled, or times out, consumes nothing, so the next read sees every byte. One read
 * at a time: a second read while one waits fails with {@link IllegalStateException}, as in asyncio.
 *
 * <p>When the stream fails (a reset, say), a read that can be answered from complete data still is (a whole
 * line, bytes for {@link #read(int)}); one that would need more fails with that failure, not with what an end of
 * the stream gives (a partial line, {@link IncompleteReadException}).
 *
 * <p>A line or separator search gives up once the buffer holds more than {@link #limit()} bytes without the
 * separator ({@link LimitOverrunException}); the bytes stay in the buffer, readable with {@link #read(int)}.
 * The transport stops reading while the buffer holds more than twice the limit, so a fast peer and a slow
 * reader keep memory bounded (asyncio's flow control).
 *
 * <p>Use it on its loop's thread only. {@link #feedData}, {@link #feedEof} and {@link #feedFailure} are for
 * whoever fills it (a transport, or a test).
 *
 * <p>Invariants: the readable bytes are {@code buffer[start, end)}; once {@code eof} or {@code failure} is set no
 * byte is added; {@code waiter}, when not null, is the one read waiting for more data.
 */
public final class StreamReader {
    /** The default {@link #limit()}: 64 KiB, as in asyncio. */
    public static final int DEFAULT_LIMIT = 64 * 1024;
    private static final byte[] NEWLINE = {'\n'};

    private byte[] buffer = new byte[256];
    private int start;
    private int end;
    private int limit;
    private boolean eof;
    private IOException failure;
    private Promise<Void> waiter;
    private Transport transport;
    private boolean paused;
    /**
     * How many bytes the waiting read needs buffered ({@code readExactly(n)}: n; {@code read(-1)}: all of them), or
     * 0: the transport is paused only past the larger of this and twice the limit, else such a read never finishes.
     */
    private long wanted;

    /** An empty reader with the {@link #DEFAULT_LIMIT}. */
    public StreamReader() {
        this(DEFAULT_LIMIT);
    }

    /** An empty reader whose line and separator searches stop at {@code limit} bytes. */
    public StreamReader(int limit) {
        setLimit(limit);
    }

    /** The limit of a line or separator search, in bytes. */
    public int limit() {
        return limit;
    }

    /** Sets the limit of a line or separator search (and so of the buffer the transport fills, twice that). */
    public void setLimit(int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        this.limit = limit;
        resumeIfDrained();
    }

    /** How many bytes are buffered, received but not read yet. */
    public int buffered() {
        return end - start;
    }

    /** Whether the stream ended (or failed) and every byte of it was read. */
    public boolean atEof() {
        return (eof || failure != null) && start == end;
    }

    /**
     * The next line, decoded as UTF-8, without its {@code \n} or {@code \r\n}; at the end of the stream, the
     * last bytes even without a terminator, then {@code null}. Fails with {@link LimitOverrunException} (the bytes
     * stay buffered) when the line is longer than the limit.
     */
    public IoCoroutine<String> readLine() {
        return IoCoroutine.of("dev.weft.io.StreamReader.readLine", () -> {
            int found = find(NEWLINE);
            if (found < 0) {
                Object retry = waitUnlessEnded();
                if (retry != null) {
                    return retry;
                }
                return start == end ? null : decode(take(end - start), 0);
            }
            int length = found + 1 - start;
            byte[] line = take(length);
            int cut = line.length > 1 && line[line.length - 2] == '\r' ? 2 : 1;
            return decode(line, cut);
        });
    }

    /**
     * Up to {@code n} bytes, as soon as at least one is buffered; an empty array at the end of the stream.
     * {@code n == -1} reads until the end of the stream.
     */
    public IoCoroutine<byte[]> read(int n) {
        if (n < -1) {
            throw new IllegalArgumentException("n must be -1 (to the end) or at least 0: " + n);
        }
        return IoCoroutine.of("dev.weft.io.StreamReader.read", () -> {
            if (n == 0) {
                return new byte[0];
            }
            if (n == -1 ? !ended() : start == end && !ended()) {
                return waitForData(n == -1 ? Long.MAX_VALUE : 0);
            }
            if (start == end || n == -1) {
                throwIfFailed();
            }
            return take(n == -1 ? end - start : Math.min(n, end - start));
        });
    }

    /**
     * Exactly {@code n} bytes; fails with {@link IncompleteReadException}, carrying what arrived, when the stream
     * ends first (those bytes are consumed).
     */
    public IoCoroutine<byte[]> readExactly(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must not be negative: " + n);
        }
        return IoCoroutine.of("dev.weft.io.StreamReader.readExactly", () -> {
            if (end - start >= n) {
                return take(n);
            }
            if (!ended()) {
                return waitForData(n);
            }
            throwIfFailed();
            throw new IncompleteReadException(take(end - start), n);
        });
    }

    /**
     * The bytes up to and including the next {@code separator}. Fails with {@link LimitOverrunException} (the
     * bytes stay buffered) when more than the limit arrived without it, and with {@link IncompleteReadException}
     * (the bytes consumed) when the stream ends first.
     */
    public IoCoroutine<byte[]> readUntil(byte[] separator) {
        if (separator.length == 0) {
            throw new IllegalArgumentException("empty separator");
        }
        byte[] sep = separator.clone();
        return IoCoroutine.of("dev.weft.io.StreamReader.readUntil", () -> {
            int found = find(sep);
            if (found >= 0) {
                return take(found + sep.length - start);
            }
            Object retry = waitUnlessEnded();
            if (retry != null) {
                return retry;
            }
            throw new IncompleteReadException(take(end - start), -1);
        });
    }

    // ------------------------------------------------------------------ filling

    /** Adds bytes received; ignored once the stream ended. */
    public void feedData(byte[] data, int offset, int length) {
        if (eof || failure != null || length == 0) {
            return;
        }
        if (end + length > buffer.length) {
            makeRoom(length);
        }
        System.arraycopy(data, offset, buffer, end, length);
        end += length;
        wakeWaiter();
        if (transport != null && !paused && end - start > Math.max(2L * limit, wanted)) {
            paused = true;
            transport.pauseReading();
        }
    }

    /** The stream ended: reads take what is buffered, then see the end. */
    public void feedEof() {
        eof = true;
        wakeWaiter();
    }

    /** The stream failed: reads that complete data answers go on, the others fail with {@code failure}. */
    public void feedFailure(IOException failure) {
        if (this.failure == null && !eof) {
            this.failure = failure;
        }
        wakeWaiter();
    }

    /** The transport that fills this reader, paused and resumed by its flow control. */
    void attach(Transport transport) {
        this.transport = transport;
    }

    // ------------------------------------------------------------------ inside

    private boolean ended() {
        return eof || failure != null;
    }

    /**
     * Where {@code sep} starts in the buffer, or -1; fails when the bytes before it, or the whole buffer when it is
     * not there, are more than the limit.
     */
    private int find(byte[] sep) throws LimitOverrunException {
        int found = indexOf(sep);
        int before = found < 0 ? end - start : found - start;
        if (before > limit) {
            throw new LimitOverrunException((found < 0 ? "no separator in the first " : "separator found after more than ")
                    + limit + " bytes (the limit); " + (end - start) + " bytes stay buffered", end - start);
        }
        return found;
    }

    /** For a separator search that found nothing: the retry while the stream goes on, else null (stream ended). */
    private Object waitUnlessEnded() throws IOException {
        if (!ended()) {
            return waitForData(0);
        }
        throwIfFailed();
        return null;
    }

    private void throwIfFailed() throws IOException {
        if (failure != null) {
            throw failure;
        }
    }

    /** The retry of a read that needs {@code needs} bytes buffered (0: any more than now) before it can finish. */
    private Object waitForData(long needs) {
        if (waiter != null && !waiter.isDone()) {
            throw new IllegalStateException("another read is already waiting for data on this stream");
        }
        wanted = needs;
        resumeIfDrained();
        Promise<Void> w = new Promise<>();
        waiter = w;
        return IoCoroutine.retryAfter(w);
    }

    private void wakeWaiter() {
        Promise<Void> w = waiter;
        if (w != null) {
            waiter = null;
            if (w.isCancelled()) {
                wanted = 0; // that read is gone
            }
            w.complete(null); // a cancelled waiter (its read was cancelled) stays as it is
        }
    }

    private int indexOf(byte[] sep) {
        int last = end - sep.length;
        outer:
        for (int i = start; i <= last; i++) {
            for (int k = 0; k < sep.length; k++) {
                if (buffer[i + k] != sep[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private byte[] take(int n) {
        wanted = 0;
        byte[] out = Arrays.copyOfRange(buffer, start, start + n);
        start += n;
        if (start == end) {
            start = end = 0;
        }
        resumeIfDrained();
        return out;
    }

    private void resumeIfDrained() {
        if (paused && (end - start <= limit || end - start < wanted)) {
            paused = false;
            transport.resumeReading();
        }
    }

    private void makeRoom(int length) {
        int live = end - start;
        if (live + length <= buffer.length) { // it fits once the consumed bytes before start are dropped
            System.arraycopy(buffer, start, buffer, 0, live);
        } else {
            byte[] bigger = new byte[Math.max(buffer.length * 2, live + length)];
            System.arraycopy(buffer, start, bigger, 0, live);
            buffer = bigger;
        }
        start = 0;
        end = live;
    }

    private static String decode(byte[] line, int cut) {
        return new String(line, 0, line.length - cut, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "StreamReader[" + buffered() + " bytes buffered" + (eof ? ", eof" : "")
                + (failure != null ? ", failed: " + failure : "") + (paused ? ", paused" : "") + "]";
    }
}
