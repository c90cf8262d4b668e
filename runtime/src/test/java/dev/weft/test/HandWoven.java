package dev.weft.test;

import dev.weft.Awaitable;
import dev.weft.internal.Intrinsics;
import dev.weft.internal.WovenCoroutine;

import java.util.function.Supplier;

/**
 * Coroutines written by hand the way the weaver writes them (a switch on the label, {@code awaitStart} and
 * {@code awaitResume} around the await, {@code SUSPENDED} to suspend), for the runtime's own tests, which run
 * without the weaver.
 */
public final class HandWoven {
    private HandWoven() {
    }

    /** {@code @Async Coroutine<T> awaitOne(Awaitable<T> a) { return Coroutine.of(await(a)); }} */
    public static <T> WovenCoroutine<T> awaitOne(Awaitable<? extends T> awaited) {
        return awaitingWhatIsMadeAtStart(() -> awaited);
    }

    /**
     * {@code @Async Coroutine<T> m() { return Coroutine.of(await(start.get())); }}: the awaitable is made when the
     * coroutine first runs, on its loop's thread (for {@code Weft.toThread} or {@code Weft.sleep}, which need one).
     */
    public static <T> WovenCoroutine<T> awaitingWhatIsMadeAtStart(Supplier<? extends Awaitable<? extends T>> start) {
        WovenCoroutine<T> f = WovenCoroutine.create(HandWoven::awaitOneBody, "HandWoven.awaitOne", 0, 1);
        f.a0 = start;
        return f;
    }

    private static Object awaitOneBody(WovenCoroutine<?> f) {
        switch (f.label) {
            case 0:
                Awaitable<?> a = (Awaitable<?>) ((Supplier<?>) f.a0).get();
                f.a0 = null;
                Object r = Intrinsics.awaitStart(a, f);
                if (r == Intrinsics.SUSPENDED) {
                    f.label = 1;
                    return Intrinsics.SUSPENDED;
                }
                return r;
            case 1:
                return Intrinsics.awaitResume(f);
            default:
                throw Intrinsics.badLabel(f);
        }
    }
}
