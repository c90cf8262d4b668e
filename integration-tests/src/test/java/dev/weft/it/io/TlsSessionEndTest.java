package dev.weft.it.io;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.TimeoutExpiredException;
import dev.weft.Weft;
import dev.weft.io.Connection;
import dev.weft.io.Server;
import dev.weft.io.StreamReader;
import dev.weft.io.StreamWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.weft.Weft.await;
import static dev.weft.it.io.TlsTest.run;
import static dev.weft.it.io.TlsTest.stop;
import static dev.weft.it.io.TlsTest.untilSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How a TLS session ends, through woven code on loopback: a close_notify from either side ends the other's
 * stream after every byte sent before it (TLS 1.3, and TLS 1.2 where the engine answers it with its own); a peer
 * that vanishes without one (a FIN or an RST under the TLS session, made by a {@link BlockingTlsPeer}) fails the
 * read with an {@link IOException} instead of hanging; and a read cancelled while bytes wait consumes none of them.
 */
class TlsSessionEndTest {
    @TempDir
    static Path dir;
    static TlsFixture localhost;
    static SSLContext serverTls;
    static SSLContext clientTls;

    @BeforeAll
    static void certificates() throws Exception {
        localhost = TlsFixture.generate(dir, "localhost", "localhost", "dns:localhost,ip:127.0.0.1");
        serverTls = localhost.serverContext();
        clientTls = TlsFixture.clientTrusting(localhost);
    }

    @Async
    static Coroutine<Void> sayAndRecord(StreamReader in, StreamWriter out, List<Object> seen) throws IOException {
        out.write("bye\n");
        seen.add(await(in.readLine()));
        seen.add(await(in.readLine()));
        return Coroutine.done();
    }

    @Async
    static Coroutine<List<Object>> closeNotifyBothWays(SSLContext clientTls) throws IOException {
        List<Object> seen = new ArrayList<>();
        Server server = await(Weft.startServer((in, out) -> sayAndRecord(in, out, seen), "127.0.0.1", 0, serverTls));
        Connection c = await(Weft.openConnection("localhost", server.port(), clientTls));
        List<Object> got = new ArrayList<>();
        got.add(await(c.reader().readLine()));
        c.writer().write("last words\n");
        await(c.closeAsync());
        await(untilSize(seen, 2));
        got.add(new ArrayList<>(seen));
        // the server ends the second session: its handler returns, its close_notify ends the client's stream
        Connection d = await(Weft.openConnection("localhost", server.port(), clientTls));
        got.add(await(d.reader().readLine()));
        d.writer().write("one\n");
        d.writer().write("two\n");
        got.add(await(d.reader().readLine()));
        await(d.closeAsync());
        await(stop(server));
        return Coroutine.of(got);
    }

    @Test
    void aCloseNotifyEndsThePeersStreamAfterEveryByte() throws Exception {
        closeNotifyEndsThePeersStream(clientTls);
    }

    /** TLS 1.2's engine answers the peer's close_notify with its own: the transport then closes the connection. */
    @Test
    void aCloseNotifyEndsThePeersStreamOverTls12() throws Exception {
        closeNotifyEndsThePeersStream(TlsFixture.clientTrusting("TLSv1.2", localhost));
    }

    private static void closeNotifyEndsThePeersStream(SSLContext clientTls) throws Exception {
        List<Object> got = run(closeNotifyBothWays(clientTls));
        assertEquals("bye", got.get(0));
        assertEquals(Arrays.asList("last words", null), got.get(1), "the client's bytes, then its close_notify");
        assertEquals("bye", got.get(2));
        assertNull(got.get(3), "the handler returned after two lines: the server's close_notify ended the stream");
    }

