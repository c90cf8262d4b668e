package dev.weft.it.asyncio;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.sync.Barrier;

import java.util.ArrayList;
import java.util.List;

import static dev.weft.Weft.await;

/**
 * What the ports of CPython's BarrierTests ({@link BarrierPortTest}, {@link BarrierResetPortTest},
 * {@link BarrierAbortPortTest}) share: the number of parties of most tests, asyncio's make_tasks + gather, and a
 * party that records its passage.
 */
final class BarrierPort {
    private BarrierPort() {
    }

    static final int N = 5;

    /** asyncio's make_tasks + gather: spawns {@code n} parties made by {@code party} and awaits them all. */
    @Async
    static Coroutine<List<Object>> gatherTasks(List<Coroutine<?>> parties) {
        List<Task<?>> tasks = new ArrayList<>();
        for (Coroutine<?> c : parties) {
            tasks.add(Weft.spawn(c));
        }
        return Coroutine.of(new ArrayList<>(await(Weft.gather(tasks))));
    }

    @Async
    static Coroutine<Void> arriveThenRecord(Barrier barrier, List<Boolean> results) {
        await(barrier.arrive());
        results.add(true);
        return Coroutine.done();
    }
}
