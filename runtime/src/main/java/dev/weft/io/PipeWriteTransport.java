package dev.weft.io;

import dev.weft.EventLoop;
import dev.weft.LoopClosedException;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * A subprocess's stdin as a {@link Transport} that only writes. {@link #write} never blocks: it queues a copy of
 * the bytes, in slices of at most {@link #SLICE} bytes, and a daemon thread (see {@link PipeThreads}), started at
 * the first write, does the blocking writes to the pipe's {@link OutputStream}. After each slice the thread tells
 * the loop, so the write buffer shrinks and {@link StreamWriter#drain()} wakes as the child reads.
 *
 * <p>A write that fails (a broken pipe: the child exited or closed its stdin) loses the transport with that
 * failure, so {@code drain()} and {@code waitClosed()} fail with it. Once the process has exited, a transport
 * with nothing queued ends too, failing later drains with the same kind of error. {@link #writeEof} and
 * {@link #close} close the pipe once the queued bytes are written (a pipe has one direction: both end it).
 *
 * <p>Invariants:
 * <ul>
 *   <li>{@code queued} (loop thread) is the number of bytes accepted by {@link #write} and not yet reported
 *       written, 0 once the transport is lost;</li>
 *   <li>{@code slices}, {@code ending}, {@code aborted} and {@code exited} are guarded by the monitor of
 *       {@code slices}, shared by the loop and the writer thread; everything else is the loop's;</li>
 *   <li>the writer thread alone writes to the stream, and it closes it whenever it ends; before it is started
 *       nobody writes, and the loop may close the stream itself (closing an idle pipe never blocks);</li>
 *   <li>{@link #lost} is called on the loop exactly once: when the writer thread ends (or at once if it was never
 *       started), with null for an end asked for, else the failure.</li>
 * </ul>
 */
final class PipeWriteTransport extends Transport {
    /** The most bytes the writer thread writes before it reports progress to the loop. */
    static final int SLICE = 64 * 1024;

    private final OutputStream stream;
    private final String name;
    private final boolean piped;
    private final ArrayDeque<byte[]> slices = new ArrayDeque<>();
    private boolean ending;
    private boolean aborted;
    private boolean exited;
    private Thread writer;
    private int queued;

    /**
     * A transport writing to {@code stream} through a thread called {@code name}; when {@code piped} is false (the
     * process's builder redirected its stdin) every drain fails, saying so.
     */
    PipeWriteTransport(EventLoop loop, OutputStream stream, String name, boolean piped) {
        super(loop, null);
        this.stream = stream;
        this.name = name;
        this.piped = piped;
    }

    @Override
    void start() {
        if (!piped) {
            closing = true;
            lost(new IOException(name + ": stdin is not a pipe (the ProcessBuilder redirects it)"));
        }
    }

    @Override
    int writeBufferSize() {
        return queued;
    }

    @Override
    void write(byte[] data, int offset, int length) {
        if (lost || closing || length == 0) {
            return; // lost: drain() reports why
        }
        synchronized (slices) {
            for (int at = offset, end = offset + length; at < end; at += SLICE) {
                slices.add(Arrays.copyOfRange(data, at, Math.min(end, at + SLICE)));
            }
            slices.notifyAll();
        }
        queued += length;
        if (writer == null) {
            writer = PipeThreads.start(name, this::pump);
        }
    }

    @Override
    boolean canWriteEof() {
        return true;
    }

    /** Closes the pipe once the queued bytes are written: the child reads the end of its input. */
    @Override
    void writeEof() {
        close();
    }

    @Override
    void close() {
        if (closing) {
            return;
        }
        closing = true;
        if (writer == null) {
            closeQuietly(stream);
            lost(null);
            return;
        }
        synchronized (slices) {
            ending = true;
            slices.notifyAll();
        }
    }

    /**
     * Drops the queued bytes and ends now; the writer thread, if blocked in a write the child does not take, closes
     * the pipe when that write returns.
     */
    @Override
    void abort() {
        closing = true;
        synchronized (slices) {
            aborted = true;
            slices.clear();
            slices.notifyAll();
        }
        if (writer == null) {
            closeQuietly(stream);
        }
        queued = 0;
        lost(null);
    }

    /** On the loop: the process exited; with nothing left to write, the transport ends (later drains fail). */
    void processExited() {
        if (lost) {
            return;
        }
        if (writer == null) {
            closing = true;
            closeQuietly(stream);
            lost(exitedFailure());
            return;
        }
        synchronized (slices) {
            exited = true;
            slices.notifyAll();
        }
    }

    @Override
    void pauseReading() {
        // nothing is read from stdin
    }

    @Override
    void resumeReading() {
        // nothing is read from stdin
    }

    // ------------------------------------------------------------------ the writer thread

    private void pump() {
        IOException failure = null;
        try {
            byte[] slice;
            while ((slice = nextSlice()) != null) {
                stream.write(slice);
                stream.flush();
                int n = slice.length;
                if (!PipeThreads.post(loop, () -> written(n))) {
                    throw PipeThreads.loopClosed(name);
                }
            }
            synchronized (slices) {
                if (exited && !ending && !aborted) {
                    failure = exitedFailure();
                }
            }
        } catch (IOException e) {
            failure = new IOException("writing to " + name + " failed (the process exited or closed its stdin): "
                    + e.getMessage(), e);
        } catch (LoopClosedException closed) {
            closeQuietly(stream); // nobody will write on: end quietly
            return;
        }
        closeQuietly(stream);
        IOException cause = failure;
        PipeThreads.post(loop, () -> ended(cause));
    }

    /** The next slice to write, or null when the writer must end. Throws LoopClosedException once the loop is closed. */
    private byte[] nextSlice() throws InterruptedIOException {
        synchronized (slices) {
            while (slices.isEmpty() && !ending && !exited && !aborted) {
                if (loop.isClosed()) {
                    throw PipeThreads.loopClosed(name);
                }
                try {
                    slices.wait(PipeThreads.LOOP_CHECK_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException(name + ": the writer thread was interrupted");
                }
            }
            return aborted ? null : slices.poll();
        }
    }

    /** On the loop: {@code n} more bytes reached the pipe. */
    private void written(int n) {
        if (lost) {
            return;
        }
        queued -= n;
        wroteSome();
    }

    /** On the loop: the writer thread ended, with {@code cause} or (null) as asked. */
    private void ended(IOException cause) {
        queued = 0;
        closing = true;
        lost(cause);
    }

    private IOException exitedFailure() {
        return new IOException(name + ": the process exited, its stdin is closed");
    }

    @Override
    public String toString() {
        return "PipeWriteTransport[" + name + ", " + queued + " bytes queued" + (lost ? ", ended" : "") + "]";
    }
}
