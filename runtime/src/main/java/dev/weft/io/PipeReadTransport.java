package dev.weft.io;

import dev.weft.EventLoop;
import dev.weft.LoopClosedException;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Arrays;

/**
 * A subprocess's stdout or stderr as a {@link Transport} that only reads. A daemon thread (see {@link PipeThreads})
 * reads the pipe's blocking {@link InputStream} and hands each chunk to the loop, which feeds it to the
 * {@link StreamReader}; at the end of the pipe it hands over the end (or the failure).
 *
 * <p>Flow control: while the reader holds more than twice its limit it pauses this transport, and the pump thread
 * stops reading until it is resumed. The child then fills the pipe and blocks writing to it, as with asyncio: a
 * child that floods a pipe nobody reads waits for a reader instead of filling the parent's memory.
 *
 * <p>Invariants:
 * <ul>
 *   <li>the reader is filled on the loop's thread only, with the chunks in the order they were read, then exactly
 *       one end: {@link #lost lost(null)} (end of stream) or {@code lost(failure)};</li>
 *   <li>the pump reads only while the transport is neither paused nor stopped and fewer than {@link #MAX_IN_FLIGHT}
 *       of its chunks wait on the loop to be fed, so the reader never holds more than twice its limit plus
 *       {@code MAX_IN_FLIGHT + 1} chunks of {@link #CHUNK} bytes;</li>
 *   <li>{@code paused}, {@code stopped} and {@code inFlight} are guarded by this object's monitor, shared by the loop
 *       and the pump thread; everything else is the loop's;</li>
 *   <li>the pump thread alone reads and closes the stream, and it closes it whenever it ends (end of stream,
 *       failure, {@link #close}, or its loop closed).</li>
 * </ul>
 */
final class PipeReadTransport extends Transport {
    /** The most bytes one read of the pipe takes. */
    static final int CHUNK = 64 * 1024;
    /** How many chunks the pump may have handed to the loop and not yet seen fed. */
    static final int MAX_IN_FLIGHT = 2;

    private final InputStream stream;
    private final String name;
    private final boolean piped;
    private boolean paused;
    private boolean stopped;
    private int inFlight;

    /**
     * A transport filling {@code reader} from {@code stream}, pumped by a thread called {@code name}; when
     * {@code piped} is false (the process's builder redirected this stream) the reader sees the end at once.
     */
    PipeReadTransport(EventLoop loop, StreamReader reader, InputStream stream, String name, boolean piped) {
        super(loop, reader);
        this.stream = stream;
        this.name = name;
        this.piped = piped;
    }

    @Override
    void start() {
        if (!piped) {
            closeQuietly(stream);
            lost(null);
            return;
        }
        PipeThreads.start(name, this::pump);
    }

    @Override
    int writeBufferSize() {
        return 0;
    }

    @Override
    void write(byte[] data, int offset, int length) {
        throw new UnsupportedOperationException(name + " is the output of a process: it cannot be written");
    }

    @Override
    boolean canWriteEof() {
        return false;
    }

    @Override
    void writeEof() {
        throw new UnsupportedOperationException(name + " is the output of a process: it cannot be written");
    }

    /** Stops reading: the reader sees the end after what it holds; the pump closes the pipe when its read returns. */
    @Override
    void close() {
        synchronized (this) {
            stopped = true;
            notifyAll();
        }
        lost(null);
    }

    @Override
    void abort() {
        close();
    }

    @Override
    synchronized void pauseReading() {
        paused = true;
    }

    @Override
    synchronized void resumeReading() {
        paused = false;
        notifyAll();
    }

    /** Whether the pump is holding off because the reader is full (for tests of the flow control). */
    synchronized boolean isPaused() {
        return paused;
    }

    // ------------------------------------------------------------------ the pump thread

    private void pump() {
        byte[] buffer = new byte[CHUNK];
        IOException failure = null;
        try {
            while (awaitTurn()) {
                int n = stream.read(buffer);
                if (n < 0) {
                    break;
                }
                if (n > 0) {
                    hand(Arrays.copyOf(buffer, n));
                }
            }
        } catch (IOException e) {
            failure = new IOException("reading " + name + " failed: " + e.getMessage(), e);
        } catch (LoopClosedException closed) {
            closeQuietly(stream); // nobody will read on: end quietly
            return;
        }
        closeQuietly(stream);
        IOException cause = failure;
        PipeThreads.post(loop, () -> lost(cause));
    }

    /** Waits while the reader is full; false once stopped. Throws LoopClosedException once the loop is closed. */
    private synchronized boolean awaitTurn() throws InterruptedIOException {
        while (!stopped && (paused || inFlight >= MAX_IN_FLIGHT)) {
            if (loop.isClosed()) {
                throw PipeThreads.loopClosed(name);
            }
            try {
                wait(PipeThreads.LOOP_CHECK_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException(name + ": the pump thread was interrupted");
            }
        }
        return !stopped;
    }

    private void hand(byte[] chunk) {
        synchronized (this) {
            inFlight++;
        }
        if (!PipeThreads.post(loop, () -> fed(chunk))) {
            throw PipeThreads.loopClosed(name);
        }
    }

    /** On the loop: the chunk goes to the reader (which may pause this transport), then the pump may read on. */
    private void fed(byte[] chunk) {
        reader.feedData(chunk, 0, chunk.length);
        synchronized (this) {
            inFlight--;
            notifyAll();
        }
    }

    @Override
    public String toString() {
        return "PipeReadTransport[" + name + (lost ? ", ended" : "") + "]";
    }
}
