package dev.weft.it.inject;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Coroutine;

import java.util.HashMap;
import java.util.Map;

import static dev.weft.Weft.await;

/**
 * Woven methods with awaits in every position that matters for cleanup — try bodies, catch blocks, finally
 * blocks, loops, nested children — each counting the finally blocks it ran and the cancellations it saw.
 * Woven by the Maven plugin (weave-tests).
 */
final class Corpus {
    final Checkpoints points;
    final Map<String, Integer> finallyRuns = new HashMap<>();
    final Map<String, Integer> cancelSeen = new HashMap<>();
    final Map<String, Integer> finallyEntered = new HashMap<>();

    Corpus(Checkpoints points) {
        this.points = points;
    }

    private void ran(String block) {
        finallyRuns.merge(block, 1, Integer::sum);
    }

    private void entered(String block) {
        finallyEntered.merge(block, 1, Integer::sum);
    }

    private void saw(String block) {
        cancelSeen.merge(block, 1, Integer::sum);
    }

    @Async
    Coroutine<Integer> straight() {
        int a = await(points.next("straight.1"));
        int b = await(points.next("straight.2"));
        return Coroutine.of(a + b);
    }

    @Async
    Coroutine<Integer> guarded() {
        entered("guarded");
        try {
            int sum = 0;
            for (int i = 0; i < 3; i++) {
                sum += await(points.next("guarded.loop"));
            }
            return Coroutine.of(sum);
        } catch (CancelledException e) {
            saw("guarded");
            await(points.next("guarded.catch"));       // cleanup that awaits
            throw e;
        } finally {
            ran("guarded");
            await(points.next("guarded.finally"));
        }
    }

    @Async
    Coroutine<Integer> nested() {
        entered("nested.outer");
        try {
            entered("nested.inner");
            try {
                int v = await(guarded());
                return Coroutine.of(v + await(points.next("nested.after")));
            } finally {
                ran("nested.inner");
            }
        } finally {
            ran("nested.outer");
            await(straight());
        }
    }

    @Async
    Coroutine<Integer> swallowsFailures() {
        int total = 0;
        for (int i = 0; i < 3; i++) {
            entered("swallow" + i);
            try {
                total += await(points.next("swallow." + i));
            } catch (IllegalStateException injected) {
                total -= 100;
            } finally {
                ran("swallow" + i);
            }
        }
        return Coroutine.of(total);
    }
}
