package dev.weft.it.behaviour;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What a suspended coroutine keeps: only live locals (seed 36.32 — Weft does by itself what the chapter asks
 * users to do by hand), and nothing at all on the fast path.
 */
class FrameContentsTest {

    @Test
    void aLargeArrayDeadAfterTheAwaitIsCollectableWhileSuspended() throws Throwable {
        String source = """
            package live;
            import dev.weft.*;
            import java.lang.ref.WeakReference;
            import java.time.Duration;
            import static dev.weft.Weft.await;
            public class Live {
                static WeakReference<byte[]> ref;
                @Async static Coroutine<String> work(Promise<Void> gate) {
                    byte[] big = new byte[64 * 1024 * 1024];
                    ref = new WeakReference<>(big);
                    int n = big.length;
                    await(gate);                       // big is dead from here on
                    return Coroutine.of("n=" + n);
                }
                @Async static Coroutine<String> main() {
                    Promise<Void> gate = new Promise<>();
                    Task<String> t = Weft.spawn(work(gate));
                    await(Weft.sleep(Duration.ZERO));   // let work run up to its await
                    boolean collected = false;
                    for (int i = 0; i < 50 && !collected; i++) {
                        System.gc();
                        collected = ref.get() == null;
                    }
                    gate.complete(null);
                    return Coroutine.of("collected=" + collected + " " + await(t));
                }
                public static Object run() { return Weft.run(main()); }
            }
            """;
        assertEquals("collected=true n=67108864", Woven.call("live.Live", source, "run"));
    }

    @Test
    void aLiveArrayIsKeptAndRestored() throws Throwable {
        String source = """
            package live;
            import dev.weft.*;
            import java.time.Duration;
            import static dev.weft.Weft.await;
            public class Kept {
                @Async static Coroutine<Integer> work() {
                    int[] data = {1, 2, 3};
                    await(Weft.sleep(Duration.ofMillis(1)));
                    System.gc();
                    await(Weft.sleep(Duration.ZERO));
                    return Coroutine.of(data[0] + data[1] + data[2]);
                }
                public static Object run() { return Weft.run(work()); }
            }
            """;
        assertEquals(6, Woven.call("live.Kept", source, "run"));
    }

    @Test
    void awaitingSomethingAlreadyDoneNeitherSuspendsNorAllocates() throws Throwable {
        String source = """
            package fast;
            import dev.weft.*;
            import java.lang.management.ManagementFactory;
            import static dev.weft.Weft.await;
            public class Fast {
                static boolean otherRan;
                @Async static Coroutine<Void> other() { otherRan = true; return Coroutine.done(); }
                @Async static Coroutine<String> main() {
                    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
                    long id = Thread.currentThread().getId();
                    Promise<Integer> done = new Promise<>();
                    done.complete(1);
                    Weft.spawn(other());
                    long sum = 0;
                    for (int i = 0; i < 1000; i++) sum += await(done);   // warm up
                    long before = mx.getThreadAllocatedBytes(id);
                    for (int i = 0; i < 100_000; i++) sum += await(done);
                    long allocated = mx.getThreadAllocatedBytes(id) - before;
                    return Coroutine.of("sum=" + sum + " suspended=" + otherRan + " smallAllocation=" + (allocated < 4096));
                }
                public static Object run() { return Weft.run(main()); }
            }
            """;
        assertEquals("sum=101000 suspended=false smallAllocation=true", Woven.call("fast.Fast", source, "run"));
    }
}
