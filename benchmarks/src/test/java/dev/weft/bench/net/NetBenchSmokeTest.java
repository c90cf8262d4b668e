package dev.weft.bench.net;

import dev.weft.Weft;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
 * echoed correctly (the client fails a connection whose echo differs), and that the section writer
 * (benchmarks/net/report.py) turns the figures into RESULTS.md's section without touching the rest; it
 * measures nothing.
 */
class NetBenchSmokeTest {
    private static final Path MODULE = Path.of("").toAbsolutePath();

    @TempDir
    Path tmp;

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
                reportKeepsTheRestOfResultsMd(r);
            } finally {
                stop.complete(null);
                server.join(10_000);
            }
            assertFalse(server.isAlive(), "the server did not stop");
            assertNull(serverFailure.get());
        });
    }

    /**
     * benchmarks/net/report.py on this run's figures: it appends its section to a RESULTS.md that has none, and a
     * second run replaces that section, keeping everything around it byte for byte.
     */
    private void reportKeepsTheRestOfResultsMd(LoadResult r) throws Exception {
        String python = python();
        if (python == null) {
            return; // no python3 here: the runner needs it, the build does not
        }
        Path results = tmp.resolve("net-results");
        Files.createDirectories(results);
        Files.writeString(results.resolve("settings.json"), "{\"parts\": \"all\", \"rounds\": 1, \"warmup\": 0.1, "
                + "\"duration\": 0.3, \"connections\": 10, \"clientThreads\": 2, \"wrkArgs\": \"-t2 -c256 --latency\", "
                + "\"wrkWarmup\": \"1s\", \"wrkDuration\": \"3s\", \"serverJvm\": \"\", \"clientJvm\": \"\"}");
        Files.writeString(results.resolve("echo.weft-1.1.json"), r.toJson("weft-1"));
        Files.writeString(results.resolve("netty-http.notmeasured.json"),
                "{\"label\": \"netty-http\", \"notMeasured\": \"wrk is not installed\"}");
        Path md = tmp.resolve("RESULTS.md");
        String before = "# Weft benchmark results\n\nthe JMH tables\n";
        Files.writeString(md, before);
        List<String> command = List.of(python, MODULE.resolve("net/report.py").toString(), "--results", results.toString(),
                "--out", md.toString(), "--command", "smoke test", "--java", javaBinary());
        exec(command);
        String once = Files.readString(md);
        assertTrue(once.startsWith(before), once);
        assertTrue(once.contains("## Network I/O (issue 13)"), once);
        assertTrue(once.contains("| Weft, one loop"), once);
        assertTrue(once.contains("not measured: wrk is not installed"), once);
        Files.writeString(md, once + "\n## A later section\n\nkept\n");
        exec(command);
        String twice = Files.readString(md);
        assertEquals(1, twice.split("## Network I/O \\(issue 13\\)", -1).length - 1, twice);
        assertTrue(twice.startsWith(before) && twice.endsWith("\n## A later section\n\nkept\n"), twice);
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String python() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, "python3");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    private static void exec(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "report.py did not finish");
        assertEquals(0, p.exitValue(), () -> String.join(" ", command) + " failed:\n" + out);
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
