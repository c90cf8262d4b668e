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
 */
final class ModelChecked {
    private ModelChecked() {
    }

    /** How many times each scenario runs on plain threads before it is model-checked. */
    private static final int PLAIN_RUNS = 20;

    static {
        walkTheLoopsPathsOnce();
    }

    /** Runs {@code scenario} under {@code invocations} interleavings. */
    static void check(int invocations, Runnable scenario) {
        for (int i = 0; i < PLAIN_RUNS; i++) {
            scenario.run();
        }
        Lincheck.runConcurrentTest(invocations, () -> {
            LoopOwnership.RUNNING.remove();
            scenario.run();
        });
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
    static Thread fork(Runnable body) {
        Thread t = new Thread(body);
        t.start();
        return t;
    }

    static void join(Thread... threads) {
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
