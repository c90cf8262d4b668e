package dev.weft.it.io;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.Task;
import dev.weft.TimeoutExpiredException;
import dev.weft.Weft;
import dev.weft.io.Datagram;
import dev.weft.io.DatagramEndpoint;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.weft.Weft.await;
import static dev.weft.it.io.DatagramSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * UDP through woven code, on real loopback sockets: ping/pong, the ways to open an endpoint, bursts and paced
 * streams of datagrams, several receivers on one endpoint. Each test runs within a bound, and every wait inside it
 * has its own timeout. The failure paths are in {@link DatagramFailureTest}.
 */
class DatagramTest {
    // ------------------------------------------------------------------ ping/pong

    @Async
    static Coroutine<Void> pingPong() throws IOException {
        try (DatagramEndpoint server = await(DatagramEndpoint.bind("127.0.0.1", 0));
             DatagramEndpoint client = await(DatagramEndpoint.connect("127.0.0.1", server.port()))) {
            assertEquals(server.localAddress(), client.remoteAddress());
            assertNull(server.remoteAddress());
            await(client.send(bytes("ping")));
            Datagram ping = await(Weft.timeout(WAIT, server.receive()));
            assertEquals("ping", text(ping));
            assertEquals(client.localAddress(), ping.sender());
            await(server.send(bytes("pong"), ping.sender()));
            Datagram pong = await(Weft.timeout(WAIT, client.receive()));
            assertEquals("pong", text(pong));
            assertEquals(server.localAddress(), pong.sender());
            await(client.send(bytes("ping again"), server.localAddress())); // a connected endpoint may name its peer
            assertEquals("ping again", text(await(Weft.timeout(WAIT, server.receive()))));
        }
        return Coroutine.done();
    }

    /** Whether try-with-resources closed an endpoint whose body awaited (it closes {@link #pingPong()}'s too). */
    @Async
    static Coroutine<Boolean> closedByTryWithResources() throws IOException {
        DatagramEndpoint kept;
        try (DatagramEndpoint e = await(DatagramEndpoint.bind("127.0.0.1", 0))) {
            kept = e;
            await(Weft.sleep(Duration.ofMillis(1)));
            assertFalse(e.isClosed());
        }
        return Coroutine.of(kept.isClosed());
    }

    @Test
    void pingPongBetweenABoundAndAConnectedEndpoint() throws IOException {
        run(pingPong());
        assertTrue(run(closedByTryWithResources()));
    }

