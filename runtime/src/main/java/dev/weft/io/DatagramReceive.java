package dev.weft.io;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * {@link DatagramEndpoint#receive()}: takes one datagram from the socket, or waits until one is there.
 *
 * <p>Invariants: the datagram is read into its loop thread's buffer, limited to the endpoint's maximum datagram
 * size, and copied out whole in the same try; the buffer holds nothing between tries.
 */
final class DatagramReceive extends DatagramAttempt {
    /** One receive buffer per loop thread, as large as a datagram can be. */
    private static final ThreadLocal<ByteBuffer> BUFFER =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(DatagramEndpoint.LARGEST_DATAGRAM));

    DatagramReceive(DatagramEndpoint endpoint) {
        super(endpoint, true);
    }

    @Override
    Object tryOnce() throws IOException {
        ByteBuffer buffer = BUFFER.get();
        buffer.clear().limit(endpoint.maxDatagramSize());
        SocketAddress sender = endpoint.channel().receive(buffer);
        if (sender == null) {
            return NOT_READY;
        }
        buffer.flip();
        byte[] data = new byte[buffer.remaining()];
        buffer.get(data);
        return new Datagram(data, sender);
    }
}
