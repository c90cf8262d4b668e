package dev.weft.it.inject;

import dev.weft.CancelledException;
import dev.weft.Coroutine;
import dev.weft.EventLoop;
import dev.weft.Promise;
import dev.weft.Task;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Cancellation and failure injected at every suspension point in turn (issue 4): for each corpus method,
 * a clean run counts its suspensions; then for each k the run is repeated with the task cancelled — or the
 * awaited point failed — at the k-th suspension. Afterwards every finally block that was entered ran exactly
 * once, every catch of CancelledException on the way saw it, nothing is left waiting, the loop has no task
 * left, and the task ended cancelled (or with the injected failure, or handled it).
 */
class InjectionAtEveryAwaitTest {
    private static final Map<String, Function<Corpus, Coroutine<Integer>>> METHODS = Map.of(
            "straight", Corpus::straight,
            "guarded", Corpus::guarded,
            "nested", Corpus::nested,
            "swallowsFailures", Corpus::swallowsFailures);

    private enum Injection { CANCEL, FAIL }

    private record Run(Corpus corpus, Task<Integer> task, int suspensions) {
    }

    /**
     * Runs {@code method}; at suspension {@code injectAt} (0-based, -1 for none) cancels the task or fails the
     * point it waits on. Every other point is completed with its number on the next pass.
     */
    private static Run run(Function<Corpus, Coroutine<Integer>> method, int injectAt, Injection injection) {
        Checkpoints points = new Checkpoints();
        Corpus corpus = new Corpus(points);
        EventLoop loop = new EventLoop();
        try {
            Task<Integer> task = loop.createTask(method.apply(corpus), "corpus");
            int settled = 0;
            int suspension = 0;
            while (!task.isDone()) {
                loop.runUntilIdle();
                if (task.isDone()) {
                    break;
                }
                assertTrue(points.count() > settled, "the task waits on a checkpoint");
                Promise<Integer> waiting = points.get(points.count() - 1);
                for (int i = settled; i < points.count() - 1; i++) {
                    assertTrue(points.get(i).isDone(), "only the newest point can be pending");
                }
                settled = points.count();
                if (suspension == injectAt) {
                    if (injection == Injection.CANCEL) {
                        task.cancel("injected");
                    } else {
                        waiting.fail(new IllegalStateException("injected failure"));
                    }
                } else {
                    waiting.complete(points.count());
                }
                suspension++;
            }
            assertTrue(loop.allTasks().isEmpty(), "no task left on the loop");
            assertEquals(0, points.pending(), "no checkpoint left waiting");
            return new Run(corpus, task, suspension);
        } finally {
            loop.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> cancelAndFailAtEverySuspension() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Map.Entry<String, Function<Corpus, Coroutine<Integer>>> m : METHODS.entrySet()) {
            Run clean = run(m.getValue(), -1, null);
            assertTrue(clean.task.exception() == null, m.getKey() + " runs cleanly");
            assertFinallyBlocksRanOnce(clean.corpus, m.getKey() + " clean");
            for (int k = 0; k < clean.suspensions; k++) {
                int at = k;
                tests.add(DynamicTest.dynamicTest(m.getKey() + " cancelled at suspension " + at, () -> {
                    Run r = run(m.getValue(), at, Injection.CANCEL);
                    assertInstanceOf(CancelledException.class, r.task.exception(), "the task ends cancelled");
                    assertTrue(r.task.isCancelled());
                    assertFinallyBlocksRanOnce(r.corpus, m.getKey() + " @" + at);
                    r.corpus.cancelSeen.forEach((block, n) -> assertEquals(1, n, block + " saw the cancellation once"));
                }));
                tests.add(DynamicTest.dynamicTest(m.getKey() + " failed at suspension " + at, () -> {
                    Run r = run(m.getValue(), at, Injection.FAIL);
                    Throwable failure = r.task.exception();
                    if (failure != null) {
                        assertEquals("injected failure", failure.getMessage());
                    }
                    assertFinallyBlocksRanOnce(r.corpus, m.getKey() + " @" + at);
                    assertTrue(r.corpus.cancelSeen.isEmpty(), "no cancellation was seen");
                }));
            }
        }
        return tests.stream();
    }

    private static void assertFinallyBlocksRanOnce(Corpus c, String where) {
        assertEquals(c.finallyEntered, c.finallyRuns, where + ": every finally block entered ran exactly once");
    }
}
