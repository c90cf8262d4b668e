package dev.weft;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What {@code addDoneCallback} registers on a {@link Task} or {@link Promise}: once the awaitable is done it
 * schedules the user's callback on a loop (never runs it inline), to run in a copy of the context that was
 * current when it was added (asyncio's default), and it remembers that callback so that
 * {@code removeDoneCallback} can find the registration again.
 *
 * <p>Invariants: immutable; two registrations of the same callback are two objects, each removed by
 * {@code removeDoneCallback(callback)}; the awaitable's other callbacks (an awaiting task's wake-up) are never
 * a {@code DoneCallback}, so removal never touches them.
 *
 * @param <S> the awaitable the callback receives
 */
final class DoneCallback<S> implements Runnable {
    private final S source;
    private final Consumer<? super S> callback;
    private final EventLoop loop;
    /** A copy of the context current at registration: what the callback sets stays there. */
    private final Context context;

    DoneCallback(S source, Consumer<? super S> callback, EventLoop loop) {
        this.source = source;
        this.callback = Objects.requireNonNull(callback, "callback");
        this.loop = loop;
        this.context = Context.copyCurrent();
    }

    /**
     * Schedules the callback: in the loop's ready queue when the awaitable completes on the loop's thread (so it
     * runs in the same pass as asyncio's would), through the loop's thread-safe inbox from any other thread. If
     * the loop was closed meanwhile (a promise completed on another thread after the loop that registered the
     * callback finished), nothing can ever run it: it is reported as dropped to that loop's handler, and neither
     * whoever completed the awaitable nor the callbacks after this one are affected.
     */
    @Override
    public void run() {
        Runnable call = () -> context.run(() -> callback.accept(source));
        if (loop.inLoopThread()) {
            loop.callSoon(call);
        } else if (!loop.offerInternal(call)) {
            loop.report("done callback " + callback + " of " + source + " was dropped: its event loop is closed", null);
        }
    }

    /**
     * Whether {@code registered} (any callback an awaitable holds) is a registration of {@code callback}, by
     * {@code callback.equals}: the argument's equality decides, as Python's comparison falls back to it.
     */
    static boolean registers(Object registered, Object callback) {
        return registered instanceof DoneCallback && callback.equals(((DoneCallback<?>) registered).callback);
    }

    /** How many registrations of {@code callback} a callback slot ({@link dev.weft.internal.CallbackSlot}) holds. */
    static int count(Object slot, Object callback) {
        Objects.requireNonNull(callback, "callback");
        if (slot instanceof List) {
            int n = 0;
            for (Object r : (List<?>) slot) {
                if (registers(r, callback)) {
                    n++;
                }
            }
            return n;
        }
        return registers(slot, callback) ? 1 : 0;
    }

    /** The callback slot without the registrations of {@code callback}, in the same order. */
    @SuppressWarnings("unchecked")
    static Object removeFrom(Object slot, Object callback) {
        if (slot instanceof List) {
            List<Runnable> kept = new ArrayList<>((List<Runnable>) slot);
            kept.removeIf(r -> registers(r, callback));
            return kept.isEmpty() ? null : kept.size() == 1 ? kept.get(0) : kept;
        }
        return registers(slot, callback) ? null : slot;
    }
}