    @Async
    static Coroutine<Void> openWithAddresses() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        DatagramEndpoint server = await(DatagramEndpoint.open(new InetSocketAddress(loopback, 0), null));
        DatagramEndpoint client = await(DatagramEndpoint.open(new InetSocketAddress(loopback, 0), server.localAddress()));
        DatagramEndpoint wildcard = await(DatagramEndpoint.open(null, null));
        try {
            assertEquals(loopback, ((InetSocketAddress) client.localAddress()).getAddress());
            assertTrue(((InetSocketAddress) wildcard.localAddress()).getAddress().isAnyLocalAddress());
            assertNotEquals(0, wildcard.port());
            await(client.send(bytes("hello")));
            Datagram d = await(Weft.timeout(WAIT, server.receive()));
            assertEquals(new Datagram(bytes("hello"), client.localAddress()), d);
            // an unconnected endpoint on the wildcard address hears loopback too
            await(server.send(bytes("to the wildcard"), new InetSocketAddress(loopback, wildcard.port())));
            Datagram w = await(Weft.timeout(WAIT, wildcard.receive()));
            assertEquals("to the wildcard", text(w));
            assertEquals(server.localAddress(), w.sender());
        } finally {
            client.close();
            server.close();
            wildcard.close();
        }
        return Coroutine.done();
    }

    @Test
    void openTakesSocketAddressesOrNone() throws IOException {
        run(openWithAddresses());
    }

    // ------------------------------------------------------------------ many datagrams

    /** Sends {@code n} datagrams without waiting between them; returns how many arrived (all intact and distinct). */
    @Async
    static Coroutine<Integer> burst(int n) throws IOException {
        DatagramEndpoint server = await(DatagramEndpoint.bind("127.0.0.1", 0));
        DatagramEndpoint client = await(DatagramEndpoint.connect("127.0.0.1", server.port()));
        Set<Integer> seen = new HashSet<>();
        try {
            for (int i = 0; i < n; i++) {
                await(client.send(numbered(i)));
            }
            for (;;) {
                Datagram d;
                try {
                    d = await(Weft.timeout(Duration.ofMillis(500), server.receive()));
                } catch (TimeoutExpiredException silence) {
                    break; // what the socket's buffer could not hold was dropped: UDP
                }
                int i = numberOf(d);
                assertTrue(i >= 0 && i < n, "unexpected datagram " + i);
                assertTrue(seen.add(i), "datagram " + i + " received twice");
                assertEquals(client.localAddress(), d.sender());
            }
        } finally {
            client.close();
            server.close();
        }
        return Coroutine.of(seen.size());
    }

    @Test
    void aBurstArrivesIntactAndDistinct() throws IOException {
        int arrived = run(burst(1000));
        assertTrue(arrived > 0, "no datagram of the burst arrived");
        assertTrue(arrived <= 1000);
    }

    /**
     * Sends {@code n} datagrams in windows of {@code window}, each received before the next window is sent, so the
     * receiver's socket buffer (far larger than a window) never overflows: every datagram must arrive.
     */
    @Async
    static Coroutine<Set<Integer>> paced(int n, int window) throws IOException {
        DatagramEndpoint server = await(DatagramEndpoint.bind("127.0.0.1", 0));
        DatagramEndpoint client = await(DatagramEndpoint.connect("127.0.0.1", server.port()));
        Set<Integer> seen = new HashSet<>();
        try {
            for (int start = 0; start < n; start += window) {
                int end = Math.min(n, start + window);
                for (int i = start; i < end; i++) {
                    await(client.send(numbered(i)));
                }
                for (int i = start; i < end; i++) {
                    int got = numberOf(await(Weft.timeout(WAIT, server.receive())));
                    assertTrue(seen.add(got), "datagram " + got + " received twice");
                }
            }
        } finally {
            client.close();
            server.close();
        }
        return Coroutine.of(seen);
    }

    @Test
    void pacedDatagramsAllArrive() throws IOException {
        Set<Integer> seen = run(paced(1000, 50));
        assertEquals(1000, seen.size());
        for (int i = 0; i < 1000; i++) {
            assertTrue(seen.contains(i), "datagram " + i + " missing");
        }
    }

    // ------------------------------------------------------------------ several receivers, cancellation, close

    @Async
    static Coroutine<List<String>> severalReceivers(int receivers) throws IOException {
        DatagramEndpoint server = await(DatagramEndpoint.bind("127.0.0.1", 0));
        DatagramEndpoint client = await(DatagramEndpoint.connect("127.0.0.1", server.port()));
        try {
            List<Task<String>> tasks = new ArrayList<>();
            for (int i = 0; i < receivers; i++) {
                tasks.add(Weft.spawn(receiveText(server)));
            }
            await(Weft.sleep(Duration.ofMillis(20))); // every receiver is waiting now
            for (int i = 0; i < receivers; i++) {
                await(client.send(bytes("d" + i)));
            }
            List<String> got = await(Weft.timeout(WAIT, Weft.gather(tasks)));
            return Coroutine.of(got);
        } finally {
            client.close();
            server.close();
        }
    }

    @Test
    void severalWaitingReceiversGetDistinctDatagrams() throws IOException {
        List<String> got = run(severalReceivers(4));
        assertEquals(Set.of("d0", "d1", "d2", "d3"), new HashSet<>(got));
        assertEquals(4, got.size());
    }
}
