package dev.weft.it.asyncio;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.Promise;

import static dev.weft.Weft.await;
import static dev.weft.it.asyncio.ApiPort.sleep0;

/**
 * What the ports of the gather tests on the running gather handle ({@link GatherHandlePortTest},
 * {@link GatherHandleCoroutinePortTest}) share: asyncio's {@code _run_loop} and a coroutine awaiting a promise.
 */
final class GatherHandlePort {
    private GatherHandlePort() {
    }

    /** Runs the ready callbacks, the gather's completion and the done-callbacks it scheduled. */
    @Async
    static Coroutine<Void> runLoop() {
        return sleep0(5);
    }

    @Async
    static <T> Coroutine<T> awaitIt(Promise<T> fut) {
        return Coroutine.of(await(fut));
    }
}
