package dev.weft.it.io;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Coroutine;
import dev.weft.Task;
import dev.weft.TimeoutExpiredException;
import dev.weft.Weft;
import dev.weft.io.DatagramEndpoint;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.UnknownHostException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.weft.Weft.await;
import static dev.weft.it.io.DatagramSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * UDP's failure paths through woven code, on real loopback sockets: cancelled receives consume nothing, close
 * fails the waiting receives, a connected endpoint hears ICMP refusals, names that do not resolve, datagrams too
 * large. Each test runs within a bound, and every wait inside it has its own timeout.
 */
class DatagramFailureTest {
    @Async
    static Coroutine<List<String>> cancelledReceives() throws IOException {
        DatagramEndpoint server = await(DatagramEndpoint.bind("127.0.0.1", 0));
        DatagramEndpoint client = await(DatagramEndpoint.connect("127.0.0.1", server.port()));
        List<String> got = new ArrayList<>();
        try {
            // a waiting receive's task is cancelled
            Task<String> waiting = Weft.spawn(receiveText(server));
            await(Weft.sleep(Duration.ofMillis(20)));
            waiting.cancel();
            assertInstanceOf(CancelledException.class, await(failureOf(waiting)));
            await(client.send(bytes("after cancel")));
            got.add(text(await(Weft.timeout(WAIT, server.receive()))));

            // a receive ended by a timeout
            try {
                await(Weft.timeout(Duration.ofMillis(50), server.receive()));
                fail("nothing was sent: the receive should have timed out");
            } catch (TimeoutExpiredException expected) {
                // the receive was cancelled while it waited
            }
            await(client.send(bytes("after timeout")));
            got.add(text(await(Weft.timeout(WAIT, server.receive()))));

            // the datagram is in the socket already when the waiting receive is cancelled, before its task runs again
            Task<String> racing = Weft.spawn(receiveText(server));
            await(Weft.sleep(Duration.ofMillis(20)));
            await(client.send(bytes("raced")));
            racing.cancel();
            assertInstanceOf(CancelledException.class, await(failureOf(racing)));
            got.add(text(await(Weft.timeout(WAIT, server.receive()))));
        } finally {
            client.close();
            server.close();
        }
        return Coroutine.of(got);
    }

    @Test
    void aCancelledReceiveConsumesNothing() throws IOException {
        assertEquals(List.of("after cancel", "after timeout", "raced"), run(cancelledReceives()));
    }

    @Async
    static Coroutine<List<Throwable>> closeWhileReceiving() throws IOException {
        DatagramEndpoint server = await(DatagramEndpoint.bind("127.0.0.1", 0));
        List<Throwable> failures = new ArrayList<>();
        Task<String> first = Weft.spawn(receiveText(server));
        Task<String> second = Weft.spawn(receiveText(server));
        await(Weft.sleep(Duration.ofMillis(20)));
        assertFalse(first.isDone());
        server.close();
        assertTrue(server.isClosed());
        failures.add(await(failureOf(first)));
        failures.add(await(failureOf(second)));
        try {
            await(server.receive());
            fail("receive on a closed endpoint");
        } catch (ClosedChannelException expected) {
            failures.add(expected);
        }
        try {
            await(server.send(bytes("x"), new InetSocketAddress(InetAddress.getLoopbackAddress(), 9)));
            fail("send on a closed endpoint");
        } catch (ClosedChannelException expected) {
            failures.add(expected);
        }
        server.close(); // again: nothing happens
        await(server.closeAsync());
        return Coroutine.of(failures);
    }

    @Test
    void closeFailsTheWaitingReceives() throws IOException {
        List<Throwable> failures = run(closeWhileReceiving());
        assertInstanceOf(AsynchronousCloseException.class, failures.get(0));
        assertInstanceOf(AsynchronousCloseException.class, failures.get(1));
        assertEquals(ClosedChannelException.class, failures.get(2).getClass());
        assertEquals(ClosedChannelException.class, failures.get(3).getClass());
    }

    // ------------------------------------------------------------------ failures

    /** A loopback port nobody listens on: bound for a moment, then closed. */
    @Async
    static Coroutine<Integer> deadPort() throws IOException {
        DatagramEndpoint gone = await(DatagramEndpoint.bind("127.0.0.1", 0));
        int port = gone.port();
        gone.close();
        return Coroutine.of(port);
    }

    /** What a receive (in a task spawned now) fails with, within {@code WAIT}. */
    static Coroutine<Throwable> receiveFailure(DatagramEndpoint endpoint) throws IOException {
        return failureOf(Weft.spawn(receiveText(endpoint)));
    }

