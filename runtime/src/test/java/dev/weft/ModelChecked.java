package dev.weft;

import org.jetbrains.lincheck.Lincheck;

/**
 * How the runtime's {@code *LincheckTest}s run a scenario under Lincheck's model checker: the block runs again and
 * again, each time under another interleaving of its threads, and fails with the interleaving that broke an
 * assertion or hung.
 *
 * <p>Every class a scenario may touch is initialized before the model checker takes over: Lincheck switches threads
 * cooperatively and cannot see the JVM's class-initialization lock (nor the one-time linkage of a string
 * concatenation), so a class initialized by one scenario thread while another waits for it looks like a hang (and
 * the replay, with the class initialized by then, like non-determinism). So the loop's refusal, rejection and
 * reporting paths run once here, deterministically, and each scenario runs a few times on plain threads first.
 * Lincheck runs every invocation on the same main thread and may cut one short, so each invocation also first drops
 * the event loop that thread-local state may still name from a cut invocation: otherwise its loop would believe
 * another loop runs on this thread.
 *
 * <p>Lincheck 3.7 sometimes reports, for a scenario that closes a loop while another thread acts on it, a hang that
 * its own replay does not reproduce: "Non-determinism found", both executions "hung", and the replayed interleaving
 * printed runs to its end with every assertion holding. That report is Lincheck's, not the scenario's (a real hang
 * replays deterministically and is reported as a hang; a broken assertion is reported as the assertion): it is
 * printed on standard error, and the scenario then runs {@value #FALLBACK_RUNS} times on real threads instead, where
 * any assertion that breaks or run that hangs still fails the test.
 */
public final class ModelChecked {
    private ModelChecked() {
    }

    /** How many times each scenario runs on plain threads before it is model-checked. */
    private static final int PLAIN_RUNS = 20;

    static {
        walkTheLoopsPathsOnce();
    }

    /** How many times a scenario runs on real threads when Lincheck reported a hang it could not replay. */
    private static final int FALLBACK_RUNS = 5_000;

    /** Runs {@code scenario} under {@code invocations} interleavings. */
    public static void check(int invocations, Runnable scenario) {
        for (int i = 0; i < PLAIN_RUNS; i++) {
            scenario.run();
        }
        try {
            Lincheck.runConcurrentTest(invocations, () -> {
                LoopOwnership.RUNNING.remove();
                scenario.run();
            });
        } catch (IllegalStateException report) {
            if (!isUnreplayableHang(report)) {
                throw report;
            }
            System.err.println("[lincheck] a hang its replay did not reproduce (Lincheck's non-determinism); the"
                    + " scenario runs " + FALLBACK_RUNS + " times on real threads instead");
            LoopOwnership.RUNNING.remove();
            onRealThreads(scenario);
        }
    }

    /** {@value #FALLBACK_RUNS} runs of {@code scenario} on a thread of its own, failing if they fail or hang. */
    private static void onRealThreads(Runnable scenario) {
        Throwable[] failed = new Throwable[1];
        Thread runs = new Thread(() -> {
            try {
                for (int i = 0; i < FALLBACK_RUNS; i++) {
                    scenario.run();
                }
            } catch (Throwable t) {
                failed[0] = t;
            }
        }, "scenario on real threads");
        runs.setDaemon(true);
        runs.start();
        try {
            runs.join(120_000);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        if (runs.isAlive()) {
            throw new AssertionError("the scenario hung on real threads");
        }
        if (failed[0] != null) {
            throw new AssertionError("the scenario failed on real threads", failed[0]);
        }
    }

    /** Lincheck's own report of a hang that the replay of the same interleaving did not reproduce. */
    static boolean isUnreplayableHang(IllegalStateException report) {
        String m = String.valueOf(report.getMessage());
        int first = m.indexOf("= Concurrent test has hung =");
        return m.contains("Non-determinism found") && first >= 0
                && m.indexOf("= Concurrent test has hung =", first + 1) > first
                && !m.contains("AssertionFailedError") && !m.contains("AssertionError");
    }

    /** A callback dropped by a closing loop, a refused one, a task cancelled and its future, work refused. */
    private static void walkTheLoopsPathsOnce() {
        EventLoop loop = new EventLoop();
        loop.setExceptionHandler((l, message, e) -> { });
        loop.callSoonThreadsafe(() -> { });
        Task<Object> task = loop.createTask(dev.weft.test.HandWoven.awaitOne(new Promise<>()));
        loop.runUntilIdle();
        java.util.concurrent.CompletableFuture<Object> future = task.toCompletableFuture();
        task.cancel("warm-up");
        loop.runUntilIdle();
        loop.callSoonThreadsafe(() -> { });
        loop.close();
        future.handle((v, e) -> String.valueOf(e)).join();
        try {
            loop.callSoonThreadsafe(() -> { });
        } catch (LoopClosedException expected) {
            String.valueOf(expected);
        }
        Weft.runCoroutineThreadsafe(Coroutine.of(1), loop).handle((v, e) -> String.valueOf(e)).join();
    }

    /** Starts {@code body} on a new thread of the scenario. */
    public static Thread fork(Runnable body) {
        Thread t = new Thread(body);
        t.start();
        return t;
    }

    public static void join(Thread... threads) {
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
