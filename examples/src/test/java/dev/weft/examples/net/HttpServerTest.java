package dev.weft.examples.net;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.Weft;
import dev.weft.io.Connection;
import dev.weft.io.Server;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static dev.weft.Weft.await;
import static dev.weft.examples.net.NetTesting.assertEnds;
import static dev.weft.examples.net.NetTesting.connect;
import static dev.weft.examples.net.NetTesting.run;
import static dev.weft.examples.net.NetTesting.withServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HTTP example on loopback, spoken to byte by byte: keep-alive, closing, errors, pipelining, and its main. */
class HttpServerTest {
    private static final String GET = "GET / HTTP/1.1\r\nHost: test\r\n\r\n";

    @Async
    static Coroutine<List<HttpExchange>> exchange(int port, String requests, int responses) throws IOException {
        Connection c = await(connect(port));
        c.writer().write(requests);
        List<HttpExchange> got = new ArrayList<>();
        for (int i = 0; i < responses; i++) {
            got.add(await(HttpExchange.read(c.reader(), false)));
        }
        return Coroutine.of(got);
    }

    @Async
    static Coroutine<Void> twoRequests(int port) throws IOException {
        Connection c = await(connect(port));
        for (int i = 0; i < 2; i++) {
            c.writer().write(GET);
            HttpExchange r = await(HttpExchange.read(c.reader(), false));
            assertEquals(200, r.status());
            assertEquals("Hello, World!\n", r.body());
            assertEquals("14", r.headers().get("content-length"));
            assertFalse(r.closes());
        }
        assertFalse(c.reader().atEof());
        await(c.closeAsync());
        return Coroutine.done();
    }

    @Test
    void twoRequestsOnOneKeepAliveConnectionAreBothAnswered() throws IOException {
        run(withServer(HttpServer.start("127.0.0.1", 0), HttpServerTest::twoRequests));
    }

    @Async
    static Coroutine<Void> answeredThenClosed(int port, String request, int status) throws IOException {
        Connection c = await(connect(port));
        c.writer().write(request);
        HttpExchange r = await(HttpExchange.read(c.reader(), false));
        assertEquals(status, r.status(), r.toString());
        assertTrue(r.closes(), r.toString());
        await(assertEnds(c.reader()));
        c.close();
        return Coroutine.done();
    }

    @Test
    void connectionCloseClosesAfterTheResponse() throws IOException {
        run(withServer(HttpServer.start("127.0.0.1", 0),
                port -> answeredThenClosed(port, "GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", 200)));
    }

    @Test
    void http10ClosesAfterTheResponse() throws IOException {
        run(withServer(HttpServer.start("127.0.0.1", 0), port -> answeredThenClosed(port, "GET / HTTP/1.0\r\n\r\n", 200)));
    }

    @Test
    void garbageIsABadRequestAndCloses() throws IOException {
        run(withServer(HttpServer.start("127.0.0.1", 0), port -> answeredThenClosed(port, "hello there\r\n", 400)));
        run(withServer(HttpServer.start("127.0.0.1", 0), port -> answeredThenClosed(port, "GET /  HTTP/1.1\r\n\r\n", 400)));
        run(withServer(HttpServer.start("127.0.0.1", 0), port -> answeredThenClosed(port, "GET / HTTP/2.0\r\n\r\n", 505)));
        run(withServer(HttpServer.start("127.0.0.1", 0),
                port -> answeredThenClosed(port, "GET / HTTP/1.1\r\nno colon here\r\n\r\n", 400)));
        run(withServer(HttpServer.start("127.0.0.1", 0),
                port -> answeredThenClosed(port, "GET / HTTP/1.1\r\nContent-Length: 12x\r\n\r\n", 400)));
    }

