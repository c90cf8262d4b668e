package dev.weft.io;

import dev.weft.Weft;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.NotYetConnectedException;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@link Datagram}'s value semantics and the checks {@link DatagramEndpoint} makes when called, before any I/O
 * (the I/O itself is tested through woven code in the integration tests' DatagramTest).
 */
class DatagramEndpointTest {
    private static final SocketAddress A = new InetSocketAddress(InetAddress.getLoopbackAddress(), 5000);
    private static final SocketAddress B = new InetSocketAddress(InetAddress.getLoopbackAddress(), 5001);

    private static DatagramEndpoint open(SocketAddress remote) {
        return assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> Weft.run(DatagramEndpoint.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), remote)));
    }

    @Test
    void aDatagramIsItsBytesAndItsSender() {
        byte[] bytes = {1, 2, 3};
        Datagram d = new Datagram(bytes, A);
        assertSame(bytes, d.data(), "the array is handed over, not copied");
        assertEquals(3, d.length());
        assertEquals(A, d.sender());
        assertEquals(new Datagram(new byte[] {1, 2, 3}, A), d);
        assertEquals(new Datagram(new byte[] {1, 2, 3}, A).hashCode(), d.hashCode());
        assertNotEquals(new Datagram(new byte[] {1, 2, 4}, A), d);
        assertNotEquals(new Datagram(new byte[] {1, 2, 3}, B), d);
        assertEquals("Datagram[3 bytes from " + A + "]", d.toString());
        assertThrows(NullPointerException.class, () -> new Datagram(null, A));
        assertThrows(NullPointerException.class, () -> new Datagram(bytes, null));
    }

    @Test
    void badPortsAndHostsAreRefusedAtTheCall() {
        assertThrows(IllegalArgumentException.class, () -> DatagramEndpoint.bind("127.0.0.1", -1));
        assertThrows(IllegalArgumentException.class, () -> DatagramEndpoint.bind("127.0.0.1", 65_536));
        assertThrows(IllegalArgumentException.class, () -> DatagramEndpoint.connect("127.0.0.1", 70_000));
        assertThrows(NullPointerException.class, () -> DatagramEndpoint.connect(null, 9));
    }

    @Test
    void anUnconnectedEndpointNeedsAnAddressToSendTo() {
        DatagramEndpoint e = open(null);
        try {
            assertNull(e.remoteAddress());
            assertThrows(NotYetConnectedException.class, () -> e.send(new byte[1]));
            assertThrows(NullPointerException.class, () -> e.send(null, A));
        } finally {
            e.close();
        }
    }

    @Test
    void aConnectedEndpointSendsToItsPeerOnly() {
        DatagramEndpoint e = open(A);
        try {
            assertEquals(A, e.remoteAddress());
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> e.send(new byte[1], B));
            assertTrue(refused.getMessage().contains(A.toString()), refused.getMessage());
        } finally {
            e.close();
        }
        assertTrue(e.isClosed());
        assertTrue(e.toString().endsWith(", closed]"), e.toString());
    }

    @Test
    void theMaxDatagramSizeIsBounded() throws Exception {
        DatagramEndpoint e = open(null);
        try {
            assertEquals(DatagramEndpoint.DEFAULT_MAX_DATAGRAM_SIZE, e.maxDatagramSize());
            assertThrows(IllegalArgumentException.class, () -> e.setMaxDatagramSize(0));
            assertThrows(IllegalArgumentException.class, () -> e.setMaxDatagramSize(DatagramEndpoint.LARGEST_DATAGRAM + 1));
            e.setMaxDatagramSize(1);
            assertEquals(1, e.maxDatagramSize());
            e.setMaxDatagramSize(DatagramEndpoint.LARGEST_DATAGRAM);
            assertEquals(DatagramEndpoint.LARGEST_DATAGRAM, e.maxDatagramSize());
            e.setOption(StandardSocketOptions.SO_BROADCAST, true);
            assertTrue(e.getOption(StandardSocketOptions.SO_BROADCAST));
        } finally {
            e.close();
        }
    }
}
