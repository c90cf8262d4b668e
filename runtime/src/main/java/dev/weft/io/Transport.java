package dev.weft.io;

import dev.weft.Awaitable;
import dev.weft.EventLoop;
import dev.weft.Promise;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;

/**
 * What moves a stream's bytes (a socket, a TLS session over one, a subprocess's pipe), seen by its
 * {@link StreamWriter} and {@link StreamReader}: writes are buffered and sent as the peer takes them, reading
 * pauses while the reader is full. This base keeps what every transport shares: the write buffer's water marks
 * and {@code drain}'s waiter, closing, and the failure that lost the connection.
 *
 * <p>Invariants (all on the loop's thread): once {@code closing} no write is accepted; {@code lost} is set once,
 * when the transport is closed for good, with {@code failure} the reason or null for a clean close; the drain
 * waiter is completed whenever the buffer falls to the low-water mark or the transport is lost.
 */
abstract class Transport {
    static final int DEFAULT_HIGH_WATER = 64 * 1024;
    static final int DEFAULT_LOW_WATER = 16 * 1024;

    final EventLoop loop;
    /** Filled by this transport; null for a transport that only writes. */
    final StreamReader reader;
    private final Promise<Void> closed = new Promise<>();
    private int highWater = DEFAULT_HIGH_WATER;
    private int lowWater = DEFAULT_LOW_WATER;
    private Promise<Void> drainWaiter;
    boolean closing;
    boolean lost;
    IOException failure;

    Transport(EventLoop loop, StreamReader reader) {
        this.loop = loop;
        this.reader = reader;
        if (reader != null) {
            reader.attach(this);
        }
    }

    /** Starts moving bytes; called once, on the loop thread, when the transport's channel is connected. */
    abstract void start();

    /**
     * What must be done before the stream carries the user's bytes (a TLS handshake), or null if nothing: fails
     * with the reason the transport could not be set up.
     */
    Awaitable<Void> ready() {
        return null;
    }

    /** Bytes accepted by {@link #write} and not yet taken by the peer. */
    abstract int writeBufferSize();

    /** Sends {@code length} bytes of {@code data} (copied) as soon as the peer takes them. */
    abstract void write(byte[] data, int offset, int length);

    /** Whether {@link #writeEof} can half-close this transport. */
    abstract boolean canWriteEof();

    /** Closes the sending direction once the buffered bytes are sent. */
    abstract void writeEof();

    /** Stops accepting writes, sends what is buffered, then closes. */
    abstract void close();

    /** Closes now, dropping what is buffered. */
    abstract void abort();

    abstract void pauseReading();

    abstract void resumeReading();

    /** The peer's address; null for a pipe, or a socket that is closed. */
    SocketAddress peerAddress() {
        return null;
    }

    /** This end's address; null for a pipe, or a socket that is closed. */
    SocketAddress localAddress() {
        return null;
    }

    /** Closes {@code resource} (null: nothing), ignoring a failure: for a socket or pipe being given up anyway. */
    static void closeQuietly(java.io.Closeable resource) {
        if (resource != null) {
            try {
                resource.close();
            } catch (IOException ignored) {
                // given up anyway: the failure that matters is the one being reported
            }
        }
    }

    /** {@code channel}'s peer, or null once it is closed. */
    static SocketAddress peerOf(SocketChannel channel) {
        try {
            return channel.getRemoteAddress();
        } catch (IOException e) {
            return null;
        }
    }

    /** {@code channel}'s own address, or null once it is closed. */
    static SocketAddress localOf(SocketChannel channel) {
        try {
            return channel.getLocalAddress();
        } catch (IOException e) {
            return null;
        }
    }

    void setWriteBufferLimits(int high, int low) {
        if (low < 0 || high < low) {
            throw new IllegalArgumentException("need 0 <= low <= high, got high " + high + ", low " + low);
        }
        highWater = high;
        lowWater = low;
        wroteSome();
    }

    int highWater() {
        return highWater;
    }

    int lowWater() {
        return lowWater;
    }

    /** Whether a writer must wait before it writes more. */
    boolean aboveHighWater() {
        return writeBufferSize() > highWater;
    }

    /** Done when the buffer falls to the low-water mark or the transport is lost. */
    Awaitable<Void> drainWaiter() {
        if (drainWaiter == null || drainWaiter.isDone()) {
            drainWaiter = new Promise<>();
        }
        return drainWaiter;
    }

    /** Done once the transport is closed for good. */
    Awaitable<Void> closedSignal() {
        return closed;
    }

    /** For subclasses: the buffer shrank. */
    final void wroteSome() {
        if (drainWaiter != null && (lost || writeBufferSize() <= lowWater)) {
            Promise<Void> w = drainWaiter;
            drainWaiter = null;
            w.complete(null);
        }
    }

    /** For subclasses: the transport is closed for good, by {@code cause} or (null) cleanly; the reader sees its end. */
    final void lost(IOException cause) {
        if (lost) {
            return;
        }
        lost = true;
        closing = true;
        failure = cause;
        if (reader != null) {
            if (cause == null) {
                reader.feedEof();
            } else {
                reader.feedFailure(cause);
            }
        }
        wroteSome();
        closed.complete(null);
    }
}
