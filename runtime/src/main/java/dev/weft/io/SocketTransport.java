package dev.weft.io;

import dev.weft.EventLoop;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/**
 * A connected, non-blocking {@link SocketChannel} (TCP or Unix domain) as a {@link Transport}: the loop calls it
 * when the channel is readable (bytes go to the reader) and, while bytes wait to be sent, when it is writable
 * (one gathering write of everything queued).
 *
 * <p>Invariants (loop thread): the channel is watched for reading unless paused, at its end or closed; it is
 * watched for writing exactly while {@code queue} is not empty; {@code queued} is the sum of the bytes left in
 * {@code queue}; once the peer's end was read, reading is never resumed.
 */
final class SocketTransport extends Transport {
    /** One read buffer per loop thread: bytes are copied into the reader's buffer at once. */
    private static final ThreadLocal<ByteBuffer> READ_BUFFER = ThreadLocal.withInitial(() -> ByteBuffer.allocate(64 * 1024));

    private final SocketChannel channel;
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    private final Runnable onReadable = this::onReadable;
    private final Runnable onWritable = this::onWritable;
    private int queued;
    private boolean readingPaused;
    private boolean peerEnded;
    private boolean eofRequested;
    private boolean eofWritten;

    SocketTransport(EventLoop loop, SocketChannel channel, StreamReader reader) {
        super(loop, reader);
        this.channel = channel;
    }

    @Override
    void start() {
        loop.addReader(channel, onReadable);
    }

    SocketChannel channel() {
        return channel;
    }

    @Override
    int writeBufferSize() {
        return queued;
    }

    @Override
    void write(byte[] data, int offset, int length) {
        if (closing || length == 0) {
            return; // closed (by the server's closeClients, say) or gone: drain() reports why
        }
        ByteBuffer bytes = ByteBuffer.wrap(data, offset, length);
        if (queue.isEmpty()) {
            try {
                channel.write(bytes);
            } catch (IOException e) {
                fail(e);
                return;
            }
            if (!bytes.hasRemaining()) {
                return;
            }
            loop.addWriter(channel, onWritable);
        }
        ByteBuffer copy = ByteBuffer.allocate(bytes.remaining());
        copy.put(bytes).flip();
        queue.add(copy);
        queued += copy.remaining();
    }

    @Override
    boolean canWriteEof() {
        return true;
    }

    @Override
    void writeEof() {
        if (eofRequested || lost) {
            return;
        }
        eofRequested = true;
        if (queue.isEmpty()) {
            shutdownOutput();
        }
    }

    @Override
    void close() {
        if (closing) {
            return;
        }
        closing = true;
        stopReading();
        if (queue.isEmpty()) {
            closeChannel(null);
        }
    }

    @Override
    void abort() {
        closing = true;
        closeChannel(null);
    }

    @Override
    void pauseReading() {
        if (!readingPaused) {
            readingPaused = true;
            stopReading();
        }
    }

    @Override
    void resumeReading() {
        if (readingPaused) {
            readingPaused = false;
            if (!peerEnded && !closing) {
                loop.addReader(channel, onReadable);
            }
        }
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
        ByteBuffer buffer = READ_BUFFER.get();
        buffer.clear();
        int n;
        try {
            n = channel.read(buffer);
        } catch (IOException e) {
            fail(e);
            return;
        }
        if (n > 0) {
            reader.feedData(buffer.array(), 0, n);
        } else if (n < 0) {
            peerEnded = true;
            stopReading();
            reader.feedEof();
            if (eofWritten) {
                closeChannel(null); // both directions are over
            }
        }
    }

    private void onWritable() {
        try {
            channel.write(queue.toArray(new ByteBuffer[0]));
        } catch (IOException e) {
            fail(e);
            return;
        }
        while (!queue.isEmpty() && !queue.peek().hasRemaining()) {
            queue.poll();
        }
        int left = 0;
        for (ByteBuffer b : queue) {
            left += b.remaining();
        }
        queued = left;
        if (queue.isEmpty()) {
            loop.removeWriter(channel);
            if (closing) {
                closeChannel(null);
                return;
            }
            if (eofRequested) {
                shutdownOutput();
            }
        }
        wroteSome();
    }

    private void shutdownOutput() {
        try {
            channel.shutdownOutput();
            eofWritten = true;
            if (peerEnded) {
                closeChannel(null);
            }
        } catch (IOException e) {
            fail(e);
        }
    }

    private void stopReading() {
        if (channel.isOpen()) {
            loop.removeReader(channel);
        }
    }

    private void fail(IOException e) {
        closeChannel(e);
    }

    private void closeChannel(IOException cause) {
        if (lost) {
            return;
        }
        if (channel.isOpen()) {
            loop.removeReader(channel);
            loop.removeWriter(channel);
        }
        queue.clear();
        queued = 0;
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a socket that failed: nothing more to say than cause
        }
        lost(cause);
    }
}