    @Async
    static Coroutine<List<Throwable>> portUnreachable() throws IOException {
        DatagramEndpoint client = await(DatagramEndpoint.connect("127.0.0.1", await(deadPort())));
        List<Throwable> seen = new ArrayList<>();
        try {
            // the refusal of a datagram sent before the receive started
            await(client.send(bytes("anyone?")));
            seen.add(await(receiveFailure(client)));
            assertFalse(client.isClosed());

            // reported once: the next receive waits
            try {
                await(Weft.timeout(Duration.ofMillis(100), client.receive()));
                fail("the refusal was reported twice");
            } catch (TimeoutExpiredException expected) {
                // nothing to receive
            }

            // a receive already waiting when the refusal arrives is woken by it
            Task<String> waiting = Weft.spawn(receiveText(client));
            await(Weft.sleep(Duration.ofMillis(20)));
            await(client.send(bytes("still there?")));
            seen.add(await(failureOf(waiting)));

            // with nobody receiving, a later send reports the refusal of an earlier datagram
            Throwable sendFailure = null;
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (sendFailure == null && System.nanoTime() < deadline) {
                try {
                    await(client.send(bytes("hello?")));
                    await(Weft.sleep(Duration.ofMillis(5)));
                } catch (IOException e) {
                    sendFailure = e;
                }
            }
            seen.add(sendFailure);
        } finally {
            client.close();
        }
        return Coroutine.of(seen);
    }

    @Test
    void aConnectedEndpointHearsThatThePortIsUnreachable() throws IOException {
        List<Throwable> seen = run(portUnreachable());
        assertInstanceOf(PortUnreachableException.class, seen.get(0));
        assertInstanceOf(PortUnreachableException.class, seen.get(1));
        assertInstanceOf(PortUnreachableException.class, seen.get(2), "a send should report the refusal");
    }

    @Async
    static Coroutine<List<Throwable>> unknownHosts() throws IOException {
        List<Throwable> seen = new ArrayList<>();
        try {
            await(DatagramEndpoint.connect("no-such-host.invalid", 9)); // bounded by run()
            fail("connected to a name that does not resolve");
        } catch (IOException e) {
            seen.add(e);
        }
        try {
            await(DatagramEndpoint.bind("no-such-host.invalid", 0));
            fail("bound to a name that does not resolve");
        } catch (IOException e) {
            seen.add(e);
        }
        return Coroutine.of(seen);
    }

    @Test
    void aNameThatDoesNotResolveFailsTheOpen() throws IOException {
        List<Throwable> seen = run(unknownHosts());
        assertInstanceOf(UnknownHostException.class, seen.get(0));
        assertInstanceOf(UnknownHostException.class, seen.get(1));
        assertTrue(seen.get(0).getMessage().contains("no-such-host.invalid"), seen.get(0).getMessage());
    }

    @Async
    static Coroutine<List<Object>> sizes() throws IOException {
        DatagramEndpoint server = await(DatagramEndpoint.bind("127.0.0.1", 0));
        DatagramEndpoint client = await(DatagramEndpoint.connect("127.0.0.1", server.port()));
        List<Object> seen = new ArrayList<>();
        try {
            assertEquals(65_507, client.maxDatagramSize());
            // the largest datagram allowed arrives whole
            byte[] largest = new byte[65_507];
            for (int i = 0; i < largest.length; i++) {
                largest[i] = (byte) (i * 7);
            }
            await(client.send(largest));
            seen.add(await(Weft.timeout(WAIT, server.receive())).data());
            // one byte more fails the send, from the endpoint's check
            try {
                await(client.send(new byte[65_508]));
                fail("sent more than the maximum");
            } catch (IOException e) {
                seen.add(e);
            }
            // with the check raised, the operating system refuses it for IPv4
            client.setMaxDatagramSize(DatagramEndpoint.LARGEST_DATAGRAM);
            try {
                await(client.send(new byte[65_508]));
                fail("the OS took a datagram IPv4 cannot carry");
            } catch (IOException e) {
                seen.add(e);
            }
            assertFalse(client.isClosed());
            // a receiver with a smaller maximum gets the datagram cut to it
            server.setMaxDatagramSize(10);
            await(client.send(bytes("0123456789abcdefghij")));
            seen.add(text(await(Weft.timeout(WAIT, server.receive()))));
            // and the endpoint still works after all that
            server.setMaxDatagramSize(DatagramEndpoint.DEFAULT_MAX_DATAGRAM_SIZE);
            await(client.send(bytes("fine")));
            seen.add(text(await(Weft.timeout(WAIT, server.receive()))));
        } finally {
            client.close();
            server.close();
        }
        return Coroutine.of(seen);
    }

    @Test
    void datagramSizeLimits() throws IOException {
        List<Object> seen = run(sizes());
        byte[] largest = (byte[]) seen.get(0);
        assertEquals(65_507, largest.length);
        for (int i = 0; i < largest.length; i++) {
            assertEquals((byte) (i * 7), largest[i], "byte " + i);
        }
        IOException check = (IOException) seen.get(1);
        assertEquals(IOException.class, check.getClass());
        assertTrue(check.getMessage().contains("65508 bytes") && check.getMessage().contains("65507"), check.getMessage());
        IOException os = (IOException) seen.get(2);
        assertNotEquals(check.getMessage(), os.getMessage());
        assertTrue(os.getMessage().contains("too long"), os.getMessage()); // Linux's EMSGSIZE: "Message too long"
        assertEquals("0123456789", seen.get(3));
        assertEquals("fine", seen.get(4));
    }
}
