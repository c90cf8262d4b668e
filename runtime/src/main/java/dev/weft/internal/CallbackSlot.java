package dev.weft.internal;

import dev.weft.EventLoop;
import dev.weft.LoopExceptionHandler;

import java.util.ArrayList;
import java.util.List;

/**
 * The callbacks an awaitable keeps until it is done, stored in one field without allocating for the common
 * cases: null (none), a Runnable (one), or a list (several), in registration order; and how they are run:
 * each isolated from the others.
 *
 * <p>Invariant: running callbacks never throws and never stops early: a callback that throws is reported to the
 * exception handler of the loop running on this thread (or, on a thread running no loop, to the default
 * logging handler), and the next one runs. Whoever completed the awaitable never sees a callback's failure.
 */
public final class CallbackSlot {
    private CallbackSlot() {
    }

    /** The slot with {@code callback} added after the ones it holds. */
    @SuppressWarnings("unchecked")
    public static Object add(Object slot, Runnable callback) {
        if (slot == null) {
            return callback;
        }
        if (slot instanceof Runnable) {
            List<Runnable> list = new ArrayList<>(2);
            list.add((Runnable) slot);
            list.add(callback);
            return list;
        }
        ((List<Runnable>) slot).add(callback);
        return slot;
    }

    /** Whether the slot holds {@code callback} (compared by identity). */
    public static boolean contains(Object slot, Runnable callback) {
        if (slot instanceof List) {
            for (Object r : (List<?>) slot) {
                if (r == callback) {
                    return true;
                }
            }
            return false;
        }
        return slot == callback;
    }

    /** The slot without its first registration of {@code callback} (compared by identity). */
    @SuppressWarnings("unchecked")
    public static Object remove(Object slot, Runnable callback) {
        if (slot == callback) {
            return null;
        }
        if (slot instanceof List) {
            List<Runnable> list = (List<Runnable>) slot;
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) == callback) {
                    list.remove(i);
                    return list.isEmpty() ? null : list.size() == 1 ? list.get(0) : list;
                }
            }
        }
        return slot;
    }

    /** Runs every callback of the slot, in registration order, each isolated ({@link #runIsolated}). */
    @SuppressWarnings("unchecked")
    public static void runAll(Object slot) {
        if (slot == null) {
            return;
        }
        if (slot instanceof Runnable) {
            runIsolated((Runnable) slot);
            return;
        }
        for (Runnable r : (List<Runnable>) slot) {
            runIsolated(r);
        }
    }

    /** Runs one done-callback; if it throws, the failure is reported, not propagated. */
    public static void runIsolated(Runnable callback) {
        try {
            callback.run();
        } catch (Throwable failure) {
            reportFailure(callback, failure);
        }
    }

    private static void reportFailure(Runnable callback, Throwable failure) {
        String message = "exception in done callback " + callback;
        EventLoop loop;
        try {
            loop = EventLoop.current();
        } catch (IllegalStateException noLoop) {
            LoopExceptionHandler.logging().handle(null, message, failure);
            return;
        }
        loop.report(message, failure);
    }
}
