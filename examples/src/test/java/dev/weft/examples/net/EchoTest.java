package dev.weft.examples.net;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.ExceptionGroup;
import dev.weft.io.Connection;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.weft.Weft.await;
import static dev.weft.examples.net.NetTesting.connect;
import static dev.weft.examples.net.NetTesting.run;
import static dev.weft.examples.net.NetTesting.withServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The echo server and its client on loopback: lines round trip, a long line is refused, the load mode measures. */
class EchoTest {

    @Async
    static Coroutine<List<String>> roundTrips(int port, List<String> lines) throws IOException {
        Connection c = await(connect(port));
        List<String> got = new ArrayList<>();
        for (String line : lines) {
            c.writer().write(line + "\n");
            got.add(await(c.reader().readLine()));
        }
        c.writer().writeEof();
        got.add(await(c.reader().readLine())); // the server ends when the client does: null
        c.close();
        return Coroutine.of(got);
    }

    @Test
    void linesRoundTrip() throws IOException {
        List<String> lines = List.of("hello", "", "ünïcödé ✓", "x".repeat(60_000));
        List<String> got = run(withServer(EchoServer.start("127.0.0.1", 0), port -> roundTrips(port, lines)));
        List<String> expected = new ArrayList<>(lines);
        expected.add(null);
        assertEquals(expected, got);
    }

    @Test
    void aLineOverTheLimitIsRefusedAndTheConnectionGoesOn() throws IOException {
        List<String> got = run(withServer(EchoServer.start("127.0.0.1", 0),
                port -> roundTrips(port, List.of("before", "y".repeat(200 * 1024), "after"))));
        assertEquals(java.util.Arrays.asList("before", EchoServer.TOO_LONG, "after", null), got);
    }

    /** Runs EchoServer's main on a thread, {@code client} against it, then stops it and checks its thread ended. */
    static void againstMain(ClientRun client) throws Exception {
        CompletableFuture<RunningServer> listening = new CompletableFuture<>();
        CompletableFuture<Void> ended = NetTesting.onThread("echo-main", () -> EchoServer.run(new String[] {"0"}, listening::complete));
        RunningServer running = NetTesting.get(listening);
        try {
            client.run(running.port());
        } finally {
            running.stop();
        }
        NetTesting.get(ended);
    }

    static String echoClient(String... args) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        EchoClient.run(args, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theClientPrintsEachReply() {
        assertTimeoutPreemptively(NetTesting.BOUND, () -> againstMain(port ->
                assertEquals("one\ntwo words\n", echoClient("127.0.0.1", String.valueOf(port), "one", "two words"))));
    }

    @Test
    void theLoadModePrintsAPositiveRateAndLatencies() {
        assertTimeoutPreemptively(NetTesting.BOUND, () -> againstMain(port -> {
            String report = echoClient("127.0.0.1", String.valueOf(port), "--connections", "8", "--requests", "200");
            Matcher m = Pattern.compile("8 connections x 200 requests: 1600 round trips in [0-9.]+ s, (\\d+) requests/second, "
                    + "latency p50 ([0-9.]+) ms, p99 ([0-9.]+) ms\n").matcher(report);
            assertTrue(m.matches(), report);
            assertTrue(Long.parseLong(m.group(1)) > 0, report);
            assertTrue(Double.parseDouble(m.group(2)) <= Double.parseDouble(m.group(3)), report);
        }));
    }

    @Test
    void theLoadModeFailsWhenNothingListens() {
        assertTimeoutPreemptively(NetTesting.BOUND, () -> {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            ExceptionGroup failed = assertThrows(ExceptionGroup.class,
                    () -> echoClient("127.0.0.1", String.valueOf(port), "--connections", "2", "--requests", "1"));
            Throwable first = failed.exceptions().get(0);
            assertInstanceOf(ConnectException.class, first.getCause(), first.toString());
        });
    }

    @Test
    void percentilesAreNearestRank() {
        long[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertEquals(5, EchoLoad.percentile(sorted, 50));
        assertEquals(10, EchoLoad.percentile(sorted, 99));
        assertEquals(7, EchoLoad.percentile(new long[] {7}, 50));
    }

    @FunctionalInterface
    interface ClientRun {
        void run(int port) throws Exception;
    }
}
