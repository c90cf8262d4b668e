package dev.weft.bench;

import dev.weft.bench.memory.SuspendedTaskMemory;
import dev.weft.bench.startup.StartupCost;
import dev.weft.bench.support.VirtualThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps the benchmarks compiling and running in the normal build, in seconds: every JMH benchmark method
 * once (in this JVM, no warm-up, one invocation), each memory variant with a few tasks, the start-up
 * measurement on a small generated program, the asyncio script with tiny batches, and the report generator
 * on all of that. It measures nothing: benchmarks/run does.
 */
class BenchmarksSmokeTest {
    private static final Path MODULE = Path.of("").toAbsolutePath();

    @TempDir
    Path tmp;

    @Test
    void everyBenchmarkRunsAndTheReportIsWritten() throws Exception {
        Path results = Files.createDirectories(tmp.resolve("results"));

        // every JMH benchmark method, once, with the gc profiler the runner uses
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include("dev\\.weft\\.bench\\..*Bench\\..*")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .mode(Mode.SingleShotTime)
                .timeUnit(TimeUnit.NANOSECONDS)
                .addProfiler("gc")
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .result(results.resolve("jmh.json").toString())
                .resultFormat(ResultFormatType.JSON);
        if (!VirtualThreads.available()) {
            options.exclude("VirtualThreadBench");
        }
        Collection<RunResult> run = new Runner(options.build()).run();
        Set<String> ran = new TreeSet<>();
        for (RunResult r : run) {
            ran.add(r.getParams().getBenchmark().replace("dev.weft.bench.", ""));
        }
        List<String> expected = new ArrayList<>(List.of(
                "FutureBench.awaitChild", "FutureBench.deepChain", "FutureBench.fastPathAwait", "FutureBench.pingPong",
                "FutureBench.spawnAndAwait",
                "KotlinBench.awaitChild", "KotlinBench.deepChain", "KotlinBench.fastPathAwait", "KotlinBench.pingPong",
                "KotlinBench.spawnAndAwait", "KotlinBench.yieldAndBack",
                "WeavingBench.scanPlainClass", "WeavingBench.weaveClass",
                "WeftBench.awaitChild", "WeftBench.deepChain", "WeftBench.fastPathAwait", "WeftBench.pingPong",
                "WeftBench.spawnAndAwait", "WeftBench.yieldAndBack"));
        if (VirtualThreads.available()) {
            expected.addAll(List.of("VirtualThreadBench.deepChain", "VirtualThreadBench.fastPathAwait",
                    "VirtualThreadBench.pingPong", "VirtualThreadBench.spawnAndAwait", "VirtualThreadBench.yieldAndBack"));
        }
        assertEquals(new TreeSet<>(expected), ran);

        // memory per suspended task: each variant in fresh JVMs, as the runner does, with few tasks
        SuspendedTaskMemory.main(new String[]{"--tasks", "2000", "--reps", "1", "--out", results.resolve("memory.json").toString()});
        String memory = Files.readString(results.resolve("memory.json"));
        assertTrue(memory.contains("\"weft\":[") && memory.contains("\"kotlin\":[") && memory.contains("\"completable-future\":["), memory);

        // start-up with and without the agent (without only, when the agent jar is not built yet: mvn test)
        Path agent = Path.of(System.getProperty("weft.agent.jar", "missing"));
        Path runtime = Path.of(dev.weft.Weft.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String startup = StartupCost.measure(Files.isRegularFile(agent) ? agent : null, runtime, 20, 1, 0, tmp.resolve("startup"));
        Files.writeString(results.resolve("startup.json"), startup);
        assertTrue(startup.contains("\"20\":{\"withoutAgentMs\":["), startup);

        // the asyncio anchor and the report, when python3 is here
        if (python() != null) {
            exec(List.of(python(), MODULE.resolve("asyncio_bench.py").toString(), "--smoke", "--tasks", "100",
                    "--out", results.resolve("asyncio.json").toString()));
            Path report = tmp.resolve("RESULTS.md");
            exec(List.of(python(), MODULE.resolve("report.py").toString(), "--results", results.toString(),
                    "--out", report.toString(), "--command", "smoke test"));
            String md = Files.readString(report);
            for (String figure : List.of("1. Await an already-completed", "2. Await a child", "3. Yield", "4. Ping-pong",
                    "5. Spawn", "6. Memory per suspended task", "7. Chain of 1,000", "8a. Weaving", "8b. Agent's check",
                    "8c. JVM run of 20 classes", "8d. JVM run of an empty program")) {
                assertTrue(md.contains(figure), () -> "RESULTS.md lacks " + figure + ":\n" + md);
            }
            assertTrue(md.contains("| asyncio |") && md.contains("| Kotlin coroutines |"), md);
        }
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

    private static void exec(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        assertEquals(0, exit, () -> String.join(" ", command) + " failed:\n" + out);
    }
}
