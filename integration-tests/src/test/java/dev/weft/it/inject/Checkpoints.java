package dev.weft.it.inject;

import dev.weft.Promise;

import java.util.ArrayList;
import java.util.List;

/**
 * The awaitables a corpus method waits on, handed out and settled by the test: each {@link #next} is a
 * promise the harness completes on the loop's next pass — or, at the chosen suspension, fails or leaves
 * pending while the task is cancelled. Records every point so the test can check none was left waiting.
 */
final class Checkpoints {
    private final List<Promise<Integer>> issued = new ArrayList<>();
    private final List<String> trace = new ArrayList<>();

    /** A new point to await; its value is its number. */
    Promise<Integer> next(String where) {
        Promise<Integer> p = new Promise<>();
        issued.add(p);
        trace.add(where);
        return p;
    }

    int count() {
        return issued.size();
    }

    Promise<Integer> get(int i) {
        return issued.get(i);
    }

    List<String> trace() {
        return trace;
    }

    /** Points nobody settled and nobody cancelled: resources left waiting. */
    long pending() {
        return issued.stream().filter(p -> !p.isDone()).count();
    }
}
