package dev.weft;

import org.jetbrains.lincheck.Lincheck;

/**
 * How the runtime's {@code *LincheckTest}s run a scenario under Lincheck's model checker: the block runs again and
 * again, each time under another interleaving of its threads, and fails with the interleaving that broke an
 * assertion or hung.
 *
 * <p>Lincheck runs every invocation on the same main thread and may cut one short, so each invocation first drops
 * the event loop that thread-local state may still name from a cut invocation: otherwise the next invocation's
 * loop would believe another loop runs on this thread.
 */
final class ModelChecked {
    private ModelChecked() {
    }

    /** Runs {@code scenario} under {@code invocations} interleavings. */
    static void check(int invocations, Runnable scenario) {
        Lincheck.runConcurrentTest(invocations, () -> {
            LoopOwnership.RUNNING.remove();
            scenario.run();
        });
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
