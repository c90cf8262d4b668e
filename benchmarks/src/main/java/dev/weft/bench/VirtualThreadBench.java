package dev.weft.bench;

import dev.weft.bench.support.VirtualThreads;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.CompilerControl;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

/**
 * The virtual-thread anchor (JDK 21+; reached by method handle, see {@link VirtualThreads}). Each invocation
 * runs its batch in one new virtual thread and joins it. The scheduler gets one carrier thread
 * ({@code jdk.virtualThreadScheduler.parallelism=1}), so that like Weft, runBlocking and asyncio everything
 * runs on one thread. There is no figure 2 here: a "child that does not suspend" is a plain method call.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = "-Djdk.virtualThreadScheduler.parallelism=1")
public class VirtualThreadBench {
    private CompletableFuture<Integer> done;
    private ExecutorService perTask;

    @Setup(Level.Trial)
    public void setUp() {
        VirtualThreads.require();
        done = CompletableFuture.completedFuture(1);
        perTask = VirtualThreads.newPerTaskExecutor();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (perTask != null) {
            perTask.shutdown();
        }
    }

    /** Figure 1: join() on an already-completed future, the blocking "await" of virtual-thread code. */
    @Benchmark
    @OperationsPerInvocation(Batch.FAST_OPS)
    public long fastPathAwait() {
        CompletableFuture<Integer> f = done;
        return VirtualThreads.call(() -> {
            long sum = 0;
            for (int i = 0; i < Batch.FAST_OPS; i++) {
                sum += f.join();
            }
            return sum;
        });
    }

    /** Figure 3: Thread.yield() in a virtual thread: unmount, back through the scheduler, mount again. */
    @Benchmark
    @OperationsPerInvocation(Batch.OPS)
    public long yieldAndBack() {
        return VirtualThreads.call(() -> {
            for (int i = 0; i < Batch.OPS; i++) {
                Thread.yield();
            }
            return (long) Batch.OPS;
        });
    }

    /** Figure 4: two virtual threads handing a value back and forth through two SynchronousQueues. */
    @Benchmark
    @OperationsPerInvocation(Batch.OPS)
    public long pingPong() {
        return VirtualThreads.call(() -> pingPong(Batch.OPS));
    }

    static long pingPong(int n) throws InterruptedException {
        SynchronousQueue<Integer> toPong = new SynchronousQueue<>();
        SynchronousQueue<Integer> toPing = new SynchronousQueue<>();
        Thread pong = VirtualThreads.start(() -> {
            try {
                for (int i = 0; i < n; i++) {
                    toPing.put(toPong.take() + 1);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        long sum = 0;
        for (int i = 0; i < n; i++) {
            toPong.put(i);
            sum += toPing.take();
        }
        pong.join();
        return sum;
    }

    /** Figure 5: submit to a virtual-thread-per-task executor (one new virtual thread each) and get(). */
    @Benchmark
    @OperationsPerInvocation(Batch.OPS)
    public long spawnAndAwait() {
        ExecutorService executor = perTask;
        return VirtualThreads.call(() -> {
            long sum = 0;
            for (int i = 0; i < Batch.OPS; i++) {
                int k = i;
                sum += executor.submit(() -> child(k)).get();
            }
            return sum;
        });
    }

    /** Never inlined, like the child of every variant (see WeftBench.child). */
    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    static int child(int i) {
        return i + 1;
    }

    /** Figure 7: a recursion {@link Batch#DEPTH} deep that yields at the bottom (its stack is frozen to the
     *  heap and thawed again) and returns up through every frame. */
    @Benchmark
    @OperationsPerInvocation(Batch.CHAINS)
    public long deepChain() {
        return VirtualThreads.call(() -> {
            long sum = 0;
            for (int i = 0; i < Batch.CHAINS; i++) {
                sum += chain(Batch.DEPTH);
            }
            return sum;
        });
    }

    static int chain(int depth) {
        if (depth == 0) {
            Thread.yield();
            return 0;
        }
        return chain(depth - 1) + 1;
    }
}
