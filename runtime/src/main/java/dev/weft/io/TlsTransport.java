package dev.weft.io;

import dev.weft.Awaitable;
import dev.weft.EventLoop;
import dev.weft.Promise;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;

/**
 * TLS over a connected, non-blocking {@link SocketChannel}: one {@link SSLEngine} per connection, driven by a
 * {@link TlsEngineDriver} from the same loop callbacks as {@link SocketTransport} (readable: decrypt to the
 * reader; writable: send the ciphertext waiting). The handshake starts with {@link #start()}; {@link #ready()}
 * is done when it finished and fails with its {@link SSLException} (an {@link SSLHandshakeException} for a
 * certificate refused) when it failed. Bytes written before that wait for it; a failed handshake fails the
 * reader and {@code drain()} with the same exception.
 *
 * <p>A client checks that the server's certificate is for the host it connected to (endpoint identification
 * "HTTPS", as an HTTPS client does: a certificate for another name fails the handshake) and gives that host to
 * the engine, which sends it for SNI when it is a fully qualified name. The engine's delegated tasks run inline
 * on the loop (see {@link TlsEngineDriver}).
 *
 * <p>Where it differs from a plain socket: it cannot be half-closed ({@link #canWriteEof()} is false). Once the
 * JDK's {@code SSLEngine} sent its close_notify, a TLS 1.2 session is over both ways, and TLS 1.3 peers commonly
 * take a close_notify for the end of the connection, so reading on after a {@code writeEof} could not be relied
 * on. {@link #close()} sends what is buffered, then the close_notify, then closes the socket without waiting for
 * the peer's. The peer's close_notify ends the reader's stream, after every byte sent before it; writing goes on
 * until {@link #close()} (TLS 1.3), unless the engine answered with its own close_notify (TLS 1.2), which closes
 * the connection: bytes not sent yet are dropped, as the peer is gone. A socket that ends without close_notify
 * fails the reader (after the bytes received) with an {@link SSLException} saying so, since what the peer sent
 * may have been cut short; during the handshake, with an {@link SSLHandshakeException}.
 *
 * <p>Invariants (loop thread): after every pass the channel is watched for reading exactly while
 * {@link #wantsToRead()}, and for writing exactly while the driver holds ciphertext to send; nothing is watched
 * once {@code lost}. {@code ready} is completed when the handshake finished, failed when the transport is lost
 * before that. Once {@code closing} no write is accepted. {@link #writeBufferSize()} is the driver's plaintext
 * not yet sent, and {@code wroteSome()} is called after every pass that may have shrunk it.
 */
final class TlsTransport extends Transport {
    private final SocketChannel channel;
    private final TlsEngineDriver driver;
    private final Promise<Void> ready = new Promise<>();
    private final Runnable onReadable = this::onReadable;
    private final Runnable onWritable = this::onWritable;
    private boolean reading;
    private boolean writing;
    private boolean readingPaused;
    private boolean peerEnded;
    /** A pass of {@link #run()} is on the stack; {@code again} asks it for one more. */
    private boolean running;
    private boolean again;

    private TlsTransport(EventLoop loop, SocketChannel channel, StreamReader reader, SSLEngine engine) {
        super(loop, reader);
        this.channel = channel;
        this.driver = new TlsEngineDriver(engine, reader::feedData);
    }

    /**
     * The client side of a connection to {@code host}:{@code port} (the name the certificate must be for; when
     * null, the peer's address is).
     */
    static Transport client(EventLoop loop, SocketChannel channel, StreamReader reader, SSLContext tls, String host, int port) {
        String peerHost = host;
        int peerPort = port;
        if (peerHost == null) {
            SocketAddress peer = peerOf(channel);
            if (peer instanceof InetSocketAddress) {
                peerHost = ((InetSocketAddress) peer).getHostString();
                peerPort = ((InetSocketAddress) peer).getPort();
            }
        }
        SSLEngine engine = peerHost == null ? tls.createSSLEngine() : tls.createSSLEngine(peerHost, peerPort);
        engine.setUseClientMode(true);
        SSLParameters params = engine.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(params);
        return new TlsTransport(loop, channel, reader, engine);
    }

    /** The server side of an accepted connection. */
    static Transport server(EventLoop loop, SocketChannel channel, StreamReader reader, SSLContext tls) {
        SSLEngine engine = tls.createSSLEngine();
        engine.setUseClientMode(false);
        return new TlsTransport(loop, channel, reader, engine);
    }

    @Override
    void start() {
        try {
            driver.begin();
        } catch (SSLException e) {
            failTls(e);
            return;
        }
        run();
    }

    @Override
    Awaitable<Void> ready() {
        return ready;
    }

    @Override
    int writeBufferSize() {
        return driver.bufferedPlaintext();
    }

    @Override
    void write(byte[] data, int offset, int length) {
        if (closing || length == 0) {
            return; // closing or lost: drain() reports how
        }
        driver.queue(data, offset, length);
        run();
    }

