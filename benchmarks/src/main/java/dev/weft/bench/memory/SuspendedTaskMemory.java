package dev.weft.bench.memory;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.Promise;
import dev.weft.Weft;
import dev.weft.bench.kotlin.KotlinAnchor;
import dev.weft.bench.support.Stats;
import dev.weft.bench.support.VirtualThreads;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

import static dev.weft.Weft.await;

/**
 * Figure 6: heap bytes per suspended task. Each variant starts {@code n} tasks, each suspended on its own
 * never-completed promise, lets every one of them reach its suspension, and measures the heap in use after
 * full GCs ({@link #usedHeap()}) before and after; the difference divided by {@code n} is the figure.
 *
 * <p>What a "task" is in each variant: Weft: {@code Weft.spawn} of an {@code @Async} method awaiting a
 * {@code Promise}; Kotlin: {@code launch} of a coroutine awaiting a {@code CompletableDeferred}; virtual threads:
 * a virtual thread blocked in {@code join()} of a {@code CompletableFuture}; CompletableFuture: a continuation
 * ({@code thenApplyAsync} on the single-thread executor) registered on a future. The promise (deferred, future)
 * is counted: the driver makes it and keeps it in an array allocated before the first measurement, which
 * keeps the task reachable the way a real program's reference to it would; afterwards it completes them all,
 * so every task ends normally. A warm-up round with few tasks loads every class before measuring.
 *
 * <p>Run as a driver ({@code --tasks N --reps R --out FILE}), it measures each variant in fresh JVMs
 * ({@code -XX:+UseSerialGC}, whose full GC compacts the whole heap, so "used" is exact) and writes JSON.
 */
public final class SuspendedTaskMemory {
    /** The variants, in report order. */
    static final String[] VARIANTS = {"weft", "kotlin", "virtual-threads", "completable-future"};
    static final List<String> CHILD_JVM_OPTIONS = List.of("-Xms1g", "-Xmx8g", "-XX:+UseSerialGC");

    private static int started;

    private SuspendedTaskMemory() {
    }

    /** Heap in use after full GCs: the smallest of three readings, each after a System.gc(). */
    public static long usedHeap() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /** Whether the variant can run on this JVM. */
    public static boolean supported(String variant) {
        return !variant.equals("virtual-threads") || VirtualThreads.available();
    }

    /** Measures one variant in this JVM: heap bytes per suspended task (after a small warm-up round). */
    public static double bytesPerTask(String variant, int n) {
        measure(variant, Math.min(n, 1_000));
        long[] beforeAfter = measure(variant, n);
        return (beforeAfter[1] - beforeAfter[0]) / (double) n;
    }

    static long[] measure(String variant, int n) {
        Object[] keep = new Object[n];
        switch (variant) {
            case "weft":
                return Weft.run(weftTasks(n, keep));
            case "kotlin":
                return KotlinAnchor.suspendedTasks(n, keep, SuspendedTaskMemory::usedHeap);
            case "virtual-threads":
                return virtualThreads(n, keep);
            case "completable-future":
                return completableFutures(n, keep);
            default:
                throw new IllegalArgumentException("unknown variant " + variant + "; known: " + String.join(", ", VARIANTS));
        }
    }

    // ------------------------------------------------------------------------------------------ Weft

    @Async
    static Coroutine<long[]> weftTasks(int n, Object[] keep) {
        started = 0;
        long before = usedHeap();
        for (int i = 0; i < n; i++) {
            Promise<Void> never = new Promise<>();
            keep[i] = never;
            Weft.spawn(suspended(never));
        }
        await(Weft.sleep(Duration.ZERO)); // every task runs up to its await before main resumes
        if (started != n) {
            throw new IllegalStateException("only " + started + " of " + n + " tasks reached their await");
        }
        long after = usedHeap();
        for (int i = 0; i < n; i++) {
            @SuppressWarnings("unchecked")
            Promise<Void> p = (Promise<Void>) keep[i];
            p.complete(null);
        }
        return Coroutine.of(new long[]{before, after});
    }

    @Async
    static Coroutine<Void> suspended(Promise<Void> never) {
        started++;
        await(never);
        return Coroutine.done();
    }

    // ------------------------------------------------------------------------------------------ virtual threads

