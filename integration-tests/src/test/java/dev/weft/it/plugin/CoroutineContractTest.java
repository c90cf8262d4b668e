package dev.weft.it.plugin;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Coroutine;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.Weft;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static dev.weft.Weft.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The runtime contract, exercised from test code that the real Maven plugin wove at build time (goal
 * weave-tests in this module's pom).
 */
class CoroutineContractTest {
    private static final List<String> trace = new ArrayList<>();

    @Async
    static Coroutine<Integer> counted(Promise<Integer> gate) {
        trace.add("body started");
        int v = await(gate);
        trace.add("resumed with " + v);
        return Coroutine.of(v * 2);
    }

    @Test
    void callingRunsNothingAndStatesFollowTheLifeCycle() {
        trace.clear();
        Promise<Integer> gate = new Promise<>();
        Coroutine<Integer> c = counted(gate);
        assertEquals(Coroutine.State.CREATED, c.state());
        assertTrue(trace.isEmpty(), "calling an @Async method runs nothing");
        List<Coroutine.State> seen = new ArrayList<>();
        int result = Weft.run(observe(c, gate, seen));
        assertEquals(42, result);
        assertEquals(List.of(Coroutine.State.CREATED, Coroutine.State.SUSPENDED, Coroutine.State.CLOSED), seen);
        assertEquals(List.of("body started", "resumed with 21"), trace);
    }

    @Async
    static Coroutine<Integer> observe(Coroutine<Integer> c, Promise<Integer> gate, List<Coroutine.State> seen) {
        seen.add(c.state());
        Task<Integer> t = Weft.spawn(c);
        await(Weft.sleep(Duration.ZERO));
        seen.add(c.state());
        gate.complete(21);
        int v = await(t);
        seen.add(c.state());
        return Coroutine.of(v);
    }

    @Async
    static Coroutine<Integer> twice(Coroutine<Integer> c) {
        int first = await(c);
        try {
            await(c);
            return Coroutine.of(-1);
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage().contains("already awaited"), e.getMessage());
            return Coroutine.of(first);
        }
    }

    @Async
    static Coroutine<Integer> seven() {
        return Coroutine.of(7);
    }

    @Test
    void aCoroutineIsOneExecution() {
        assertEquals(7, Weft.run(twice(seven())));
    }

    @Async
    static Coroutine<String> guarded(Promise<Void> never, List<String> log) {
        try {
            log.add("waiting");
            await(never);
            log.add("not reached");
            return Coroutine.of("no");
        } finally {
            log.add("finally");
        }
    }

    @Test
    void closingASuspendedCoroutineRunsItsFinallyBlocks() {
        List<String> log = new ArrayList<>();
        Promise<Void> never = new Promise<>();
        Coroutine<String> c = guarded(never, log);
        Weft.run(startThenClose(c));
        assertEquals(List.of("waiting", "finally"), log);
        assertEquals(Coroutine.State.CLOSED, c.state());
        c.close(); // closing twice does nothing
    }

    @Async
    static Coroutine<Void> startThenClose(Coroutine<String> c) {
        Task<String> t = Weft.spawn(c);
        await(Weft.sleep(Duration.ZERO));
        assertEquals(Coroutine.State.SUSPENDED, c.state());
        c.close();
        t.cancel();
        return Coroutine.done();
    }

    @Async
    static Coroutine<String> fromOtherThread() {
        CompletableFuture<String> f = new CompletableFuture<>();
        String loopThread = Thread.currentThread().getName();
        new Thread(() -> {
            sleepQuietly(20);
            f.complete("from " + Thread.currentThread().getName());
        }, "producer").start();
        String v = await(f);
        return Coroutine.of(v + ", resumed on loop thread: " + loopThread.equals(Thread.currentThread().getName()));
    }

    @Test
    void aFutureCompletedOnAnotherThreadResumesOnTheLoopThread() {
        assertEquals("from producer, resumed on loop thread: true", Weft.run(fromOtherThread()));
    }

    @Async
    static Coroutine<String> failingFuture() {
        CompletableFuture<String> f = new CompletableFuture<>();
        new Thread(() -> f.completeExceptionally(new IOException("disk gone"))).start();
        try {
            return Coroutine.of(await(f));
        } catch (Exception e) {   // await declares no checked exception, but rethrows them as they are
            return Coroutine.of("caught " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    @Test
    void aFutureFailureIsRethrownUnwrapped() {
        assertEquals("caught IOException: disk gone", Weft.run(failingFuture()));
    }

    @Async
    static Coroutine<String> checkedFailure() throws IOException {
        await(Weft.sleep(Duration.ZERO));
        throw new IOException("checked");
    }

    @Test
    void runRethrowsCheckedExceptionsAsTheyAre() {
        Throwable t = assertThrows(Throwable.class, () -> Weft.run(checkedFailure()));
        assertEquals(IOException.class, t.getClass());
        assertEquals("checked", t.getMessage());
    }

    @Async
    static Coroutine<Integer> delegating(boolean suspend) {
        if (suspend) {
            await(Weft.sleep(Duration.ZERO));
        }
        return seven();          // completes with seven()'s outcome, without awaiting it here
    }

    @Test
    void returningAnotherCoroutineCompletesWithItsOutcome() {
        assertEquals(7, Weft.run(delegating(false)));
        assertEquals(7, Weft.run(delegating(true)));
    }

    @Async
    static Coroutine<String> tasks(List<String> log) {
        Task<String> never = Weft.spawn(recordStart(log), "never-started");
        never.cancel();
        Task<String> failing = Weft.spawn(fails(), "failing");
        Task<String> sleeping = Weft.spawn(longSleep(log), "sleeping");
        await(Weft.sleep(Duration.ZERO));
        sleeping.cancel("enough");
        String summary;
        try {
            await(failing);
            summary = "no";
        } catch (IllegalArgumentException e) {
            summary = "failing rethrew " + e.getMessage();
        }
        try {
            await(sleeping);
        } catch (CancelledException e) {
            summary += ", sleeping cancelled=" + sleeping.isCancelled();
        }
        try {
            await(never);
        } catch (CancelledException e) {
            summary += ", never-started cancelled=" + never.isCancelled();
        }
        assertEquals("failing", failing.name());
        assertInstanceOf(IllegalArgumentException.class, failing.exception());
        assertThrows(IllegalArgumentException.class, failing::result);
        return Coroutine.of(summary);
    }

    @Async
    static Coroutine<String> recordStart(List<String> log) {
        log.add("never-started ran");
        return Coroutine.of("x");
    }

    @Async
    static Coroutine<String> fails() {
        await(Weft.sleep(Duration.ZERO));
        throw new IllegalArgumentException("bad input");
    }

    @Async
    static Coroutine<String> longSleep(List<String> log) {
        try {
            await(Weft.sleep(Duration.ofHours(1)));
            return Coroutine.of("woke");
        } catch (CancelledException e) {
            log.add("sleeping saw: " + e.getMessage());
            await(Weft.sleep(Duration.ofMillis(1))); // cleanup may await
            log.add("sleeping cleaned up");
            throw e;
        }
    }

    @Test
    void taskResultsFailuresAndCancellation() {
        List<String> log = new ArrayList<>();
        assertEquals("failing rethrew bad input, sleeping cancelled=true, never-started cancelled=true",
                Weft.run(tasks(log)));
        assertEquals(List.of("sleeping saw: enough", "sleeping cleaned up"), log);
    }

    @Async
    static Coroutine<String> leavesATaskBehind(List<String> log) {
        Weft.spawn(longSleep(log), "orphan");
        await(Weft.sleep(Duration.ZERO));
        return Coroutine.of("main done");
    }

    @Test
    void runCancelsLeftoverTasksAndLetsThemCleanUp() {
        List<String> log = new ArrayList<>();
        assertEquals("main done", Weft.run(leavesATaskBehind(log)));
        assertEquals(List.of("sleeping saw: event loop is shutting down", "sleeping cleaned up"), log);
    }

    @Async
    static Coroutine<Integer> chain(int n) {
        if (n == 0) {
            await(Weft.sleep(Duration.ZERO));
            return Coroutine.of(0);
        }
        return Coroutine.of(await(chain(n - 1)) + 1);
    }

    @Test
    void aHundredThousandNestedAwaitsNeedNoDeepJavaStack() {
        assertEquals(100_000, Weft.run(chain(100_000)));
    }

    @Test
    void runInsideARunningLoopIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Weft.run(nestedRun()));
        assertTrue(e.getMessage().contains("cannot be called from a running event loop"), e.getMessage());
    }

    @Async
    static Coroutine<Integer> nestedRun() {
        return Coroutine.of(Weft.run(seven()));
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
