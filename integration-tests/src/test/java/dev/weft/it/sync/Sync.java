package dev.weft.it.sync;

import dev.weft.Async;
import dev.weft.Awaitable;
import dev.weft.CancelledException;
import dev.weft.Coroutine;
import dev.weft.Weft;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import static dev.weft.Weft.await;

/** Woven helpers shared by the synchronisation tests. */
final class Sync {
    private Sync() {
    }

    /** Lets the other ready tasks run for {@code n} loop passes. */
    @Async
    static Coroutine<Void> pass(int n) {
        for (int i = 0; i < n; i++) {
            await(Weft.sleep(Duration.ZERO));
        }
        return Coroutine.done();
    }

    /** Yields until {@code condition} holds (fails the test after many passes). */
    @Async
    static Coroutine<Void> until(BooleanSupplier condition) {
        for (int i = 0; !condition.getAsBoolean(); i++) {
            if (i > 10_000) {
                throw new AssertionError("condition never held");
            }
            await(Weft.sleep(Duration.ZERO));
        }
        return Coroutine.done();
    }

    /** How {@code awaitable} ended: "value X", "cancelled[: message]", or the failure's simple class name. */
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
