package dev.weft.it.asyncio;

import dev.weft.Async;
import dev.weft.Awaitable;
import dev.weft.CancelledException;
import dev.weft.Coroutine;
import dev.weft.EventLoop;
import dev.weft.ManualClock;
import dev.weft.Weft;

import java.time.Duration;

import static dev.weft.Weft.await;

/**
 * Woven helpers for the ports of CPython's asyncio tests that pin the API of issue 12 (Context, timeoutAt,
 * Barrier, the gather handle, Semaphore order, done-callback removal, task names): asyncio's
 * {@code await asyncio.sleep(0)} and a loop on virtual time, where {@code asyncio.sleep(0.01)} costs nothing.
 */
final class ApiPort {
    private ApiPort() {
    }

    /** asyncio's {@code await asyncio.sleep(0)}, {@code n} times: the other ready tasks run meanwhile. */
    @Async
    static Coroutine<Void> sleep0(int n) {
        for (int i = 0; i < n; i++) {
            await(Weft.sleep(Duration.ZERO));
        }
        return Coroutine.done();
    }

    /** asyncio's {@code await asyncio.sleep(0)}. */
    static Awaitable<Void> sleep0() {
        return Weft.sleep(Duration.ZERO);
    }

    static Duration ms(long n) {
        return Duration.ofMillis(n);
    }

    /** Runs {@code main} on a loop whose clock jumps to the next timer whenever every task waits. */
    static <T> T runVirtual(Coroutine<T> main) {
        return Weft.run(main, new EventLoop(ManualClock.autoAdvancing()));
    }

    /** How {@code awaitable} ended: "value X", "cancelled", or the failure's simple class name. */
    @Async
    static Coroutine<String> outcome(Awaitable<?> awaitable) {
        try {
            Object v = await(awaitable);
            return Coroutine.of("value " + v);
        } catch (CancelledException e) {
            return Coroutine.of("cancelled");
        } catch (Throwable e) {
            return Coroutine.of(e.getClass().getSimpleName());
        }
    }
}
