package dev.weft.io;

import java.net.SocketAddress;
import java.util.Arrays;
import java.util.Objects;

/**
 * One datagram received by a {@link DatagramEndpoint}: its bytes and the address of the socket that sent it
 * (asyncio hands the same pair to {@code datagram_received(data, addr)}).
 *
 * <p>Invariants: {@code data} and {@code sender} are never null. {@link #data()} is the array itself, not a
 * copy: the endpoint made it for this datagram alone, so it is yours to keep or change. Two datagrams are equal
 * when their bytes and senders are.
 */
public final class Datagram {
    private final byte[] data;
    private final SocketAddress sender;

    /** A datagram of {@code data} (not copied) from {@code sender}. */
    public Datagram(byte[] data, SocketAddress sender) {
        this.data = Objects.requireNonNull(data, "data");
        this.sender = Objects.requireNonNull(sender, "sender");
    }

    /**
     * The bytes received: at most the endpoint's {@link DatagramEndpoint#maxDatagramSize()}, the rest of a longer
     * datagram having been dropped by the operating system.
     */
    public byte[] data() {
        return data;
    }

    /** The number of bytes. */
    public int length() {
        return data.length;
    }

    /** The address of the socket that sent it. */
    public SocketAddress sender() {
        return sender;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Datagram)) {
            return false;
        }
        Datagram other = (Datagram) o;
        return sender.equals(other.sender) && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return 31 * sender.hashCode() + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Datagram[" + data.length + " bytes from " + sender + "]";
    }
}
