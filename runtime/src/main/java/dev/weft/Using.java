package dev.weft;

import dev.weft.internal.Intrinsics;
import dev.weft.internal.Outcomes;
import dev.weft.internal.WovenCoroutine;

import java.util.function.Function;

/**
 * {@link Weft#using}: runs a body with a resource and awaits the resource's close however the body ends —
 * Python's {@code async with}. Written as a coroutine body by hand (the runtime is not woven), so it runs in
 * the caller's task: cancelling the caller reaches the body, and the close still runs.
 *
 * <p>Frame slots: {@code a0} the resource until its close starts, then the body's value; {@code a1} the body
 * function until the body starts, then the body's failure. Labels: 0 start, 1 body resumed, 2 close resumed.
 */
final class Using {
    private Using() {
    }

    static <R extends AsyncCloseable, T> Coroutine<T> using(R resource, Function<? super R, ? extends Coroutine<T>> body) {
        if (resource == null || body == null) {
            throw new NullPointerException(resource == null ? "resource" : "body");
        }
        WovenCoroutine<T> f = WovenCoroutine.create(Using::resume, "Weft.using", 0, 2);
        f.a0 = resource;
        f.a1 = body;
        return f;
    }

    @SuppressWarnings("unchecked")
    private static Object resume(WovenCoroutine<?> f) {
        switch (f.label) {
            case 0: {
                Function<Object, Coroutine<?>> body = (Function<Object, Coroutine<?>>) f.a1;
                f.a1 = null;
                Object value;
                try {
                    value = Intrinsics.awaitStart(body.apply(f.a0), f);
                } catch (Throwable failure) {
                    return close(f, null, failure);
                }
                if (value == Intrinsics.SUSPENDED) {
                    f.label = 1;
                    return Intrinsics.SUSPENDED;
                }
                return close(f, value, null);
            }
            case 1: {
                Object value;
                try {
                    value = Intrinsics.awaitResume(f);
                } catch (Throwable failure) {
                    return close(f, null, failure);
                }
                return close(f, value, null);
            }
            case 2: {
                Throwable closeFailure = null;
                try {
                    Intrinsics.awaitResume(f);
                } catch (Throwable e) {
                    closeFailure = e;
                }
                return finish(f, closeFailure);
            }
            default:
                throw Intrinsics.badLabel(f);
        }
    }

    private static Object close(WovenCoroutine<?> f, Object value, Throwable failure) {
        AsyncCloseable resource = (AsyncCloseable) f.a0;
        f.a0 = value;
        f.a1 = failure;
        Object closed;
        try {
            closed = Intrinsics.awaitStart(resource.closeAsync(), f);
        } catch (Throwable closeFailure) {
            return finish(f, closeFailure);
        }
        if (closed == Intrinsics.SUSPENDED) {
            f.label = 2;
            return Intrinsics.SUSPENDED;
        }
        return finish(f, null);
    }

    private static Object finish(WovenCoroutine<?> f, Throwable closeFailure) {
        Object value = f.a0;
        Throwable failure = (Throwable) f.a1;
        f.a0 = null;
        f.a1 = null;
        if (failure != null) {
            if (closeFailure != null && closeFailure != failure) {
                failure.addSuppressed(closeFailure);
            }
            throw Outcomes.sneakyThrow(failure);
        }
        if (closeFailure != null) {
            throw Outcomes.sneakyThrow(closeFailure);
        }
        return value;
    }
}
