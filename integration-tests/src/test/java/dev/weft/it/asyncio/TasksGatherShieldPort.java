package dev.weft.it.asyncio;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.Promise;

import static dev.weft.Weft.await;

/**
 * What the ports of test_tasks.py's gather tests ({@link TasksGatherPortTest}) and shield tests
 * ({@link TasksShieldPortTest}) share: CPython's {@code inner()}, a child that waits for a promise and then
 * adds 1 to the proof.
 */
final class TasksGatherShieldPort {
    private TasksGatherShieldPort() {
    }

    @Async
    static Coroutine<Void> inner(Promise<Void> waiter, int[] proof) {
        await(waiter);
        proof[0] += 1;
        return Coroutine.done();
    }
}
