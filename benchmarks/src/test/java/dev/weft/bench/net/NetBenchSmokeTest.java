package dev.weft.bench.net;

import dev.weft.Weft;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps the network benchmark running in the normal build: the Weft echo server in this JVM on a free port
 * ({@code Weft.run} on a thread of its own, as its main does), the {@link LoadClient} against it for a fraction
 * of a second with 10 connections, then the server stopped. It checks that round trips completed and were
 * echoed correctly (the client fails a connection whose echo differs); it measures nothing.
 */
class NetBenchSmokeTest {

    @Test
    void loadClientCompletesRoundTripsAgainstTheWeftEchoServer() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            CompletableFuture<Integer> listening = new CompletableFuture<>();
            CompletableFuture<Void> stop = new CompletableFuture<>();
            AtomicReference<Throwable> serverFailure = new AtomicReference<>();
            Thread server = new Thread(() -> {
                try {
                    Weft.run(WeftEchoServer.serve(0, null, listening, stop));
                } catch (Throwable t) {
                    serverFailure.set(t);
                    listening.completeExceptionally(t);
                }
            }, "weft-echo-server");
            server.start();
            try {
                int port = listening.get(10, TimeUnit.SECONDS);
                LoadClient.Options o = new LoadClient.Options("127.0.0.1", port, 10, 2, Duration.ofMillis(100),
                        Duration.ofMillis(300), 32, 1024, ProcessHandle.current().pid());
                LoadResult r = LoadClient.run(o);
                assertEquals(0, r.failed(), () -> "a connection failed: " + r.firstFailure());
                assertEquals(10, r.connections());
                assertTrue(r.roundTrips() > 0, "no round trip completed in the window");
                assertEquals(10, r.activeConnections(), "every connection completed round trips");
                assertTrue(r.p50Micros() > 0 && r.p99Micros() >= r.p50Micros(), r.summary("weft"));
                assertTrue(r.toJson("weft").contains("\"roundTrips\":" + r.roundTrips()));
            } finally {
                stop.complete(null);
                server.join(10_000);
            }
            assertFalse(server.isAlive(), "the server did not stop");
            assertNull(serverFailure.get());
        });
    }

    @Test
    void percentilesAreNearestRank() {
        long[] sorted = new long[100];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = (i + 1) * 1000L; // 1..100 microseconds
        }
        assertEquals(50.0, LoadResult.pct(sorted, 0.50));
        assertEquals(99.0, LoadResult.pct(sorted, 0.99));
        assertEquals(100.0, LoadResult.pct(sorted, 0.999));
        assertTrue(Double.isNaN(LoadResult.pct(new long[0], 0.5)));
    }

    @Test
    void linesAreDistinctPerConnectionAndEndWithNewline() {
        byte[] a = ClientConnection.lineFor(1, 32);
        byte[] b = ClientConnection.lineFor(2, 32);
        assertEquals(32, a.length);
        assertEquals('\n', a[31]);
        assertFalse(java.util.Arrays.equals(a, b));
        for (int i = 0; i < 31; i++) {
            assertTrue(a[i] >= ' ' && a[i] < 127, "printable ASCII before the newline");
        }
    }
}
