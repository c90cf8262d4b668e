package dev.weft.io;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * {@link DatagramEndpoint#send}: hands one datagram to the operating system, or waits until the socket's send
 * buffer has room for it (a non-blocking send of a datagram is all or nothing).
 *
 * <p>Invariants: {@code data} is sent at most once, whole; {@code to} is null exactly when the endpoint is
 * connected and the datagram goes to its peer.
 */
final class DatagramSend extends DatagramAttempt {
    private final byte[] data;
    private final SocketAddress to;

    DatagramSend(DatagramEndpoint endpoint, byte[] data, SocketAddress to) {
        super(endpoint, false);
        this.data = data;
        this.to = to;
    }

    @Override
    Object tryOnce() throws IOException {
        int max = endpoint.maxDatagramSize();
        if (data.length > max) {
            throw new IOException("datagram of " + data.length + " bytes is larger than the endpoint's maximum datagram"
                    + " size of " + max + " bytes (setMaxDatagramSize)");
        }
        ByteBuffer bytes = ByteBuffer.wrap(data);
        int sent = to == null ? endpoint.channel().write(bytes) : endpoint.channel().send(bytes, to);
        // an empty datagram also reports 0 bytes: it counts as sent (UDP may drop any datagram anyway)
        return sent == 0 && data.length > 0 ? NOT_READY : null;
    }
}
