package dev.weft.io;

import dev.weft.AsyncCloseable;
import dev.weft.Awaitable;

import javax.net.ssl.SSLContext;
import java.net.SocketAddress;
import java.util.Objects;

/**
 * An open stream connection, TCP, TLS or Unix domain: its {@link #reader()} and {@link #writer()} (asyncio's
 * {@code open_connection} returns the same pair). Closing it closes both directions once the buffered bytes
 * are sent. Use it on the loop's thread that opened it.
 */
public final class Connection implements AsyncCloseable {
    private final StreamReader reader;
    private final StreamWriter writer;

    Connection(StreamReader reader, StreamWriter writer) {
        this.reader = reader;
        this.writer = writer;
    }

    /**
     * Connects to {@code host}:{@code port}, trying each address the name resolves to in turn. The name is
     * resolved on a worker thread, never on the loop's. Fails with {@link java.net.UnknownHostException} or
     * {@link java.net.ConnectException} (the first address's failure, the others' suppressed).
     */
    public static IoCoroutine<Connection> open(String host, int port) {
        return open(host, port, null);
    }

    /**
     * Like {@link #open(String, int)}, with TLS when {@code tls} is not null, the handshake done before it returns.
     * The server's certificate must be valid for {@code host} (HTTPS endpoint identification), else it fails with
     * {@link javax.net.ssl.SSLHandshakeException}. A TLS connection cannot be half-closed, and a peer that closes
     * its socket without a close_notify fails the reader with an {@link javax.net.ssl.SSLException}.
     */
    public static IoCoroutine<Connection> open(String host, int port, SSLContext tls) {
        Objects.requireNonNull(host, "host");
        checkPort(port);
        return IoCoroutine.of("dev.weft.io.Connection.open", new Connect(host, port, null, tls));
    }

    /**
     * Connects to {@code address}: an {@link java.net.InetSocketAddress} (resolved first if it is not) or a
     * {@link java.net.UnixDomainSocketAddress}.
     */
    public static IoCoroutine<Connection> open(SocketAddress address) {
        return open(address, null);
    }

    /** Like {@link #open(SocketAddress)}, with TLS when {@code tls} is not null. */
    public static IoCoroutine<Connection> open(SocketAddress address, SSLContext tls) {
        Objects.requireNonNull(address, "address");
        return IoCoroutine.of("dev.weft.io.Connection.open", new Connect(null, 0, address, tls));
    }

    static void checkPort(int port) {
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    public StreamReader reader() {
        return reader;
    }

    public StreamWriter writer() {
        return writer;
    }

    /** Closes the connection once the buffered bytes are sent. */
    public void close() {
        writer.close();
    }

    /** Closes, then is done once the connection is closed for good. */
    @Override
    public Awaitable<Void> closeAsync() {
        writer.close();
        return writer.waitClosed();
    }

    @Override
    public String toString() {
        return "Connection[" + writer.localAddress() + " -> " + writer.peerAddress() + "]";
    }
}