    /** Records each line in {@code lines}, then how the stream ended (the failure, or "clean end") in {@code ends}. */
    @Async
    static Coroutine<Void> readUntilFailure(StreamReader in, StreamWriter out, List<Object> lines, List<Object> ends) {
        out.write("ready\n");
        try {
            String line;
            while ((line = await(in.readLine())) != null) {
                lines.add(line);
            }
            ends.add("clean end");
        } catch (IOException e) {
            ends.add(e);
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<List<Object>> clientsVanish() throws Exception {
        List<Object> lines = new ArrayList<>();
        List<Object> ends = new ArrayList<>();
        Server server = await(Weft.startServer((in, out) -> readUntilFailure(in, out, lines, ends), "127.0.0.1", 0,
                serverTls));
        List<Object> got = new ArrayList<>();
        got.add(await(BlockingTlsPeer.vanishingClient(clientTls, server.port(), "a line\npartial", false)));
        await(untilSize(ends, 1));
        got.add(new ArrayList<>(lines));
        got.add(ends.get(0));
        // the second peer resets the connection: the lines it sent may be lost with it, the failure may not
        got.add(await(BlockingTlsPeer.vanishingClient(clientTls, server.port(), "reset\n", true)));
        await(untilSize(ends, 2));
        got.add(ends.get(1));
        await(stop(server));
        return Coroutine.of(got);
    }

    @Test
    void aClientVanishingWithoutCloseNotifyFailsTheHandlersRead() throws Exception {
        List<Object> got = run(clientsVanish());
        assertEquals("ready", got.get(0));
        assertEquals(List.of("a line"), got.get(1), "whole lines are read first; the partial one fails with the stream");
        IOException truncated = assertInstanceOf(SSLException.class, got.get(2));
        assertTrue(truncated.getMessage().contains("close_notify"), truncated::toString);
        assertEquals("ready", got.get(3));
        assertInstanceOf(IOException.class, got.get(4), "a reset ends the stream with an IOException, not a hang");
    }

    @Async
    static Coroutine<List<Object>> serverVanishes() throws Exception {
        BlockingTlsPeer.VanishingServer peer = new BlockingTlsPeer.VanishingServer(serverTls, "hello\n");
        Connection c = await(Weft.openConnection("localhost", peer.port(), clientTls));
        List<Object> got = new ArrayList<>();
        got.add(await(c.reader().readLine()));
        c.writer().write("ack\n");
        got.add(await(peer.outcome));
        try {
            got.add(await(c.reader().readLine()));
        } catch (IOException e) {
            got.add(e);
        }
        c.close();
        return Coroutine.of(got);
    }

    @Test
    void aServerVanishingWithoutCloseNotifyFailsTheClientsRead() throws Exception {
        List<Object> got = run(serverVanishes());
        assertEquals(List.of("hello", "ack"), got.subList(0, 2));
        IOException truncated = assertInstanceOf(SSLException.class, got.get(2));
        assertTrue(truncated.getMessage().contains("close_notify"), truncated::toString);
    }

    // ------------------------------------------------------------------ cancellation

    @Async
    static Coroutine<Void> partThenRest(StreamReader in, StreamWriter out) throws IOException {
        out.write("par");
        if (await(in.readLine()) != null) {
            out.write("tial\nnext\n");
        }
        await(in.readLine());
        return Coroutine.done();
    }

    @Async
    static Coroutine<List<Object>> cancelledRead() throws IOException {
        Server server = await(Weft.startServer(TlsSessionEndTest::partThenRest, "127.0.0.1", 0, serverTls));
        Connection c = await(Weft.openConnection("localhost", server.port(), clientTls));
        StreamReader in = c.reader();
        for (int i = 0; in.buffered() < 3; i++) {
            assertTrue(i < 1000, "the first bytes never came");
            await(Weft.sleep(Duration.ofMillis(10)));
        }
        List<Object> got = new ArrayList<>();
        try {
            got.add(await(Weft.timeout(Duration.ofMillis(100), in.readLine())));
        } catch (TimeoutExpiredException expected) {
            got.add("timed out with " + in.buffered() + " bytes buffered");
        }
        c.writer().write("more\n");
        got.add(await(in.readLine()));
        got.add(await(in.readLine()));
        await(c.closeAsync());
        await(stop(server));
        return Coroutine.of(got);
    }

    @Test
    void aCancelledReadConsumesNothing() throws Exception {
        assertEquals(List.of("timed out with 3 bytes buffered", "partial", "next"), run(cancelledRead()));
    }
}