    /** False: see the class comment. */
    @Override
    boolean canWriteEof() {
        return false;
    }

    @Override
    void writeEof() {
        throw new UnsupportedOperationException("a TLS connection cannot be half-closed; close() it");
    }

    @Override
    void close() {
        if (closing) {
            return;
        }
        closing = true;
        driver.requestClose();
        run();
    }

    @Override
    void abort() {
        closing = true;
        closeChannel(null);
    }

    @Override
    void pauseReading() {
        readingPaused = true;
        watch();
    }

    @Override
    void resumeReading() {
        readingPaused = false;
        watch();
    }

    @Override
    SocketAddress peerAddress() {
        return peerOf(channel);
    }

    @Override
    SocketAddress localAddress() {
        return localOf(channel);
    }

    private void onReadable() {
        if (lost) {
            return; // queued in the same pass as the callback that closed the channel
        }
        int n;
        try {
            n = driver.fillFrom(channel);
        } catch (IOException e) {
            closeChannel(e);
            return;
        }
        if (n < 0) {
            peerVanished();
        } else if (n > 0) {
            run();
        }
    }

    private void onWritable() {
        if (!lost) {
            run();
        }
    }

    /**
     * Moves the engine as far as it goes: decrypts what arrived, encrypts what was written, sends while the
     * socket takes it; then settles what that changed (handshake done, the peer's end, the close finished) and
     * which readiness to watch.
     */
    private void run() {
        if (lost) {
            return;
        }
        if (running) {
            again = true; // a write from inside the reader's callbacks: the pass on the stack takes it
            return;
        }
        running = true;
        try {
            do {
                again = false;
                do {
                    driver.advance();
                } while (driver.flushTo(channel) > 0 && !driver.hasOutbound());
            } while (again && !lost);
        } catch (SSLException e) {
            running = false;
            failTls(e);
            return;
        } catch (IOException e) {
            running = false;
            closeChannel(e);
            return;
        }
        running = false;
        settle();
    }

    private void settle() {
        if (lost) {
            return;
        }
        if (driver.handshakeDone()) {
            ready.complete(null);
        }
        if (driver.inboundDone() && !peerEnded) {
            peerEnded = true;
            reader.feedEof();
        }
        if (driver.outboundDone()) {
            closeChannel(null); // our close_notify went out (after a close(), or the engine's answer to the peer's)
            return;
        }
        watch();
        wroteSome();
    }

    /** Reading goes on during the handshake even when paused or closing: it needs the peer's messages. */
    private boolean wantsToRead() {
        return !lost && !peerEnded && (!driver.handshakeDone() || !readingPaused && !closing);
    }

    private void watch() {
        if (lost) {
            return;
        }
        boolean read = wantsToRead();
        if (read != reading) {
            reading = read;
            if (read) {
                loop.addReader(channel, onReadable);
            } else {
                loop.removeReader(channel);
            }
        }
        boolean write = driver.hasOutbound();
        if (write != writing) {
            writing = write;
            if (write) {
                loop.addWriter(channel, onWritable);
            } else {
                loop.removeWriter(channel);
            }
        }
    }

    /** The socket ended without the peer's close_notify (which would have stopped reading first). */
    private void peerVanished() {
        try {
            driver.engine().closeInbound();
        } catch (SSLException expected) {
            // the engine's own words for a missing close_notify; ours below say more
        }
        closeChannel(driver.handshakeDone()
                ? new SSLException("the peer closed the connection without a TLS close_notify: what it sent may be truncated")
                : new SSLHandshakeException("the peer closed the connection during the TLS handshake"));
    }

    /**
     * The engine failed: send the alert it has for the peer if the socket takes it at once, then close. A failure
     * before the handshake finished is an {@link SSLHandshakeException} whatever the JDK threw (JDK 25 reports an
     * empty trust store as a plain {@link SSLException}, JDK 17 as a handshake failure).
     */
    private void failTls(SSLException e) {
        if (!driver.handshakeDone() && !(e instanceof SSLHandshakeException)) {
            SSLHandshakeException handshake = new SSLHandshakeException(String.valueOf(e.getMessage()));
            handshake.initCause(e);
            e = handshake;
        }
        driver.prepareAlert();
        try {
            driver.flushTo(channel);
        } catch (IOException ignored) {
            // the peer is gone as well: e says what went wrong first
        }
        closeChannel(e);
    }

    private void closeChannel(IOException cause) {
        if (lost) {
            return;
        }
        if (channel.isOpen() && !loop.isClosed()) {
            loop.removeReader(channel);
            loop.removeWriter(channel);
        }
        reading = false;
        writing = false;
        driver.discard();
        Transport.closeQuietly(channel);
        if (!ready.isDone()) {
            ready.fail(cause != null ? cause : new SSLException("the connection was closed before the TLS handshake finished"));
        }
        lost(cause);
    }
}
