package dev.weft.internal;

import dev.weft.Awaitable;

/**
 * Drives a chain of coroutine frames from a loop instead of by Java recursion, so that any depth of
 * nested awaits runs in constant Java stack (design notes §2). A parent awaiting a child coroutine is
 * linked to it ({@code child.parent}); when a frame finishes, its parent is resumed with the outcome in
 * the same loop.
 *
 * <p>{@link #run} returns when the whole chain finished (null: the outcome is in the top frame) or when
 * the innermost frame waits for something that is not a coroutine of the chain (that frame is returned;
 * its {@code awaiting} says what it waits for).
 */
public final class Trampoline {
    private Trampoline() {
    }

    /** Starts a created frame. */
    public static WovenCoroutine<?> start(WovenCoroutine<?> frame) {
        return run(frame, null, null);
    }

    /** Resumes a suspended frame with the outcome of what it awaited. */
    public static WovenCoroutine<?> resume(WovenCoroutine<?> frame, Object value, Throwable error) {
        frame.awaiting = null;
        return run(frame, value, error);
    }

    private static WovenCoroutine<?> run(WovenCoroutine<?> f, Object value, Throwable error) {
        for (;;) {
            Object r = null;
            Throwable thrown = null;
            if (f.state == WovenCoroutine.CLOSED) {
                // closed from outside, while suspended or before it started: pass its final outcome on, the
                // CancelledException it was closed with
                thrown = f.error();
            } else if (f.tail) {
                f.tail = false;
                r = value;
                thrown = error;
            } else {
                f.setOutcome(value, error);
                f.state = WovenCoroutine.RUNNING;
                f.inlineDepth = 0;
                try {
                    r = f.body.resume(f);
                } catch (Throwable t) {
                    thrown = t;
                }
                if (thrown == null && r == Intrinsics.SUSPENDED) {
                    f.state = WovenCoroutine.SUSPENDED;
                    WovenCoroutine<?> next = descend(f);
                    if (next.notStarted() || next.state == WovenCoroutine.CLOSED) {
                        f = next;
                        value = null;
                        error = null;
                        continue;
                    }
                    Awaitable<?> awaited = next.awaiting;
                    if (!awaited.isDone()) {
                        return next;
                    }
                    f = next;
                    error = awaited.exception();
                    value = error == null ? awaited.result() : null;
                    next.awaiting = null;
                    continue;
                }
            }
            if (f.state != WovenCoroutine.CLOSED) {
                f.finish(r, thrown);
            }
            WovenCoroutine<?> p = f.parent;
            if (p == null) {
                return null;
            }
            if (thrown != null) {
                AsyncStackTrace.recordAwaiter(thrown, p);
            }
            f.parent = null;
            p.awaiting = null;
            value = r;
            error = thrown;
            f = p;
        }
    }

    /**
     * From a frame that just suspended, follows the chain of child coroutines it awaits down to either a
     * child not yet started (returned, to be started) or the innermost frame, which waits for something
     * outside the chain (returned, suspended).
     */
    private static WovenCoroutine<?> descend(WovenCoroutine<?> f) {
        for (;;) {
            Awaitable<?> awaited = f.awaiting;
            if (!(awaited instanceof WovenCoroutine) || ((WovenCoroutine<?>) awaited).parent != f) {
                return f;
            }
            WovenCoroutine<?> child = (WovenCoroutine<?>) awaited;
            if (child.notStarted()) {
                return child;
            }
            f = child;
        }
    }
}
