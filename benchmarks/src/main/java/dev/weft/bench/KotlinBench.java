package dev.weft.bench;

import dev.weft.bench.kotlin.KotlinAnchor;
import kotlinx.coroutines.Deferred;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The Kotlin anchor (kotlinx-coroutines-core): the same figures as {@link WeftBench}, each one
 * {@code runBlocking} of a batch, written in Kotlin (src/main/kotlin, {@code KotlinAnchor.kt}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
// KotlinAnchor.child is never inlined, like the child of every variant (see WeftBench.child); JMH's
// @CompilerControl only reaches Java sources, so the JVM is told directly
@Fork(value = 3, jvmArgsAppend = {"-XX:CompileCommand=quiet",
        "-XX:CompileCommand=dontinline,dev.weft.bench.kotlin.KotlinAnchor::child"})
public class KotlinBench {
    private Deferred<Integer> done;

    @Setup
    public void setUp() {
        done = KotlinAnchor.completedDeferred(1);
    }

    @Benchmark
    @OperationsPerInvocation(Batch.FAST_OPS)
    public long fastPathAwait() {
        return KotlinAnchor.fastPath(done, Batch.FAST_OPS);
    }

    @Benchmark
    @OperationsPerInvocation(Batch.OPS)
    public long awaitChild() {
        return KotlinAnchor.awaitChild(Batch.OPS);
    }

    @Benchmark
    @OperationsPerInvocation(Batch.OPS)
    public long yieldAndBack() {
        return KotlinAnchor.yieldAndBack(Batch.OPS);
    }

    @Benchmark
    @OperationsPerInvocation(Batch.OPS)
    public long pingPong() {
        return KotlinAnchor.pingPong(Batch.OPS);
    }

    @Benchmark
    @OperationsPerInvocation(Batch.OPS)
    public long spawnAndAwait() {
        return KotlinAnchor.spawnAndAwait(Batch.OPS);
    }

    @Benchmark
    @OperationsPerInvocation(Batch.CHAINS)
    public long deepChain() {
        return KotlinAnchor.deepChain(Batch.CHAINS, Batch.DEPTH);
    }
}
