package dev.weft.it.io;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.Task;
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
import javax.net.ssl.SSLHandshakeException;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static dev.weft.Weft.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TLS streams on loopback through woven code: {@link Weft#startServer(dev.weft.io.StreamHandler, String, int,
 * SSLContext)} and {@link Weft#openConnection(String, int, SSLContext)} with certificates made by keytool. The
 * happy paths (lines, several MiB both ways at once), the handshake's failures (no trust, the wrong certificate,
 * the wrong name, a client speaking plain text), both ends of a session (close_notify, a peer vanishing without
 * one) and a cancelled read. Every test is bounded in time.
 */
class TlsTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    /** CN=localhost, SAN dns:localhost, ip:127.0.0.1: the server's certificate. */
    static TlsFixture localhost;
    /** Another self-signed certificate for the same names, with its own key. */
    static TlsFixture stranger;
    /** A certificate for another name. */
    static TlsFixture otherName;
    static SSLContext serverTls;
    static SSLContext clientTls;

    @BeforeAll
    static void certificates() throws Exception {
        localhost = TlsFixture.generate(dir, "localhost", "localhost", "dns:localhost,ip:127.0.0.1");
        stranger = TlsFixture.generate(dir, "stranger", "localhost", "dns:localhost,ip:127.0.0.1");
        otherName = TlsFixture.generate(dir, "other", "other.example", "dns:other.example");
        serverTls = localhost.serverContext();
        clientTls = TlsFixture.clientTrusting(localhost);
    }

    private static <T> T run(Coroutine<T> main) {
        return assertTimeoutPreemptively(LIMIT, () -> Weft.run(main));
    }

    // ------------------------------------------------------------------ handlers and clients

    /** Greets at once (before the handshake finished: the bytes wait for it), then echoes lines upper-cased. */
    @Async
    static Coroutine<Void> greetAndEcho(StreamReader in, StreamWriter out, List<Object> seen) {
        out.write("hello\n");
        try {
            String line;
            while ((line = await(in.readLine())) != null) {
                out.write(line.toUpperCase() + "\n");
                await(out.drain());
            }
            seen.add("end");
        } catch (IOException e) {
            seen.add(e);
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<List<String>> talk(String host, int port, SSLContext tls, List<String> lines) throws IOException {
        Connection c = await(Weft.openConnection(host, port, tls));
        List<String> got = new ArrayList<>();
        got.add(await(c.reader().readLine()));
        for (String line : lines) {
            c.writer().write(line + "\n");
            got.add(await(c.reader().readLine()));
        }
        assertFalse(c.writer().canWriteEof(), "TLS cannot be half-closed");
        assertThrows(UnsupportedOperationException.class, c.writer()::writeEof);
        await(c.closeAsync());
        return Coroutine.of(got);
    }

    /** The failure of opening a connection, or null if it opened (it is closed again). */
    @Async
    static Coroutine<IOException> openFailure(String host, int port, SSLContext tls) {
        try {
            Connection c = await(Weft.openConnection(host, port, tls));
            c.close();
            return Coroutine.of(null);
        } catch (IOException e) {
            return Coroutine.of(e);
        }
    }

    /** Waits (bounded) until {@code list} has {@code n} entries: a server's handler records after its client ended. */
    @Async
    static Coroutine<Void> untilSize(List<?> list, int n) {
        for (int i = 0; list.size() < n; i++) {
            assertTrue(i < 1000, () -> "still " + list + " after 10 s, expected " + n + " entries");
            await(Weft.sleep(Duration.ofMillis(10)));
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> stop(Server server) throws IOException {
        server.close();
        await(server.waitClosed());
        return Coroutine.done();
    }

    // ------------------------------------------------------------------ lines and bulk

    @Async
    static Coroutine<List<Object>> echoSessions() throws IOException {
        List<Object> seen = new ArrayList<>();
        Server server = await(Weft.startServer((in, out) -> greetAndEcho(in, out, seen), "127.0.0.1", 0, serverTls));
        List<Object> got = new ArrayList<>();
        got.add(await(talk("localhost", server.port(), clientTls, List.of("one", "two"))));
        got.add(await(talk("127.0.0.1", server.port(), clientTls, List.of("by address"))));
        await(untilSize(seen, 2));
        got.add(seen);
        await(stop(server));
        return Coroutine.of(got);
    }

    @Test
    void linesComeBackByNameAndByAddress() throws Exception {
        List<Object> got = run(echoSessions());
        assertEquals(List.of("hello", "ONE", "TWO"), got.get(0));
        assertEquals(List.of("hello", "BY ADDRESS"), got.get(1));
        assertEquals(List.of("end", "end"), got.get(2), "each client's close_notify ended its handler's stream");
    }

    static byte[] bytes(int seed, int n) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Async
    static Coroutine<Void> send(StreamWriter out, byte[] data) throws IOException {
        for (int at = 0; at < data.length; at += 50_000) {
            out.write(data, at, Math.min(50_000, data.length - at));
            await(out.drain());
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<byte[]> receive(StreamReader in, int n) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream(n);
        while (got.size() < n) {
            byte[] part = await(in.read(64 * 1024));
            if (part.length == 0) {
                throw new EOFException("the stream ended after " + got.size() + " of " + n + " bytes");
            }
            got.write(part, 0, part.length);
        }
        return Coroutine.of(got.toByteArray());
    }

    /** Sends {@code mine} while it receives {@code theirs.length} bytes; whether they are {@code theirs}. */
    @Async
    static Coroutine<Boolean> exchange(StreamReader in, StreamWriter out, byte[] mine, byte[] theirs) throws IOException {
        Task<Void> sending = Weft.spawn(send(out, mine));
        byte[] got = await(receive(in, theirs.length));
        await(sending);
        return Coroutine.of(Arrays.equals(got, theirs));
    }

    @Async
    static Coroutine<Void> bulkHandler(StreamReader in, StreamWriter out, byte[] mine, byte[] theirs, List<Object> seen)
            throws IOException {
        seen.add(await(exchange(in, out, mine, theirs)));
        seen.add(await(in.readLine()) == null ? "end" : "more bytes than expected");
        return Coroutine.done();
    }

    @Async
    static Coroutine<List<Object>> bulkSession(byte[] up, byte[] down) throws IOException {
        List<Object> seen = new ArrayList<>();
        Server server = await(Weft.startServer((in, out) -> bulkHandler(in, out, down, up, seen), "127.0.0.1", 0, serverTls));
        Connection c = await(Weft.openConnection("localhost", server.port(), clientTls));
        boolean intact = await(exchange(c.reader(), c.writer(), up, down));
        await(c.closeAsync());
        await(untilSize(seen, 2));
        await(stop(server));
        List<Object> got = new ArrayList<>();
        got.add(intact);
        got.addAll(seen);
        return Coroutine.of(got);
    }

    @Test
    void severalMebibytesBothWaysAtOnceArriveIntact() throws Exception {
        byte[] up = bytes(1, 6 * 1024 * 1024 + 17);
        byte[] down = bytes(2, 5 * 1024 * 1024 + 3);
        assertEquals(List.of(true, true, "end"), run(bulkSession(up, down)),
                "client got the server's bytes; server got the client's, then its close_notify");
    }

    // ------------------------------------------------------------------ handshake failures

    @Async
    static Coroutine<List<Object>> refusedClients() throws Exception {
        List<Object> seen = new ArrayList<>();
        Server server = await(Weft.startServer((in, out) -> greetAndEcho(in, out, seen), "127.0.0.1", 0, serverTls));
        List<Object> got = new ArrayList<>();
        got.add(await(openFailure("localhost", server.port(), TlsFixture.clientTrusting())));
        got.add(await(openFailure("localhost", server.port(), TlsFixture.clientTrusting(stranger))));
        got.add(await(talk("localhost", server.port(), clientTls, List.of("still serving"))));
        await(untilSize(seen, 3));
        got.add(seen);
        await(stop(server));
        return Coroutine.of(got);
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateFailsAndTheServerGoesOn() throws Exception {
        List<Object> got = run(refusedClients());
        assertInstanceOf(SSLHandshakeException.class, got.get(0), "trusting nothing");
        assertInstanceOf(SSLHandshakeException.class, got.get(1), "trusting another certificate");
        assertEquals(List.of("hello", "STILL SERVING"), got.get(2));
        List<?> seen = (List<?>) got.get(3);
        assertInstanceOf(IOException.class, seen.get(0), "the refused handshake failed the handler's read");
        assertInstanceOf(IOException.class, seen.get(1));
        assertEquals("end", seen.get(2));
    }

    @Async
    static Coroutine<List<IOException>> wrongName() throws Exception {
        SSLContext trustingOther = TlsFixture.clientTrusting(otherName);
        Server server = await(Weft.startServer((in, out) -> greetAndEcho(in, out, new ArrayList<>()), "127.0.0.1", 0,
                otherName.serverContext()));
        List<IOException> got = new ArrayList<>();
        got.add(await(openFailure("localhost", server.port(), trustingOther)));
        got.add(await(openFailure("127.0.0.1", server.port(), trustingOther)));
        await(stop(server));
        return Coroutine.of(got);
    }

    @Test
    void aCertificateForAnotherNameFailsTheHandshake() throws Exception {
        List<IOException> got = run(wrongName());
        for (IOException e : got) {
            assertInstanceOf(SSLHandshakeException.class, e);
            assertTrue(String.valueOf(e.getMessage()).contains("subject alternative"), e::toString);
        }
        assertTrue(got.get(0).getMessage().contains("localhost"), got.get(0)::toString);
        assertTrue(got.get(1).getMessage().contains("127.0.0.1"), got.get(1)::toString);
    }

    /** Speaks HTTP to the TLS server, then reads whatever comes back (an alert) until the end. */
    @Async
    static Coroutine<Void> plainTextClient(int port) throws IOException {
        Connection c = await(Weft.openConnection("127.0.0.1", port));
        c.writer().write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
        try {
            while (await(c.reader().read(1024)).length > 0) {
                // the server's alert, if it got out: not text to look at
            }
        } catch (IOException reset) {
            // the server may reset the connection instead: either way it ended
        }
        c.close();
        return Coroutine.done();
    }

    @Async
    static Coroutine<List<Object>> plainTextThenTls() throws IOException {
        List<Object> seen = new ArrayList<>();
        Server server = await(Weft.startServer((in, out) -> greetAndEcho(in, out, seen), "127.0.0.1", 0, serverTls));
        await(plainTextClient(server.port()));
        await(untilSize(seen, 1));
        List<Object> got = new ArrayList<>();
        got.add(await(talk("localhost", server.port(), clientTls, List.of("tls again"))));
        await(untilSize(seen, 2));
        got.add(seen);
        await(stop(server));
        return Coroutine.of(got);
    }

    @Test
    void aPlainTextClientFailsTheHandlersReadWithAnSslExceptionAndTheServerGoesOn() throws Exception {
        List<Object> got = run(plainTextThenTls());
        List<?> seen = (List<?>) got.get(1);
        assertInstanceOf(SSLException.class, seen.get(0));
        assertEquals(List.of("hello", "TLS AGAIN"), got.get(0));
        assertEquals("end", seen.get(1));
    }

    /** Connects to a plain server that never answers the ClientHello; the handshake is cut by a timeout. */
    @Async
    static Coroutine<List<Object>> silentServer() throws IOException {
        List<Object> seen = new ArrayList<>();
        Server server = await(Weft.startServer((in, out) -> drainUntilEnd(in, seen), "127.0.0.1", 0));
        List<Object> got = new ArrayList<>();
        try {
            await(Weft.timeout(Duration.ofMillis(300), Weft.openConnection("127.0.0.1", server.port(), clientTls)));
            got.add("connected?");
        } catch (TimeoutExpiredException expected) {
            got.add("timed out");
        }
        await(untilSize(seen, 1));
        got.addAll(seen);
        await(stop(server));
        return Coroutine.of(got);
    }

    @Async
    static Coroutine<Void> drainUntilEnd(StreamReader in, List<Object> seen) throws IOException {
        int n = 0;
        for (byte[] part; (part = await(in.read(4096))).length > 0; ) {
            n += part.length;
        }
        seen.add(n > 0 ? "the ClientHello, then the end" : "nothing");
        return Coroutine.done();
    }

    @Test
    void aHandshakeCutShortByATimeoutClosesTheSocket() throws Exception {
        assertEquals(List.of("timed out", "the ClientHello, then the end"), run(silentServer()));
    }

    // ------------------------------------------------------------------ the end of a session

    @Async
    static Coroutine<Void> sayAndRecord(StreamReader in, StreamWriter out, List<Object> seen) throws IOException {
        out.write("bye\n");
        seen.add(await(in.readLine()));
        seen.add(await(in.readLine()));
        return Coroutine.done();
    }

    @Async
    static Coroutine<List<Object>> closeNotifyBothWays() throws IOException {
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
        List<Object> got = run(closeNotifyBothWays());
        assertEquals("bye", got.get(0));
        assertEquals(Arrays.asList("last words", null), got.get(1), "the client's bytes, then its close_notify");
        assertEquals("bye", got.get(2));
        assertNull(got.get(3), "the handler returned after two lines: the server's close_notify ended the stream");
    }

    @Async
    static Coroutine<Void> readUntilFailure(StreamReader in, StreamWriter out, List<Object> seen) {
        out.write("ready\n");
        try {
            String line;
            while ((line = await(in.readLine())) != null) {
                seen.add(line);
            }
            seen.add("clean end");
        } catch (IOException e) {
            seen.add(e);
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<List<Object>> clientsVanish() throws Exception {
        List<Object> seen = new ArrayList<>();
        Server server = await(Weft.startServer((in, out) -> readUntilFailure(in, out, seen), "127.0.0.1", 0, serverTls));
        List<Object> got = new ArrayList<>();
        got.add(await(BlockingTlsPeer.vanishingClient(clientTls, server.port(), "a line\npartial", false)));
        await(untilSize(seen, 3));
        got.add(new ArrayList<>(seen));
        seen.clear();
        got.add(await(BlockingTlsPeer.vanishingClient(clientTls, server.port(), "reset\n", true)));
        await(untilSize(seen, 1));
        got.add(seen.get(seen.size() - 1));
        await(stop(server));
        return Coroutine.of(got);
    }

    @Test
    void aClientVanishingWithoutCloseNotifyFailsTheHandlersRead() throws Exception {
        List<Object> got = run(clientsVanish());
        assertEquals("ready", got.get(0));
        List<?> first = (List<?>) got.get(1);
        assertEquals(List.of("a line", "partial"), first.subList(0, 2), "what arrived is read first");
        IOException truncated = assertInstanceOf(SSLException.class, first.get(2));
        assertTrue(truncated.getMessage().contains("close_notify"), truncated::toString);
        assertEquals("ready", got.get(2));
        assertInstanceOf(IOException.class, got.get(3), "a reset ends the stream with an IOException, not a hang");
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
        Server server = await(Weft.startServer(TlsTest::partThenRest, "127.0.0.1", 0, serverTls));
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
