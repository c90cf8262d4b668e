package dev.weft.bench.net;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The figures of one {@link LoadClient} run: round trips per second over the measured window, latency
 * percentiles (nearest rank over every latency kept, sorted), how evenly the connections were served, how many
 * failed, and the CPU time the server and the client used in the window.
 *
 * <p>Invariants: immutable; latencies are in microseconds; {@code failed + activeConnections <= connections}.
 */
public record LoadResult(int connections, int threads, double seconds, long roundTrips, double p50Micros,
                         double p90Micros, double p99Micros, double p999Micros, double maxMicros,
                         int activeConnections, long minPerConnection, long maxPerConnection, int failed,
                         String firstFailure, boolean sampled, double serverCpuSeconds, double clientCpuSeconds,
                         double connectSeconds, double warmupSeconds, int lineBytes) {

    static LoadResult of(LoadClient.Options o, List<ClientConnection> all, double seconds, double connectSeconds,
                         double serverCpu, double clientCpu, List<ClientThread> threads) {
        long total = 0, min = Long.MAX_VALUE, max = 0;
        int active = 0, failed = 0, stored = 0;
        boolean sampled = false;
        String firstFailure = null;
        for (ClientConnection c : all) {
            long n = c.completed();
            total += n;
            min = Math.min(min, n);
            max = Math.max(max, n);
            if (n > 0) {
                active++;
            }
            if (c.failure() != null) {
                failed++;
                firstFailure = firstFailure == null ? c.failure() : firstFailure;
            }
            sampled |= c.sampled();
            stored += c.stored();
        }
        long[] lat = new long[stored];
        int at = 0;
        for (ClientConnection c : all) {
            at += c.copySamples(lat, at);
        }
        Arrays.sort(lat);
        return new LoadResult(all.size(), threads.size(), seconds, total, pct(lat, 0.50), pct(lat, 0.90),
                pct(lat, 0.99), pct(lat, 0.999), lat.length == 0 ? Double.NaN : lat[lat.length - 1] / 1e3,
                active, all.isEmpty() ? 0 : min, max, failed, firstFailure, sampled, serverCpu, clientCpu,
                connectSeconds, o.warmup().toMillis() / 1e3, o.lineBytes());
    }

    /** Nearest rank: the smallest latency with at least {@code p} of them at or below it, in microseconds. */
    static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e3;
    }

    /** Round trips per second over the measured window. */
    public double roundTripsPerSecond() {
        return seconds > 0 ? roundTrips / seconds : 0;
    }

    /** One line for a person. */
    public String summary(String label) {
        return String.format(Locale.ROOT, "%s: %,.0f round trips/s, p50 %.0f us, p99 %.0f us, p99.9 %.0f us, max %.0f us; "
                        + "%d/%d connections served (%d-%d round trips each), %d failed%s; CPU in the window: server %s s, "
                        + "client %.2f s of %.2f s",
                label, roundTripsPerSecond(), p50Micros, p99Micros, p999Micros, maxMicros, activeConnections,
                connections, minPerConnection, maxPerConnection, failed,
                firstFailure == null ? "" : " (" + firstFailure + ")",
                Double.isNaN(serverCpuSeconds) ? "?" : String.format(Locale.ROOT, "%.2f", serverCpuSeconds),
                clientCpuSeconds, seconds);
    }

    /** The figures as one JSON object. */
    public String toJson(String label) {
        StringBuilder b = new StringBuilder("{");
        field(b, "label", label);
        field(b, "connections", connections);
        field(b, "threads", threads);
        field(b, "lineBytes", lineBytes);
        field(b, "warmupSeconds", warmupSeconds);
        field(b, "seconds", seconds);
        field(b, "roundTrips", roundTrips);
        field(b, "rps", roundTripsPerSecond());
        field(b, "p50Micros", p50Micros);
        field(b, "p90Micros", p90Micros);
        field(b, "p99Micros", p99Micros);
        field(b, "p999Micros", p999Micros);
        field(b, "maxMicros", maxMicros);
        field(b, "activeConnections", activeConnections);
        field(b, "minPerConnection", minPerConnection);
        field(b, "maxPerConnection", maxPerConnection);
        field(b, "failed", failed);
        field(b, "firstFailure", firstFailure);
        field(b, "sampled", sampled);
        field(b, "serverCpuSeconds", serverCpuSeconds);
        field(b, "clientCpuSeconds", clientCpuSeconds);
        field(b, "connectSeconds", connectSeconds);
        b.setLength(b.length() - 1);
        return b.append('}').toString();
    }

    private static void field(StringBuilder b, String name, Object value) {
        b.append('"').append(name).append("\":");
        if (value == null) {
            b.append("null");
        } else if (value instanceof String s) {
            b.append('"').append(s.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        } else if (value instanceof Double d) {
            b.append(d.isNaN() || d.isInfinite() ? "null" : String.format(Locale.ROOT, "%.3f", d));
        } else {
            b.append(value);
        }
        b.append(',');
    }
}