    @Test
    void aBodyItCannotSkipIsRefusedAndCloses() throws IOException {
        run(withServer(HttpServer.start("127.0.0.1", 0), port -> answeredThenClosed(port,
                "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 501)));
        run(withServer(HttpServer.start("127.0.0.1", 0), port -> answeredThenClosed(port,
                "POST / HTTP/1.1\r\nContent-Length: 99999999\r\n\r\n", 413)));
    }

    @Test
    void aHeaderLineOverTheLimitIs431AndCloses() throws IOException {
        String huge = "GET / HTTP/1.1\r\nX-Big: " + "a".repeat(100 * 1024) + "\r\n\r\n";
        run(withServer(HttpServer.start("127.0.0.1", 0), port -> answeredThenClosed(port, huge, 431)));
    }

    @Test
    void otherPathsAre404AndTheConnectionStaysOpen() throws IOException {
        List<HttpExchange> got = run(withServer(HttpServer.start("127.0.0.1", 0),
                port -> exchange(port, "GET /nothing HTTP/1.1\r\n\r\n" + GET, 2)));
        assertEquals(404, got.get(0).status());
        assertFalse(got.get(0).closes());
        assertEquals(200, got.get(1).status());
    }

    @Async
    static Coroutine<List<Integer>> pipelined(int port) throws IOException {
        Connection c = await(connect(port));
        c.writer().write(GET
                + "GET /missing HTTP/1.1\r\n\r\n"
                + "POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello"
                + "POST / HTTP/1.1\r\nContent-Length: " + GET.length() + "\r\n\r\n" + GET // that GET is a body
                + "HEAD / HTTP/1.1\r\n\r\n"
                + "GET /?q=1 HTTP/1.1\r\nConnection: close\r\n\r\n"
                + GET); // after the close: never answered
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            HttpExchange r = await(HttpExchange.read(c.reader(), i == 4));
            statuses.add(r.status());
            assertEquals(i == 5, r.closes(), "response " + i + ": " + r);
            if (i == 0 || i == 5) {
                assertEquals("Hello, World!\n", r.body());
            }
        }
        await(assertEnds(c.reader()));
        c.close();
        return Coroutine.of(statuses);
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws IOException {
        assertEquals(List.of(200, 404, 405, 405, 200, 200), run(withServer(HttpServer.start("127.0.0.1", 0),
                HttpServerTest::pipelined)));
    }

    @Async
    static Coroutine<Integer> manyConnections(int port) throws IOException {
        List<Connection> connections = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Connection c = await(connect(port));
            c.writer().write(GET + GET);
            connections.add(c);
        }
        int answered = 0;
        for (Connection c : connections) {
            for (int i = 0; i < 2; i++) {
                answered += await(HttpExchange.read(c.reader(), false)).status() == 200 ? 1 : 0;
            }
            await(c.closeAsync());
        }
        return Coroutine.of(answered);
    }

    @Test
    void theGroupVariantServesConnectionsOnTheGroupsLoops() throws IOException {
        try (dev.weft.io.EventLoopGroup group = new dev.weft.io.EventLoopGroup(2)) {
            assertEquals(12, run(withServer(HttpServer.start(group, "127.0.0.1", 0), HttpServerTest::manyConnections)));
        }
        assertEquals(List.of(), NetTesting.loopThreads());
    }

    @Async
    static Coroutine<Integer> vanishMidRequest(Server server) throws IOException {
        Connection c = await(connect(server.port()));
        c.writer().write("GET / HTTP/1.1\r\nHost: t\r\n");
        while (server.connectionCount() == 0) {
            await(Weft.sleep(Duration.ofMillis(5)));
        }
        await(c.closeAsync());
        while (server.connectionCount() > 0) { // the handler ended on its own: bounded by the test's timeout
            await(Weft.sleep(Duration.ofMillis(5)));
        }
        return Coroutine.of(server.connectionCount());
    }

    @Async
    static Coroutine<Integer> serveAndVanish() throws IOException {
        Server server = await(HttpServer.start("127.0.0.1", 0));
        try {
            return Coroutine.of(await(vanishMidRequest(server)));
        } finally {
            server.close();
        }
    }

    @Test
    void aClientVanishingInTheMiddleOfARequestEndsItsHandler() throws IOException {
        assertEquals(0, run(serveAndVanish()));
    }

    /** A blocking client on a worker thread: one request, its response read, then a reset (linger 0). */
    static String requestThenReset(int port) throws IOException {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.getOutputStream().write(GET.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            StringBuilder got = new StringBuilder();
            while (!got.toString().endsWith("Hello, World!\n")) {
                int b = s.getInputStream().read();
                if (b < 0) {
                    break;
                }
                got.append((char) b);
            }
            s.setSoLinger(true, 0);
            return got.toString();
        }
    }

    @Async
    static Coroutine<List<String>> resetAndCollectReports() throws IOException {
        List<String> reports = new ArrayList<>();
        dev.weft.EventLoop.current().setExceptionHandler((loop, message, e) -> reports.add(message + ": " + e));
        Server server = await(HttpServer.start("127.0.0.1", 0));
        try {
            String response = await(Weft.toThread(() -> requestThenReset(server.port())));
            assertTrue(response.startsWith("HTTP/1.1 200 OK"), response);
            while (server.connectionCount() > 0) {
                await(Weft.sleep(Duration.ofMillis(5)));
            }
        } finally {
            server.close();
        }
        return Coroutine.of(reports);
    }

    @Test
    void aClientResettingItsConnectionIsNoServerError() throws IOException {
        assertEquals(List.of(), run(resetAndCollectReports()));
    }

    @Test
    void mainWithTwoLoopsServesJavasHttpClientAndStopsWithoutLeavingThreads() throws Exception {
        assertTimeoutPreemptively(NetTesting.BOUND, () -> {
            CompletableFuture<RunningServer> listening = new CompletableFuture<>();
            CompletableFuture<Void> ended = NetTesting.onThread("http-main",
                    () -> HttpServer.run(new String[] {"0", "2"}, listening::complete));
            RunningServer running = NetTesting.get(listening);
            try {
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                URI root = URI.create("http://127.0.0.1:" + running.port() + "/");
                for (int i = 0; i < 3; i++) {
                    HttpResponse<String> r = client.send(HttpRequest.newBuilder(root).build(), HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, r.statusCode());
                    assertEquals("Hello, World!\n", r.body());
                }
                HttpResponse<String> missing = client.send(HttpRequest.newBuilder(root.resolve("/missing")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(404, missing.statusCode());
            } finally {
                running.stop();
            }
            NetTesting.get(ended); // run() returned: the group closed, its loop threads joined
            assertEquals(List.of(), NetTesting.loopThreads());
        });
    }
}
