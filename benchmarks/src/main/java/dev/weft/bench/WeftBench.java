package dev.weft.bench;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.Weft;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.CompilerControl;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static dev.weft.Weft.await;

/**
 * Weft: figures 1-5 and 7. Each benchmark method is one {@code Weft.run} of a coroutine that performs a
 * batch of operations ({@link Batch}); JMH reports per operation. This class is woven at build time by the
 * weft-maven-plugin, like any application class.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class WeftBench {
    private Promise<Integer> done;

    @Setup
    public void setUp() {
        done = new Promise<>();
        done.complete(1);
    }

    // ------------------------------------------------------------ 1. await an already-completed awaitable

    @Benchmark
    @OperationsPerInvocation(Batch.FAST_OPS)
    public long fastPathAwait() {
        return Weft.run(fastPath(done, Batch.FAST_OPS));
    }

    @Async
    static Coroutine<Long> fastPath(Promise<Integer> done, int n) {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += await(done);
        }
        return Coroutine.of(sum);
    }

    // ------------------------------------------------------------ 2. await a child that does not suspend

    @Benchmark
    @OperationsPerInvocation(Batch.OPS)
    public long awaitChild() {
        return Weft.run(childLoop(Batch.OPS));
    }

    @Async
    static Coroutine<Long> childLoop(int n) {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += await(child(i));
        }
        return Coroutine.of(sum);
    }

    /**
     * Could suspend (the await is never reached), so it is a real coroutine, woven like any other. Never
     * inlined (in every anchor alike): inlined into the loop, the JIT can prove the coroutine object does not
     * escape and remove it, and the figure would show what real code, with more than a line in its
     * coroutines, does not get.
     */
    @Async
    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    static Coroutine<Integer> child(int i) {
        if (i < 0) {
            await(Weft.sleep(Duration.ZERO));
        }
        return Coroutine.of(i + 1);
    }

    // ------------------------------------------------------------ 3. yield to the loop and back

    @Benchmark
    @OperationsPerInvocation(Batch.OPS)
    public long yieldAndBack() {
        return Weft.run(yieldLoop(Batch.OPS));
    }

    @Async
    static Coroutine<Long> yieldLoop(int n) {
        for (int i = 0; i < n; i++) {
            await(Weft.sleep(Duration.ZERO));
        }
        return Coroutine.of((long) n);
    }

    // ------------------------------------------------------------ 4. ping-pong between two tasks

    /** One round trip = ping hands a value to pong through a promise, pong hands it back through another. */
    @Benchmark
    @OperationsPerInvocation(Batch.OPS)
    public long pingPong() {
        return Weft.run(ping(new Exchange(), Batch.OPS));
    }

    /** The two promises in flight: each is completed once, so each side makes a fresh one per round. */
    static final class Exchange {
        Promise<Integer> request = new Promise<>();
        Promise<Integer> reply;
    }

    @Async
    static Coroutine<Long> ping(Exchange x, int n) {
        Task<Long> other = Weft.spawn(pong(x, n));
        long sum = 0;
        for (int i = 0; i < n; i++) {
            Promise<Integer> reply = new Promise<>();
            x.reply = reply;
            x.request.complete(i);
            sum += await(reply);
        }
        await(other);
        return Coroutine.of(sum);
    }

    @Async
    static Coroutine<Long> pong(Exchange x, int n) {
        for (int i = 0; i < n; i++) {
            int v = await(x.request);
            x.request = new Promise<>();
            x.reply.complete(v + 1);
        }
        return Coroutine.of((long) n);
    }

    // ------------------------------------------------------------ 5. spawn a task and await its result

    @Benchmark
    @OperationsPerInvocation(Batch.OPS)
    public long spawnAndAwait() {
        return Weft.run(spawnLoop(Batch.OPS));
    }

    @Async
    static Coroutine<Long> spawnLoop(int n) {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += await(Weft.spawn(child(i)));
        }
        return Coroutine.of(sum);
    }

    // ------------------------------------------------------------ 7. a chain of nested awaits, 1,000 deep

    /** One operation = build a chain {@link Batch#DEPTH} deep, suspend at its bottom, resume up through it. */
    @Benchmark
    @OperationsPerInvocation(Batch.CHAINS)
    public long deepChain() {
        return Weft.run(chains(Batch.CHAINS, Batch.DEPTH));
    }

    @Async
    static Coroutine<Long> chains(int chains, int depth) {
        long sum = 0;
        for (int i = 0; i < chains; i++) {
            sum += await(chain(depth));
        }
        return Coroutine.of(sum);
    }

    @Async
    static Coroutine<Integer> chain(int depth) {
        if (depth == 0) {
            await(Weft.sleep(Duration.ZERO));
            return Coroutine.of(0);
        }
        return Coroutine.of(await(chain(depth - 1)) + 1);
    }
}
