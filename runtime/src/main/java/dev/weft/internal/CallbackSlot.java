package dev.weft.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The callbacks an awaitable keeps until it is done, stored in one field without allocating for the common
 * cases: null (none), a Runnable (one), or a list (several), in registration order.
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

    /** Runs every callback of the slot, in registration order. */
    @SuppressWarnings("unchecked")
    public static void runAll(Object slot) {
        if (slot == null) {
            return;
        }
        if (slot instanceof Runnable) {
            ((Runnable) slot).run();
            return;
        }
        for (Runnable r : (List<Runnable>) slot) {
            r.run();
        }
    }
}
