package dev.weft.bench;

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
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The CompletableFuture anchor: callback-style async code on a single-thread executor (the "loop"). Each
 * invocation runs its batch as work on that executor and the benchmark thread joins the batch's result
 * once. An "await" is a continuation registered on a future ({@code thenApply}/{@code thenAccept}); a
 * task is {@code supplyAsync} on the executor. Nothing ever blocks inside the batch. There is no figure 3:
 * a future has nothing that means "yield".
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class FutureBench {
    private static final Function<Integer, Integer> INC = v -> v + 1;
    private static final Supplier<Integer> ZERO = () -> 0;

    private ExecutorService loop;
    private CompletableFuture<Integer> done;

    @Setup(Level.Trial)
    public void setUp() {
        loop = Executors.newSingleThreadExecutor();
        done = CompletableFuture.completedFuture(1);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        loop.shutdown();
    }

    private <T> T onLoop(Supplier<T> batch) {
        return CompletableFuture.supplyAsync(batch, loop).join();
    }

    /** Figure 1: a continuation on an already-completed future; it runs at once and gives a new future. */
    @Benchmark
    @OperationsPerInvocation(Batch.FAST_OPS)
    public long fastPathAwait() {
        CompletableFuture<Integer> f = done;
        return onLoop(() -> {
            long sum = 0;
            for (int i = 0; i < Batch.FAST_OPS; i++) {
                sum += f.thenApply(INC).getNow(0);
            }
            return sum;
        });
    }

    /** Figure 2: a child returning an already-completed future, and a continuation on it. */
    @Benchmark
    @OperationsPerInvocation(Batch.OPS)
    public long awaitChild() {
        return onLoop(() -> {
            long sum = 0;
            for (int i = 0; i < Batch.OPS; i++) {
                sum += child(i).thenApply(INC).getNow(0);
            }
            return sum;
        });
    }

    /** Never inlined, like the child of every variant (see WeftBench.child). */
    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    static CompletableFuture<Integer> child(int i) {
        return CompletableFuture.completedFuture(i + 1);
    }

    /** Figure 4: two callback chains handing a value back and forth, each hand-off resumed on the loop. */
    @Benchmark
    @OperationsPerInvocation(Batch.OPS)
    public long pingPong() {
        PingPong p = new PingPong(loop, Batch.OPS);
        loop.execute(p::start);
        return p.result.join();
    }

    static final class PingPong {
        final Executor loop;
        final int n;
        final CompletableFuture<Long> result = new CompletableFuture<>();
        CompletableFuture<Integer> request = new CompletableFuture<>();
        CompletableFuture<Integer> reply;
        long sum;
        int pings;
        int pongs;

        PingPong(Executor loop, int n) {
            this.loop = loop;
            this.n = n;
        }

        void start() {
            pongAwaits();
            pingSends();
        }

        /** Ping: make a reply future, wait on it (resumed on the loop), send the request. */
        void pingSends() {
            if (pings == n) {
                result.complete(sum);
                return;
            }
            CompletableFuture<Integer> r = new CompletableFuture<>();
            reply = r;
            r.thenAcceptAsync(v -> {
                sum += v;
                pings++;
                pingSends();
            }, loop);
            request.complete(pings);
        }

        /** Pong: wait on the request (resumed on the loop), then make the next request future and reply. */
        void pongAwaits() {
            request.thenAcceptAsync(v -> {
                request = new CompletableFuture<>();
                if (++pongs < n) {
                    pongAwaits();
                }
                reply.complete(v + 1);
            }, loop);
        }
    }

    /** Figure 5: supplyAsync on the loop and a continuation on its result. */
    @Benchmark
    @OperationsPerInvocation(Batch.OPS)
    public long spawnAndAwait() {
        SpawnLoop s = new SpawnLoop(loop, Batch.OPS);
        loop.execute(s::step);
        return s.result.join();
    }

    static final class SpawnLoop {
        final Executor loop;
        final int n;
        final CompletableFuture<Long> result = new CompletableFuture<>();
        long sum;
        int i;

        SpawnLoop(Executor loop, int n) {
            this.loop = loop;
            this.n = n;
        }

        void step() {
            if (i == n) {
                result.complete(sum);
                return;
            }
            int k = i;
            CompletableFuture.supplyAsync(() -> k + 1, loop).thenAccept(v -> {
                sum += v;
                i++;
                step();
            });
        }
    }

    /** Figure 7: 1,000 nested thenApply over a bottom that runs later on the loop; its completion runs
     *  every continuation up the chain. */
    @Benchmark
    @OperationsPerInvocation(Batch.CHAINS)
    public long deepChain() {
        ChainLoop c = new ChainLoop(loop, Batch.CHAINS, Batch.DEPTH);
        loop.execute(c::step);
        return c.result.join();
    }

    static final class ChainLoop {
        final Executor loop;
        final int chains;
        final int depth;
        final CompletableFuture<Long> result = new CompletableFuture<>();
        long sum;
        int k;

        ChainLoop(Executor loop, int chains, int depth) {
            this.loop = loop;
            this.chains = chains;
            this.depth = depth;
        }

        void step() {
            if (k == chains) {
                result.complete(sum);
                return;
            }
            chain(depth).thenAccept(v -> {
                sum += v;
                k++;
                step();
            });
        }

        CompletableFuture<Integer> chain(int d) {
            if (d == 0) {
                return CompletableFuture.supplyAsync(ZERO, loop);
            }
            return chain(d - 1).thenApply(INC);
        }
    }
}
