package dev.weft.bench;

import dev.weft.bench.support.Corpus;
import dev.weft.transformer.WeaveException;
import dev.weft.transformer.Weaver;
import dev.weft.transformer.WovenClass;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Figure 8, the transformer's side: how many class files per second the weaver weaves, and what the agent
 * spends on a class it does not weave (the {@link Weaver#mightNeedWeaving} scan it runs on every application
 * class). Each operation takes the next class of the corpus, round-robin, so a score is the corpus average.
 *
 * <p>The weaver is a lot of code for the JIT: on two idle cores its throughput climbs for about ten seconds,
 * on two busy ones for twenty or more. Hence {@link #weaveClass}'s long warm-up, and the runner gives it a
 * JMH invocation of its own.
 */
@State(Scope.Thread)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class WeavingBench {
    private final Weaver weaver = new Weaver();
    private byte[][] weft;
    private byte[][] plain;
    private int nextWeft;
    private int nextPlain;

    @Setup(Level.Trial)
    public void setUp() {
        List<byte[]> w = Corpus.weftClasses();
        List<byte[]> p = Corpus.plainClasses(2_000);
        weft = w.toArray(new byte[0][]);
        plain = p.toArray(new byte[0][]);
        System.out.println("weaving corpus: " + weft.length + " classes to weave (examples and validation fixtures), "
                + plain.length + " classes without Weft");
    }

    /** Weaves one class file with {@code @Async} methods; the score is class files woven per second. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Warmup(iterations = 30, time = 1)
    @Fork(2)
    public WovenClass weaveClass() throws WeaveException {
        byte[] c = weft[nextWeft];
        nextWeft = nextWeft + 1 == weft.length ? 0 : nextWeft + 1;
        return weaver.weave(c);
    }

    /** The agent's test of a class that does not use Weft (it is then left alone); nanoseconds per class. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public boolean scanPlainClass() {
        byte[] c = plain[nextPlain];
        nextPlain = nextPlain + 1 == plain.length ? 0 : nextPlain + 1;
        return Weaver.mightNeedWeaving(c);
    }
}
