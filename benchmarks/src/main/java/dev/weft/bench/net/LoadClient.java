package dev.weft.bench.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The load generator of the request/response benchmark (benchmarks/net/run), the same program for every
 * server under test: {@code connections} connections on loopback, each a closed loop of round trips of one
 * line (32 bytes by default, echoed back), spread over 1 or 2 threads that each drive a plain NIO
 * {@link Selector} — no Weft, no Netty, nothing any server under test is made of.
 *
 * <p>It connects every connection first, then runs the warm-up (round trips not counted), then measures for
 * the duration: the round trips completed inside that window, and each one's latency (from the request's first
 * write to the last byte of the response read, in nanoseconds, into a {@code long[]} allocated before the run;
 * percentiles by sorting them). With {@code --server-pid} it also reads the server's CPU time (Linux
 * {@code /proc}) at both ends of the window, and it always reads its own, so a run on a small machine, where
 * client and server share the cores, shows who used them.
 *
 * <pre>
 * java -cp benchmarks.jar dev.weft.bench.net.LoadClient --port 9000 [--host 127.0.0.1] [--connections 1000]
 *     [--threads 2] [--warmup 5] [--duration 10] [--line-bytes 32] [--samples 16384] [--server-pid PID]
 *     [--label NAME] [--out FILE.json]
 * </pre>
 *
 * <p>Invariants: each connection is driven by exactly one {@link ClientThread}; the phase only moves forward
 * (warm-up, measuring, stopped) and is set by the thread that called {@link #run}.
 */
public final class LoadClient {

    /** What to run: where, how many connections and threads, for how long. */
    public record Options(String host, int port, int connections, int threads, Duration warmup, Duration duration,
                          int lineBytes, int samplesPerConnection, long serverPid) {
        public Options {
            if (connections < 1 || threads < 1 || lineBytes < 2 || samplesPerConnection < 1) {
                throw new IllegalArgumentException("connections, threads, samples must be positive, a line 2 bytes or more");
            }
        }

        /** The defaults of the benchmark: 1,000 connections, 2 threads, 5 s warm-up, 10 s measured, 32-byte lines. */
        public static Options defaults(int port) {
            return new Options("127.0.0.1", port, 1000, 2, Duration.ofSeconds(5), Duration.ofSeconds(10), 32, 16384, -1);
        }
    }

    private LoadClient() {
    }

    /** Connects, warms up, measures, closes every connection and returns the figures. */
    public static LoadResult run(Options o) throws IOException, InterruptedException {
        InetSocketAddress server = new InetSocketAddress(o.host(), o.port());
        List<ClientConnection> all = new ArrayList<>(o.connections());
        List<ClientThread> threads = new ArrayList<>();
        try {
            long connectStart = System.nanoTime();
            for (int i = 0; i < o.connections(); i++) {
                all.add(ClientConnection.connect(server, i, o.lineBytes(), o.samplesPerConnection()));
            }
            double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
            for (int t = 0; t < o.threads(); t++) {
                List<ClientConnection> mine = new ArrayList<>();
                for (int i = t; i < all.size(); i += o.threads()) {
                    mine.add(all.get(i));
                }
                threads.add(new ClientThread("load-client-" + t, mine));
            }
            for (ClientThread t : threads) {
                t.start();
            }
            Thread.sleep(o.warmup().toMillis());
            CpuTime serverCpu = CpuTime.of(o.serverPid());
            CpuTime clientCpu = CpuTime.self();
            double serverBefore = serverCpu.seconds();
            double clientBefore = clientCpu.seconds();
            long start = System.nanoTime();
            ClientThread.setMeasuring(threads, true);
            Thread.sleep(o.duration().toMillis());
            ClientThread.setMeasuring(threads, false);
            double seconds = (System.nanoTime() - start) / 1e9;
            double serverSeconds = serverCpu.seconds() - serverBefore;
            double clientSeconds = clientCpu.seconds() - clientBefore;
            for (ClientThread t : threads) {
                t.finish();
            }
            return LoadResult.of(o, all, seconds, connectSeconds, serverCpu.known() ? serverSeconds : Double.NaN,
                    clientSeconds, threads);
        } finally {
            for (ClientThread t : threads) {
                try {
                    t.finish();
                } catch (RuntimeException alreadyReported) {
                    // a crash was thrown by the finish() above, or the run failed before: keep that failure
                }
            }
            for (ClientConnection c : all) {
                c.close();
            }
        }
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.defaults(-1);
        String host = o.host();
        int port = -1, connections = o.connections(), threads = o.threads(), lineBytes = o.lineBytes();
        int samples = o.samplesPerConnection();
        double warmup = 5, duration = 10;
        long pid = -1;
        String label = "server", out = null;
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + args[i]);
            }
            String v = args[i + 1];
            switch (args[i]) {
                case "--host" -> host = v;
                case "--port" -> port = Integer.parseInt(v);
                case "--connections" -> connections = Integer.parseInt(v);
                case "--threads" -> threads = Integer.parseInt(v);
                case "--warmup" -> warmup = Double.parseDouble(v);
                case "--duration" -> duration = Double.parseDouble(v);
                case "--line-bytes" -> lineBytes = Integer.parseInt(v);
                case "--samples" -> samples = Integer.parseInt(v);
                case "--server-pid" -> pid = Long.parseLong(v);
                case "--label" -> label = v;
                case "--out" -> out = v;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (port < 0) {
            throw new IllegalArgumentException("--port is required");
        }
        Options run = new Options(host, port, connections, threads, Duration.ofMillis((long) (warmup * 1000)),
                Duration.ofMillis((long) (duration * 1000)), lineBytes, samples, pid);
        LoadResult r = LoadClient.run(run);
        System.out.println(r.summary(label));
        if (out != null) {
            try {
                Files.writeString(Path.of(out), r.toJson(label) + "\n", StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
