package dev.weft.io;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * One {@link SSLEngine} and its buffers: ciphertext received and not yet decrypted, ciphertext made and not
 * yet sent, and plaintext written and not yet encrypted. {@link #advance()} runs the engine as far as it can go
 * without I/O (handshake steps, decryption of what was received, encryption of what was written, the
 * close_notify once asked for); the owner moves the ciphertext with {@link #fillFrom} and {@link #flushTo}, and
 * calls {@code advance} again. It knows nothing of selectors or loops, so a test can drive two of them over pipes.
 *
 * <p>The engine's delegated tasks (certificate checks, key agreement: a few milliseconds each) run inline in
 * {@code advance}, on the caller's thread. A {@link javax.net.ssl.TrustManager} that blocks (one that fetches
 * revocation lists, say) therefore blocks the event loop while it runs.
 *
 * <p>Invariants (one thread at a time):
 * <ul>
 *   <li>{@code netIn} and {@code netOut} stay in fill mode (position = end of the bytes held) between calls;</li>
 *   <li>the plaintext in {@code pending} is encrypted only once the handshake finished, in order, each byte once;
 *       {@code pendingBytes} is the sum of its remaining bytes;</li>
 *   <li>{@code wrappedBytes} counts the plaintext encrypted into {@code netOut} since it was last empty: zero
 *       whenever {@code netOut} is empty, so {@link #bufferedPlaintext()} overcounts by at most what
 *       {@code netOut} holds (two records);</li>
 *   <li>decrypted bytes go to the sink in the order received, each once, none after the peer's close_notify;</li>
 *   <li>the close_notify is made only once {@link #requestClose()} was called, the handshake finished and no
 *       plaintext is pending: nothing written before the close is lost.</li>
 * </ul>
 */
final class TlsEngineDriver {
    /** Takes the plaintext decrypted; the bytes are only valid during the call. */
    @FunctionalInterface
    interface PlainSink {
        void plaintext(byte[] data, int offset, int length);
    }

    private static final ByteBuffer[] NO_PLAINTEXT = {ByteBuffer.allocate(0)};
    private static final int MAX_GATHER = 16;
    /** One decryption buffer per thread: its bytes are handed to the sink (which copies them) at once. */
    private static final ThreadLocal<ByteBuffer[]> PLAIN_IN = ThreadLocal.withInitial(() -> new ByteBuffer[1]);

    private final SSLEngine engine;
    private final PlainSink sink;
    private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
    private final ByteBuffer[] gather = new ByteBuffer[MAX_GATHER];
    private ByteBuffer netIn;
    private ByteBuffer netOut;
    private int packetSize;
    private int pendingBytes;
    private int wrappedBytes;
    private boolean began;
    private boolean handshakeDone;
    private boolean closeRequested;
    private boolean closeNotifyStarted;

    TlsEngineDriver(SSLEngine engine, PlainSink sink) {
        this.engine = engine;
        this.sink = sink;
        this.packetSize = engine.getSession().getPacketBufferSize();
        this.netIn = ByteBuffer.allocate(packetSize);
        this.netOut = ByteBuffer.allocate(2 * packetSize);
    }

    SSLEngine engine() {
        return engine;
    }

    /** Starts the handshake; call {@link #advance()} next. */
    void begin() throws SSLException {
        engine.beginHandshake();
        began = true;
    }

    /** Whether the first handshake finished: application bytes flow from here on. */
    boolean handshakeDone() {
        return handshakeDone;
    }

    /** Whether the peer's close_notify arrived: nothing more will be decrypted. */
    boolean inboundDone() {
        return engine.isInboundDone();
    }

    /** Whether this side's close_notify (or the alert of a failure) is made and sent: nothing more will be sent. */
    boolean outboundDone() {
        return engine.isOutboundDone() && netOut.position() == 0;
    }

    /** Whether ciphertext waits to be sent. */
    boolean hasOutbound() {
        return netOut.position() > 0;
    }

    /** Plaintext accepted by {@link #queue} and not yet encrypted and sent (see the invariants). */
    int bufferedPlaintext() {
        return pendingBytes + wrappedBytes;
    }

    /** Accepts plaintext to send (copied), encrypted by a later {@link #advance()}. */
    void queue(byte[] data, int offset, int length) {
        if (length == 0) {
            return;
        }
        pending.add(ByteBuffer.wrap(java.util.Arrays.copyOfRange(data, offset, offset + length)));
        pendingBytes += length;
    }

    /** Asks for the close_notify, made once the pending plaintext is encrypted. */
    void requestClose() {
        closeRequested = true;
    }

    /** Reads ciphertext from {@code channel}: the count, 0 when none was there, -1 at its end. */
    int fillFrom(ReadableByteChannel channel) throws IOException {
        if (!netIn.hasRemaining()) {
            netIn = grow(netIn, Math.max(packetSize, netIn.capacity() * 2));
        }
        return channel.read(netIn);
    }

    /** Writes what it can of the ciphertext waiting to {@code channel}: the count. */
    int flushTo(WritableByteChannel channel) throws IOException {
        if (netOut.position() == 0) {
            return 0;
        }
        netOut.flip();
        int n;
        try {
            n = channel.write(netOut);
        } finally {
            netOut.compact();
        }
        if (netOut.position() == 0) {
            wrappedBytes = 0;
        }
        return n;
    }

    /**
     * Runs the engine until it needs I/O: handshake steps and delegated tasks, decryption of every whole record
     * received (to the sink), encryption of pending plaintext while {@code netOut} has room for a record, then the
     * close_notify if asked for. Returns whether anything moved.
     *
     * @throws SSLException when the handshake or a record failed; {@link #prepareAlert()} then makes the alert
     */
    boolean advance() throws SSLException {
        if (!began) {
            return false;
        }
        boolean moved = false;
        for (;;) {
            boolean step;
            HandshakeStatus status = engine.getHandshakeStatus();
            switch (status) {
                case NEED_TASK:
                    step = runDelegatedTasks();
                    break;
                case NEED_WRAP:
                    step = wrap(NO_PLAINTEXT, 1);
                    break;
                case NEED_UNWRAP:
                case NEED_UNWRAP_AGAIN:
                    step = unwrap();
                    break;
                default: // NOT_HANDSHAKING, between handshakes or once closed
                    if (!handshakeDone && !engine.isInboundDone() && !engine.isOutboundDone()) {
                        handshakeDone = true; // FINISHED is told by one result only; no handshake left says the same
                    }
                    step = !engine.isInboundDone() && netIn.position() > 0 && unwrap();
                    if (handshakeDone && !engine.isOutboundDone()) {
                        if (pendingBytes > 0) {
                            step |= wrap(pendingBuffers(), Math.min(pending.size(), MAX_GATHER));
                        } else if (closeRequested && !closeNotifyStarted) {
                            closeNotifyStarted = true;
                            engine.closeOutbound(); // the engine now needs to wrap the close_notify
                            step = true;
                        }
                    }
            }
            if (!step) {
                return moved;
            }
            moved = true;
        }
    }

    /**
     * After {@link #advance()} failed: makes the alert the engine has for the peer (a bad certificate, say) into
     * {@code netOut}, for the owner to send if it can. Never throws.
     */
    void prepareAlert() {
        for (int i = 0; i < 4 && !engine.isOutboundDone() && netOut.remaining() >= packetSize; i++) {
            try {
                if (engine.wrap(NO_PLAINTEXT, netOut).bytesProduced() == 0) {
                    return;
                }
            } catch (SSLException | RuntimeException e) {
                return; // the engine has nothing more to say
            }
        }
    }

    /** Drops every buffer: the connection is gone. */
    void discard() {
        pending.clear();
        pendingBytes = 0;
        wrappedBytes = 0;
        netOut.clear();
        netIn.clear();
    }

    private boolean wrap(ByteBuffer[] plaintext, int count) throws SSLException {
        if (netOut.position() > 0 && netOut.remaining() < packetSize) {
            return false; // send what is there first
        }
        HandshakeStatus before = engine.getHandshakeStatus();
        SSLEngineResult r;
        try {
            r = engine.wrap(plaintext, 0, count, netOut);
        } catch (RuntimeException e) {
            throw failed(e);
        } finally {
            if (plaintext == gather) {
                java.util.Arrays.fill(gather, null); // keep no buffer alive that left pending
            }
        }
        if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
            if (netOut.position() > 0) {
                return false;
            }
            packetSize = Math.max(packetSize, engine.getSession().getPacketBufferSize());
            netOut = grow(netOut, Math.max(netOut.capacity() * 2, 2 * packetSize));
            return true;
        }
        int used = r.bytesConsumed();
        if (used > 0) {
            pendingBytes -= used;
            wrappedBytes += used;
            while (!pending.isEmpty() && !pending.peek().hasRemaining()) {
                pending.poll();
            }
        }
        noteFinished(r);
        return used > 0 || r.bytesProduced() > 0 || r.getHandshakeStatus() != before;
    }

    /** Unwraps one record; while handshaking, also with nothing received, so a delegated task's failure surfaces. */
    private boolean unwrap() throws SSLException {
        ByteBuffer plain = plainBuffer();
        HandshakeStatus before = engine.getHandshakeStatus();
        SSLEngineResult r;
        netIn.flip();
        try {
            r = engine.unwrap(netIn, plain);
        } catch (RuntimeException e) {
            throw failed(e);
        } finally {
            netIn.compact();
        }
        if (plain.position() > 0) {
            sink.plaintext(plain.array(), plain.arrayOffset(), plain.position());
        }
        switch (r.getStatus()) {
            case BUFFER_OVERFLOW:
                growPlainBuffer();
                return true;
            case BUFFER_UNDERFLOW: // no whole record yet
                packetSize = Math.max(packetSize, engine.getSession().getPacketBufferSize());
                if (netIn.capacity() < packetSize) {
                    netIn = grow(netIn, packetSize);
                }
                return false;
            default:
                noteFinished(r);
                return r.bytesConsumed() > 0 || r.bytesProduced() > 0 || r.getHandshakeStatus() != before;
        }
    }

    private void noteFinished(SSLEngineResult r) {
        if (r.getHandshakeStatus() == HandshakeStatus.FINISHED) {
            handshakeDone = true;
        }
    }

    /** Runs the engine's delegated tasks; whether there was one. */
    private boolean runDelegatedTasks() throws SSLException {
        boolean ran = false;
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            ran = true;
            try {
                task.run(); // inline, on the caller's thread: see the class comment
            } catch (RuntimeException e) {
                throw failed(e);
            }
        }
        return ran;
    }

    /**
     * An engine, task or trust manager that threw an unchecked exception (the JDK's does for a trust store with no
     * certificate at all): reported as the {@link SSLException} it stands for, so the connection fails as usual.
     */
    private SSLException failed(RuntimeException e) {
        String what = "TLS engine failed: " + e;
        SSLException failure = handshakeDone ? new SSLException(what, e) : new SSLHandshakeException(what);
        if (failure.getCause() == null) {
            failure.initCause(e);
        }
        return failure;
    }

    private ByteBuffer[] pendingBuffers() {
        Iterator<ByteBuffer> it = pending.iterator();
        for (int i = 0; i < MAX_GATHER && it.hasNext(); i++) {
            gather[i] = it.next();
        }
        return gather;
    }

    private ByteBuffer plainBuffer() {
        ByteBuffer[] slot = PLAIN_IN.get();
        int need = Math.max(engine.getSession().getApplicationBufferSize(), 32 * 1024);
        if (slot[0] == null || slot[0].capacity() < need) {
            slot[0] = ByteBuffer.allocate(need);
        }
        slot[0].clear();
        return slot[0];
    }

    private static void growPlainBuffer() {
        ByteBuffer[] slot = PLAIN_IN.get();
        slot[0] = ByteBuffer.allocate(slot[0].capacity() * 2);
    }

    /** A buffer of {@code capacity} in fill mode holding what {@code old} (in fill mode) held. */
    private static ByteBuffer grow(ByteBuffer old, int capacity) {
        ByteBuffer bigger = ByteBuffer.allocate(capacity);
        old.flip();
        bigger.put(old);
        return bigger;
    }
}
