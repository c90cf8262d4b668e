package dev.weft.examples.net;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.EventLoop;
import dev.weft.TaskGroup;
import dev.weft.Weft;
import dev.weft.io.Connection;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static dev.weft.Weft.await;

/**
 * {@link EchoClient}'s load mode: {@code connections} connections at once, each doing {@code requests} round trips
 * (one line sent, its echo awaited and checked), each round trip's latency recorded. {@link #run()} returns the
 * report line: round trips per second over the whole run (connecting included), and the latencies' 50th and 99th
 * percentiles (nearest rank).
 *
 * <p>Invariants: connection {@code i} records its round trips in {@code latencies[i * requests, (i + 1) * requests)};
 * every task runs on one loop, so the array needs no synchronization.
 */
final class EchoLoad {
    private final String host;
    private final int port;
    private final int connections;
    private final int requests;
    private final long[] latencies;

    EchoLoad(String host, int port, int connections, int requests) {
        if (connections < 1 || requests < 1) {
            throw new IllegalArgumentException("need at least one connection and one request: " + connections + ", " + requests);
        }
        this.host = host;
        this.port = port;
        this.connections = connections;
        this.requests = requests;
        this.latencies = new long[Math.multiplyExact(connections, requests)];
    }

    /** From {@code --connections N --requests M} (either may be left out: 1 connection, 1000 requests). */
    static EchoLoad parse(String host, int port, List<String> options) {
        int connections = 1;
        int requests = 1000;
        for (int i = 0; i < options.size(); i += 2) {
            if (i + 1 >= options.size()) {
                throw new IllegalArgumentException("no value after " + options.get(i));
            }
            int value = Integer.parseInt(options.get(i + 1));
            switch (options.get(i)) {
                case "--connections" -> connections = value;
                case "--requests" -> requests = value;
                default -> throw new IllegalArgumentException("unknown option " + options.get(i));
            }
        }
        return new EchoLoad(host, port, connections, requests);
    }

    /** Runs the load and returns its report line. */
    @Async
    Coroutine<String> run() {
        long start = EventLoop.current().nanoTime();
        await(Weft.taskGroup(this::spawnAll));
        double seconds = (EventLoop.current().nanoTime() - start) / 1e9;
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        return Coroutine.of(String.format(Locale.ROOT,
                "%d connections x %d requests: %d round trips in %.3f s, %.0f requests/second, latency p50 %.3f ms, p99 %.3f ms",
                connections, requests, sorted.length, seconds, sorted.length / seconds,
                percentile(sorted, 50) / 1e6, percentile(sorted, 99) / 1e6));
    }

    private Coroutine<Void> spawnAll(TaskGroup group) {
        for (int i = 0; i < connections; i++) {
            group.spawn(roundTrips(i), "echo load " + i);
        }
        return Coroutine.done();
    }

    @Async
    private Coroutine<Void> roundTrips(int index) {
        Connection c;
        try {
            c = await(Weft.openConnection(host, port));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("connection " + index + " could not connect", e);
        }
        try {
            String text = "round trip of connection " + index;
            byte[] line = (text + "\n").getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < requests; i++) {
                long sent = System.nanoTime();
                c.writer().write(line);
                String reply = await(c.reader().readLine());
                latencies[index * requests + i] = System.nanoTime() - sent;
                if (reply == null) {
                    throw new EOFException("the server closed connection " + index + " after " + i + " round trips");
                }
                if (!reply.equals(text)) {
                    throw new IOException("connection " + index + " got back " + reply);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            c.close();
        }
        return Coroutine.done();
    }

    /** The nearest-rank {@code p}th percentile of {@code sorted}, in nanoseconds. */
    static long percentile(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }
}
