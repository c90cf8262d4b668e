package dev.weft.bench.net;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One connection of the {@link LoadClient}: a closed loop of round trips, one request in flight at a time. It
 * sends its line (the same bytes every time, distinct per connection), waits until exactly as many bytes came
 * back, checks that they are the line, records the round trip's latency and sends the line again at once.
 *
 * <p>Latencies go into a {@code long[]} allocated up front (no allocation while measuring). When a connection
 * completes more round trips than it has room for, it keeps a uniform sample of them (reservoir sampling) and
 * {@link #sampled()} says so.
 *
 * <p>At the end of a run the client lets the request in flight come back, then half-closes and waits for the
 * server's end of the stream, so that servers see an orderly close rather than a reset.
 *
 * <p>Invariants: used by one client thread only; {@code in} holds the bytes of the current response
 * ({@code in.position()} of them; one more than the line is a failure); {@code out} holds what is still to be sent of the
 * current request; {@code completed} counts the round trips finished while measuring, {@code stored} the
 * latencies kept, {@code stored <= samples.length}.
 */
final class ClientConnection {
    private final SocketChannel channel;
    private final byte[] line;
    private final ByteBuffer out;
    private final ByteBuffer in;
    private final long[] samples;
    private SelectionKey key;
    private long sentAt;
    private long completed;
    private int stored;
    private String failure;
    /** The client sent its end (no request in flight): the server's end of the stream is expected next. */
    private boolean ended;
    private boolean closed;

    private ClientConnection(SocketChannel channel, byte[] line, int sampleCapacity) {
        this.channel = channel;
        this.line = line;
        this.out = ByteBuffer.wrap(line);
        this.in = ByteBuffer.allocate(line.length + 1); // one more: a byte too many shows
        this.samples = new long[sampleCapacity];
    }

    /**
     * Connects (blocking, so that 1,000 connections are set up one after another rather than all in the
     * listen backlog at once), then switches to non-blocking. The line is {@code lineBytes} long, ends with
     * {@code \n} and names the connection.
     */
    static ClientConnection connect(SocketAddress server, int index, int lineBytes, int sampleCapacity) throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.connect(server);
            channel.configureBlocking(false);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return new ClientConnection(channel, lineFor(index, lineBytes), sampleCapacity);
    }

    /** {@code lineBytes} bytes of ASCII naming connection {@code index}, the last one {@code \n}. */
    static byte[] lineFor(int index, int lineBytes) {
        if (lineBytes < 2) {
            throw new IllegalArgumentException("a line needs at least 2 bytes: " + lineBytes);
        }
        byte[] b = new byte[lineBytes];
        byte[] name = ("c" + index + " ").getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < lineBytes - 1; i++) {
            b[i] = i < name.length ? name[i] : (byte) ('a' + (i % 26));
        }
        b[lineBytes - 1] = '\n';
        return b;
    }

    /** Registers with the client thread's selector and sends the first request. */
    void start(Selector selector) throws IOException {
        key = channel.register(selector, SelectionKey.OP_READ, this);
        send(System.nanoTime());
    }

    /**
     * The channel is readable: takes the bytes, and once the whole response is there starts the next round trip
     * or, when {@code ending}, half-closes instead (the server's end of the stream then closes the connection).
     */
    void onReadable(boolean measuring, boolean ending) {
        int n;
        try {
            n = channel.read(in);
        } catch (IOException e) {
            fail("read failed: " + e.getMessage());
            return;
        }
        if (n < 0) {
            if (ended && in.position() == 0) {
                close(); // the orderly end: both sides are done
            } else {
                fail("the server closed the connection");
            }
            return;
        }
        if (in.position() < line.length) {
            return;
        }
        long now = System.nanoTime();
        if (in.position() > line.length) {
            fail("the server sent more than the line"); // it must answer each line exactly once
            return;
        }
        if (!sameAsLine()) {
            fail("the response is not the line sent");
            return;
        }
        if (measuring) {
            record(now - sentAt);
        }
        in.clear();
        if (ending) {
            end();
        } else {
            send(now);
        }
    }

    private void end() {
        ended = true;
        try {
            channel.shutdownOutput();
        } catch (IOException e) {
            fail("shutdownOutput failed: " + e.getMessage());
        }
    }

    /** The channel is writable again: sends the rest of the request. */
    void onWritable() {
        flush();
    }

    private void send(long now) {
        sentAt = now;
        out.clear();
        flush();
    }

    private void flush() {
        try {
            channel.write(out);
        } catch (IOException e) {
            fail("write failed: " + e.getMessage());
            return;
        }
        if (key.isValid()) {
            key.interestOps(out.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }
    }

    private boolean sameAsLine() {
        byte[] got = in.array();
        for (int i = 0; i < line.length; i++) {
            if (got[i] != line[i]) {
                return false;
            }
        }
        return true;
    }

    private void record(long nanos) {
        completed++;
        if (stored < samples.length) {
            samples[stored++] = nanos;
        } else {
            long slot = ThreadLocalRandom.current().nextLong(completed);
            if (slot < samples.length) {
                samples[(int) slot] = nanos;
            }
        }
    }

    private void fail(String why) {
        if (failure == null) {
            failure = why;
        }
        close();
    }

    void close() {
        closed = true;
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing at the end of a run: nothing to report
        }
    }

    /** Whether the connection is still open (not ended in order, not failed, not closed). */
    boolean isOpen() {
        return !closed;
    }

    /** Round trips completed while measuring. */
    long completed() {
        return completed;
    }

    /** Whether more round trips completed than could be kept: the latencies are then a uniform sample. */
    boolean sampled() {
        return completed > samples.length;
    }

    /** Copies the kept latencies (nanoseconds) into {@code into} from {@code at}; returns how many. */
    int copySamples(long[] into, int at) {
        System.arraycopy(samples, 0, into, at, stored);
        return stored;
    }

    int stored() {
        return stored;
    }

    /** Why the connection ended before the run did, or null. */
    String failure() {
        return failure;
    }
}