    static long[] virtualThreads(int n, Object[] keep) {
        VirtualThreads.require();
        Thread[] threads = new Thread[n];
        long before = usedHeap();
        for (int i = 0; i < n; i++) {
            CompletableFuture<Void> never = new CompletableFuture<>();
            keep[i] = never;
            threads[i] = VirtualThreads.start(never::join);
        }
        for (Thread t : threads) {
            while (t.getState() != Thread.State.WAITING) {
                Thread.onSpinWait();
                if (!t.isAlive()) {
                    throw new IllegalStateException("a virtual thread ended before it was measured");
                }
                sleepBriefly();
            }
        }
        long after = usedHeap();
        for (Object f : keep) {
            ((CompletableFuture<?>) f).complete(null);
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return new long[]{before, after};
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------------------------------ CompletableFuture

    private static final Function<Object, Object> IDENTITY = v -> v;

    static long[] completableFutures(int n, Object[] keep) {
        ExecutorService loop = Executors.newSingleThreadExecutor();
        try {
            loop.submit(() -> { }).get(); // the executor's thread exists before the first measurement
            long before = usedHeap();
            for (int i = 0; i < n; i++) {
                CompletableFuture<Object> never = new CompletableFuture<>();
                keep[i] = never;
                never.thenApplyAsync(IDENTITY, loop);
            }
            long after = usedHeap();
            for (Object f : keep) {
                @SuppressWarnings("unchecked")
                CompletableFuture<Object> p = (CompletableFuture<Object>) f;
                p.complete(null);
            }
            loop.submit(() -> { }).get();
            return new long[]{before, after};
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            loop.shutdown();
        }
    }

    // ------------------------------------------------------------------------------------------ driver

    /**
     * {@code child VARIANT N}: measure one variant in this JVM and print one JSON line.
     * {@code --tasks N --reps R --out FILE}: measure every variant R times, each in a fresh JVM, write JSON.
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length == 3 && args[0].equals("child")) {
            int n = Integer.parseInt(args[2]);
            double perTask = bytesPerTask(args[1], n);
            System.out.println(String.format(Locale.ROOT, "{\"variant\":\"%s\",\"tasks\":%d,\"bytesPerTask\":%.2f}", args[1], n, perTask));
            System.exit(0); // leave nothing behind (the executor's and the loop's threads are gone already)
        }
        int tasks = 1_000_000;
        int reps = 3;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--tasks": tasks = Integer.parseInt(args[++i]); break;
                case "--reps": reps = Integer.parseInt(args[++i]); break;
                case "--out": out = Path.of(args[++i]); break;
                default: throw new IllegalArgumentException("usage: --tasks N --reps R --out FILE | child VARIANT N");
            }
        }
        StringBuilder json = new StringBuilder();
        json.append("{\"tasks\":").append(tasks).append(",\"reps\":").append(reps)
                .append(",\"jvmOptions\":\"").append(String.join(" ", CHILD_JVM_OPTIONS)).append("\",\"variants\":{");
        boolean first = true;
        for (String variant : VARIANTS) {
            if (!supported(variant)) {
                System.err.println("memory: " + variant + " skipped (needs JDK 21+)");
                continue;
            }
            List<Double> samples = new ArrayList<>();
            for (int r = 0; r < reps; r++) {
                samples.add(runChild(variant, tasks));
            }
            Stats.Summary s = Stats.summarize(samples);
            System.err.println(String.format(Locale.ROOT, "memory: %-18s %8.1f ± %.1f bytes per suspended task (%s)",
                    variant, s.median(), s.error(), samples));
            json.append(first ? "" : ",").append('"').append(variant).append("\":").append(Stats.toJson(samples));
            first = false;
        }
        json.append("}}\n");
        if (out != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, json.toString());
        } else {
            System.out.print(json);
        }
    }

    private static double runChild(String variant, int tasks) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(CHILD_JVM_OPTIONS);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(SuspendedTaskMemory.class.getName());
        command.add("child");
        command.add(variant);
        command.add(Integer.toString(tasks));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String line;
        String last = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            while ((line = r.readLine()) != null) {
                last = line;
            }
        }
        int exit = p.waitFor();
        if (exit != 0 || last == null || !last.contains("bytesPerTask")) {
            throw new IllegalStateException("memory measurement of " + variant + " failed (exit " + exit + "): " + last);
        }
        String value = last.replaceAll(".*\"bytesPerTask\":([-0-9.eE]+).*", "$1");
        return Double.parseDouble(value);
    }
}
