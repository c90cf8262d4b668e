package dev.weft.examples;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Coroutine;
import dev.weft.Task;
import dev.weft.Weft;

import java.io.PrintStream;
import java.time.Duration;

import static dev.weft.Weft.await;

/**
 * The demo: a coroutine awaiting another (the README's example), then three tasks interleaving at their
 * awaits on one thread, and one of them cancelled in the middle of a long sleep — its catch and finally
 * blocks run. Every line is stamped with the time since start, so the output is a timeline.
 */
public final class Demo {
    private static final long START = System.nanoTime();
    private static PrintStream out = System.out;

    private Demo() {
    }

    static void log(String who, String what) {
        out.printf("%7.1f ms  %-8s %s%n", (System.nanoTime() - START) / 1e6, who, what);
    }

    @Async
    static Coroutine<Integer> inner() {
        await(Weft.sleep(Duration.ofMillis(5)));
        return Coroutine.of(10);
    }

    @Async
    static Coroutine<Integer> outer() {
        int x = await(inner());
        return Coroutine.of(x + 1);
    }

    @Async
    static Coroutine<String> worker(String name, int steps, long stepMillis) {
        for (int i = 1; i <= steps; i++) {
            log(name, "step " + i + " of " + steps + ", then sleeps " + stepMillis + " ms");
            await(Weft.sleep(Duration.ofMillis(stepMillis)));
        }
        log(name, "done");
        return Coroutine.of(name + " finished " + steps + " steps");
    }

    @Async
    static Coroutine<String> sleeper() {
        try {
            log("sleeper", "going to sleep for an hour");
            await(Weft.sleep(Duration.ofHours(1)));
            return Coroutine.of("woke up");
        } catch (CancelledException e) {
            log("sleeper", "cancelled (" + e.getMessage() + "), cleaning up");
            throw e;
        } finally {
            log("sleeper", "finally block ran");
        }
    }

    @Async
    static Coroutine<String> main() {
        log("main", "outer() returned " + await(outer()));
        Task<String> alpha = Weft.spawn(worker("alpha", 3, 20), "alpha");
        Task<String> beta = Weft.spawn(worker("beta", 4, 12), "beta");
        Task<String> sleeper = Weft.spawn(sleeper(), "sleeper");
        await(Weft.sleep(Duration.ofMillis(30)));
        log("main", "cancelling the sleeper");
        sleeper.cancel("the demo is over");
        log("main", "alpha: " + await(alpha));
        log("main", "beta: " + await(beta));
        try {
            await(sleeper);
        } catch (CancelledException e) {
            log("main", "sleeper ended cancelled: " + sleeper.isCancelled());
        }
        return Coroutine.of("all done on thread " + Thread.currentThread().getName());
    }

    public static void main(String[] args) {
        log("main", Weft.run(main()));
    }

    /** For tests: where the timeline goes. */
    static void printTo(PrintStream stream) {
        out = stream;
    }
}
