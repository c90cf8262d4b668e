package dev.weft.io;

import dev.weft.Coroutine;
import dev.weft.EventLoop;
import dev.weft.Task;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;

import static org.junit.jupiter.api.Assertions.*;

/** The server's life without woven code: created lazily, listening, closed. */
class ServerTest {

    @Test
    void callingStartRunsNothingUntilItIsAwaited() throws IOException {
        IoCoroutine<Server> starting = Server.start((in, out) -> Coroutine.done(), "localhost", 0); // no loop here: fine
        EventLoop loop = new EventLoop();
        Task<Server> started = loop.createTask(starting);
        loop.runUntilComplete(started);
        Server server = started.result();
        assertTrue(server.isServing());
        assertTrue(server.port() > 0);
        assertSame(loop, server.loop());
        assertTrue(((InetSocketAddress) server.address()).getAddress().isLoopbackAddress());
        try (Socket peer = new Socket("localhost", server.port())) {
            assertTrue(peer.isConnected());
        }
        server.close();
        server.close(); // idempotent
        Task<Void> closed = loop.createTask(server.waitClosed());
        loop.runUntilComplete(closed);
        assertFalse(server.isServing());
        assertEquals(0, server.connectionCount());
        assertThrows(ConnectException.class, () -> new Socket("localhost", server.port()).close());
        assertTrue(server.toString().contains("closed"));
        loop.close();
    }

    @Test
    void badArgumentsAreRefusedAtOnce() {
        assertThrows(IllegalArgumentException.class, () -> Server.start((in, out) -> Coroutine.done(), null, 70_000));
        assertThrows(NullPointerException.class, () -> Server.start(null, null, 0));
    }
}
