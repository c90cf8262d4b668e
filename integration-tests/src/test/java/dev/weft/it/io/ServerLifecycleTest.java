package dev.weft.it.io;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Coroutine;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.io.Connection;
import dev.weft.io.Server;
import dev.weft.io.StreamReader;
import dev.weft.io.StreamWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.weft.Weft.await;
import static org.junit.jupiter.api.Assertions.*;

/** A server's life: close, closeClients, waitClosed, serveForever; and writers whose waits are cancelled. */
@Timeout(60)
class ServerLifecycleTest {

    @Async
    static Coroutine<Void> readThenLinger(StreamReader in, StreamWriter out, List<String> log) throws IOException {
        log.add("handler read " + await(in.readLine()));
        await(Weft.sleep(Duration.ofMillis(50)));
        log.add("handler done");
        return Coroutine.done();
    }

    @Async
    static Coroutine<List<String>> waitClosedWaitsForTheHandlers() throws IOException {
        List<String> log = new ArrayList<>();
        Server server = await(Weft.startServer((in, out) -> readThenLinger(in, out, log), "127.0.0.1", 0));
        Connection c = await(Weft.openConnection("127.0.0.1", server.port()));
        c.writer().write("hi\n");
        await(c.writer().drain());
        while (log.isEmpty()) {
            await(Weft.sleep(Duration.ofMillis(1)));
        }
        server.close();
        assertFalse(server.isServing());
        await(server.waitClosed());
        log.add("waitClosed returned");
        try {
            await(Weft.openConnection("127.0.0.1", server.port()));
            log.add("connected after close");
        } catch (ConnectException e) {
            log.add("refused after close");
        }
        assertNull(await(c.reader().readLine()), "the handler's end closed the connection");
        c.close();
        return Coroutine.of(log);
    }

    @Test
    void waitClosedReturnsOnceEveryHandlerFinished() throws IOException {
        assertEquals(List.of("handler read hi", "handler done", "waitClosed returned", "refused after close"),
                Weft.run(waitClosedWaitsForTheHandlers()));
    }

    @Async
    static Coroutine<Void> readForever(StreamReader in, StreamWriter out, List<String> log) throws IOException {
        while (await(in.readLine()) != null) {
            log.add("line");
        }
        log.add("end of stream");
        return Coroutine.done();
    }

    @Async
    static Coroutine<List<String>> closeClientsThenWait() throws IOException {
        List<String> log = new ArrayList<>();
        Server server = await(Weft.startServer((in, out) -> readForever(in, out, log), "127.0.0.1", 0));
        List<Connection> clients = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            clients.add(await(Weft.openConnection("127.0.0.1", server.port())));
        }
        while (server.connectionCount() < 3) {
            await(Weft.sleep(Duration.ofMillis(1)));
        }
        server.close();
        server.closeClients();
        await(Weft.timeout(Duration.ofSeconds(10), server.waitClosed()));
        for (Connection c : clients) {
            log.add("client sees " + await(c.reader().readLine()));
            c.close();
        }
        assertEquals(0, server.connectionCount());
        return Coroutine.of(log);
    }

    @Test
    void closeClientsClosesEveryConnection() throws IOException {
        List<String> log = Weft.run(closeClientsThenWait());
        assertEquals(List.of("end of stream", "end of stream", "end of stream",
                "client sees null", "client sees null", "client sees null"), log);
    }

    @Async
    static Coroutine<String> serveForeverUntilCancelled() throws IOException {
        Server server = await(Weft.startServer((in, out) -> readForever(in, out, new ArrayList<>()), "127.0.0.1", 0));
        Task<Void> serving = Weft.spawn(server.serveForever());
        await(Weft.sleep(Duration.ofMillis(10)));
        assertTrue(server.isServing());
        serving.cancel();
        try {
            await(serving);
            return Coroutine.of("serveForever returned");
        } catch (CancelledException e) {
            await(server.waitClosed());
            return Coroutine.of(server.isServing() ? "still serving" : "closed");
        }
    }

    @Test
    void cancellingServeForeverClosesTheServer() throws IOException {
        assertEquals("closed", Weft.run(serveForeverUntilCancelled()));
    }

    @Async
    static Coroutine<Void> silent(StreamReader in, StreamWriter out) {
        try {
            await(in.readExactly(1 << 30)); // takes a little, then flow control stops reading
        } catch (IOException e) {
            // closed by closeClients
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<String> oneCancelledWaitLeavesTheOthers() throws IOException {
        Server server = await(Weft.startServer(ServerLifecycleTest::silent, "127.0.0.1", 0));
        Connection c = await(Weft.openConnection("127.0.0.1", server.port()));
        StreamWriter w = c.writer();
        w.setWriteBufferLimits(1024, 0);
        w.write(new byte[32 * 1024 * 1024]); // far more than the kernel buffers of a peer that does not read
        Task<Void> drainA = Weft.spawn(w.drain());
        Task<Void> drainB = Weft.spawn(w.drain());
        Task<Void> closedA = Weft.spawn(w.waitClosed());
        Task<Void> closedB = Weft.spawn(w.waitClosed());
        await(Weft.sleep(Duration.ofMillis(10)));
        assertFalse(drainB.isDone(), "the peer does not read: drain waits; " + (drainB.isDone() ? drainB.exception() + " " + w.writeBufferSize() : ""));
        drainA.cancel();
        closedA.cancel();
        await(Weft.sleep(Duration.ofMillis(10)));
        assertTrue(drainA.isCancelled() && closedA.isCancelled());
        assertFalse(drainB.isDone() || closedB.isDone(), "the other waits are not cancelled with them");
        w.abort();
        await(drainB);
        await(closedB);
        server.close();
        server.closeClients();
        await(server.waitClosed());
        return Coroutine.of("both finished");
    }

    @Test
    void oneCancelledDrainOrWaitClosedDoesNotCancelTheOthers() throws IOException {
        assertEquals("both finished", Weft.run(oneCancelledWaitLeavesTheOthers()));
    }
}
