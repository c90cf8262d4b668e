package dev.weft.test;

import dev.weft.Awaitable;
import dev.weft.Coroutine;
import dev.weft.EventLoop;
import dev.weft.Promise;
import dev.weft.internal.Intrinsics;
import dev.weft.internal.WovenCoroutine;

import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Hand-woven coroutines and small drivers for the tests of the event loop's parts (ownership, shutdown, passes,
 * timers, I/O), which run without the weaver. The coroutines are written the way the weaver writes them (see
 * {@link HandWoven}).
 */
public final class LoopHandWoven {
    private LoopHandWoven() {
    }

    /**
     * <pre>{@code
     * @Async Coroutine<T> m() {
     *     Object v = null; Throwable f = null;
     *     try { v = await(first.get()); } catch (Throwable t) { f = t; }
     *     return Coroutine.of(await(then.apply(v, f)));
     * }}</pre>
     * Awaits what {@code first} makes when the coroutine starts; then, whatever its outcome (a cancellation
     * included, which is caught), awaits what {@code then} makes of that outcome. {@code then} may throw, failing
     * the coroutine, or return {@code Coroutine.of(x)} to end with {@code x}.
     */
    public static <T> Coroutine<T> awaitThen(Supplier<? extends Awaitable<?>> first,
            BiFunction<Object, Throwable, ? extends Awaitable<? extends T>> then) {
        WovenCoroutine<T> f = WovenCoroutine.create(LoopHandWoven::awaitThenBody, "LoopHandWoven.awaitThen", 0, 2);
        f.a0 = first;
        f.a1 = then;
        return f;
    }

    @SuppressWarnings("unchecked")
    private static Object awaitThenBody(WovenCoroutine<?> f) {
        Object value = null;
        Throwable failure = null;
        switch (f.label) {
            case 0:
                Awaitable<?> a = ((Supplier<? extends Awaitable<?>>) f.a0).get();
                f.a0 = null;
                try {
                    Object r = Intrinsics.awaitStart(a, f);
                    if (r == Intrinsics.SUSPENDED) {
                        f.label = 1;
                        return Intrinsics.SUSPENDED;
                    }
                    value = r;
                } catch (Throwable t) {
                    failure = t;
                }
                break;
            case 1:
                try {
                    value = Intrinsics.awaitResume(f);
                } catch (Throwable t) {
                    failure = t;
                }
                break;
            case 2:
                return Intrinsics.awaitResume(f);
            default:
                throw Intrinsics.badLabel(f);
        }
        BiFunction<Object, Throwable, ? extends Awaitable<?>> then =
                (BiFunction<Object, Throwable, ? extends Awaitable<?>>) f.a1;
        f.a1 = null;
        Object r = Intrinsics.awaitStart(then.apply(value, failure), f);
        if (r == Intrinsics.SUSPENDED) {
            f.label = 2;
            return Intrinsics.SUSPENDED;
        }
        return r;
    }

    /**
     * Runs {@code action} inside a callback of a fresh loop that runs on the calling thread (so the calling thread
     * runs that other loop while {@code action} acts), then closes that loop; rethrows what {@code action} threw.
     */
    public static void insideAnotherLoop(Runnable action) {
        Promise<Void> done = new Promise<>();
        try (EventLoop other = new EventLoop()) {
            other.callSoonThreadsafe(() -> {
                try {
                    action.run();
                    done.complete(null);
                } catch (Throwable t) {
                    done.fail(t);
                }
            });
            other.runUntilComplete(done);
        }
        Throwable failure = done.exception();
        if (failure instanceof RuntimeException) {
            throw (RuntimeException) failure;
        }
        if (failure instanceof Error) {
            throw (Error) failure;
        }
    }
}
