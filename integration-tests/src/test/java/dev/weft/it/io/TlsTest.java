package dev.weft.it.io;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.Task;
import dev.weft.TimeoutExpiredException;
import dev.weft.Weft;
import dev.weft.io.Connection;
import dev.weft.io.EventLoopGroup;
import dev.weft.io.IoCoroutine;
import dev.weft.io.Server;
import dev.weft.io.StreamReader;
import dev.weft.io.StreamWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static dev.weft.Weft.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TLS streams on loopback through woven code: {@link Weft#startServer(dev.weft.io.StreamHandler, String, int,
 * SSLContext)} and {@link Weft#openConnection(String, int, SSLContext)} with certificates made by keytool. Lines
 * both ways (by name, by address, TLS 1.3 and 1.2, bytes written by the server before the handshake finished), and
 * the handshake's failures (no trust, the wrong certificate, the wrong name, a client speaking plain text, a server
 * that never answers), after each of which the server goes on serving. Bulk transfers are in {@link TlsBulkTest},
 * the end of a session and cancellation in {@link TlsSessionEndTest}. Every test is bounded in time.
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

    static <T> T run(Coroutine<T> main) {
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

    static Coroutine<List<String>> talk(String host, int port, SSLContext tls, List<String> lines) throws IOException {
        return talk(Weft.openConnection(host, port, tls), lines);
    }

    /** Opens with {@code opening}, reads the greeting, then sends each line and reads its echo; closes. */
    @Async
    static Coroutine<List<String>> talk(IoCoroutine<Connection> opening, List<String> lines) throws IOException {
        Connection c = await(opening);
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

    // ------------------------------------------------------------------ lines

    @Async
    static Coroutine<List<Object>> echoSessions() throws Exception {
        List<Object> seen = new ArrayList<>();
        Server server = await(Weft.startServer((in, out) -> greetAndEcho(in, out, seen), "127.0.0.1", 0, serverTls));
        List<Object> got = new ArrayList<>();
        got.add(await(talk("localhost", server.port(), clientTls, List.of("one", "two"))));
        got.add(await(talk("127.0.0.1", server.port(), clientTls, List.of("by address"))));
        got.add(await(talk(Weft.openConnection(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()),
                clientTls), List.of("by socket address"))));
        got.add(await(talk("localhost", server.port(), TlsFixture.clientTrusting("TLSv1.2", localhost), List.of("tls 1.2"))));
        await(untilSize(seen, 4));
        got.add(seen);
        await(stop(server));
        return Coroutine.of(got);
    }

    @Test
    void linesComeBackByNameAndByAddress() throws Exception {
        List<Object> got = run(echoSessions());
        assertEquals(List.of("hello", "ONE", "TWO"), got.get(0));
        assertEquals(List.of("hello", "BY ADDRESS"), got.get(1));
        assertEquals(List.of("hello", "BY SOCKET ADDRESS"), got.get(2), "the certificate is checked against the IP");
        assertEquals(List.of("hello", "TLS 1.2"), got.get(3));
        assertEquals(List.of("end", "end", "end", "end"), got.get(4), "each client's close_notify ended its handler's stream");
    }

    @Async
    static Coroutine<List<Object>> groupSessions(EventLoopGroup group) throws IOException {
        List<Object> seen = Collections.synchronizedList(new ArrayList<>());
        Server server = await(group.startServer((in, out) -> greetAndEcho(in, out, seen), "127.0.0.1", 0, serverTls));
        List<Task<List<String>>> clients = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clients.add(Weft.spawn(talk("localhost", server.port(), clientTls, List.of("client " + i))));
        }
        List<Object> got = new ArrayList<>();
        for (Task<List<String>> client : clients) {
            got.add(await(client));
        }
        await(untilSize(seen, 4));
        got.add(new ArrayList<>(seen));
        await(stop(server));
        return Coroutine.of(got);
    }

    /** Each connection's engine is driven by the loop that runs its handler, not the one that accepted it. */
    @Test
    void connectionsOnTheLoopsOfAGroup() throws Exception {
        List<Object> got;
        try (EventLoopGroup group = new EventLoopGroup(2)) {
            got = assertTimeoutPreemptively(LIMIT, () -> group.run(groupSessions(group)));
        }
        for (int i = 0; i < 4; i++) {
            assertEquals(List.of("hello", "CLIENT " + i), got.get(i));
        }
        assertEquals(List.of("end", "end", "end", "end"), got.get(4));
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
}
