package dev.weft.io;

import dev.weft.Shield;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The writing half of a stream (a connection, a subprocess's stdin) — asyncio's {@code StreamWriter}.
 *
 * <p>{@link #write} never waits: the bytes are sent at once if the peer takes them, else buffered. Await
 * {@link #drain()} after writing to wait while the buffer is above its high-water mark (64 KiB by default,
 * {@link #setWriteBufferLimits}), so a slow peer slows the writer instead of filling memory. A connection that is
 * lost (reset by the peer, say) makes further writes do nothing, and {@code drain()} fails with the reason: the
 * error shows at the await, where the writer can handle it.
 *
 * <p>Use it on its loop's thread only.
 */
public final class StreamWriter {
    private final Transport transport;
    /** {@link #writeEof()} was called: writing again is a mistake of the caller. */
    private boolean ended;
    /** {@link #close()} was called: writing again is a mistake of the caller. */
    private boolean closed;

    StreamWriter(Transport transport) {
        this.transport = transport;
    }

    /**
     * Sends {@code data} (copied) without waiting.
     *
     * @throws IllegalStateException after {@link #close()} or {@link #writeEof()}
     */
    public void write(byte[] data) {
        write(data, 0, data.length);
    }

    /** Sends {@code length} bytes of {@code data} from {@code offset}, like {@link #write(byte[])}. */
    public void write(byte[] data, int offset, int length) {
        java.util.Objects.checkFromIndexSize(offset, length, data.length);
        if (closed) {
            throw new IllegalStateException("write after close()");
        }
        if (ended) {
            throw new IllegalStateException("write after writeEof()");
        }
        transport.write(data, offset, length);
    }

    /** Sends {@code text} encoded as UTF-8, like {@link #write(byte[])}. */
    public void write(String text) {
        write(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Done at once while the write buffer is at or below its high-water mark, else once it has fallen to the
     * low-water mark. Fails with the {@link IOException} that lost the connection, if it was lost.
     */
    public IoCoroutine<Void> drain() {
        return IoCoroutine.of("dev.weft.io.StreamWriter.drain", () -> {
            if (transport.failure != null) {
                throw transport.failure;
            }
            if (!transport.lost && transport.aboveHighWater()) {
                return IoCoroutine.retryAfter(Shield.shield(transport.drainWaiter())); // one drain's cancellation is not the others'
            }
            return null;
        });
    }

    /** Whether {@link #writeEof()} can half-close this stream (a socket can; a TLS connection cannot). */
    public boolean canWriteEof() {
        return transport.canWriteEof();
    }

    /**
     * Half-closes: the peer reads the end of the stream once the buffered bytes are sent; reading goes on.
     *
     * @throws UnsupportedOperationException if {@link #canWriteEof()} is false
     */
    public void writeEof() {
        if (!transport.canWriteEof()) {
            throw new UnsupportedOperationException("this stream cannot be half-closed: " + transport.getClass().getSimpleName());
        }
        ended = true;
        transport.writeEof();
    }

    /** Stops writing and closes the stream once the buffered bytes are sent (both directions). */
    public void close() {
        closed = true;
        transport.close();
    }

    /** Closes now, both directions, dropping what is buffered (asyncio's {@code transport.abort()}). */
    public void abort() {
        closed = true;
        transport.abort();
    }

    /** Whether {@link #close()} was called or the connection was lost. */
    public boolean isClosing() {
        return transport.closing;
    }

    /**
     * Done once the stream is closed for good; fails with the {@link IOException} that lost the connection, if
     * it was lost (asyncio's {@code wait_closed}).
     */
    public IoCoroutine<Void> waitClosed() {
        return IoCoroutine.of("dev.weft.io.StreamWriter.waitClosed", () -> {
            if (!transport.lost) {
                return IoCoroutine.retryAfter(Shield.shield(transport.closedSignal()));
            }
            if (transport.failure != null) {
                throw transport.failure;
            }
            return null;
        });
    }

    /** Bytes written and not yet taken by the peer. */
    public int writeBufferSize() {
        return transport.writeBufferSize();
    }

    /** Sets the marks {@link #drain()} uses: it waits above {@code high} until the buffer is at {@code low}. */
    public void setWriteBufferLimits(int high, int low) {
        transport.setWriteBufferLimits(high, low);
    }

    /** The peer's address (null for a pipe, or once closed). */
    public SocketAddress peerAddress() {
        return transport.peerAddress();
    }

    /** This end's address (null for a pipe, or once closed). */
    public SocketAddress localAddress() {
        return transport.localAddress();
    }

    @Override
    public String toString() {
        return "StreamWriter[" + transport.writeBufferSize() + " bytes buffered" + (transport.closing ? ", closing" : "")
                + (transport.failure != null ? ", lost: " + transport.failure : "") + "]";
    }
}
