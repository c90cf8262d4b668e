package dev.weft;

import dev.weft.internal.PromiseBacked;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * asyncio's {@code as_completed}: the outcomes of several awaitables in the order they finish.
 *
 * <pre>{@code
 * for (Awaitable<String> next : AsCompleted.asCompleted(List.of(fetch("a"), fetch("b"), fetch("c")))) {
 *     String page = await(next);     // the first to finish, then the second, ...
 * }
 * }</pre>
 *
 * <p>Returns a list of awaitables, one per input: the k-th completes with the outcome (value or failure) of the
 * k-th input to finish. Coroutines that have not started are spawned as tasks at once (the call must be
 * made on a running loop, as in asyncio); tasks and other awaitables are watched as they are.
 *
 * <p>The returned awaitables are not cancellable: cancelling the task awaiting one of them does not lose the
 * outcome it was going to carry (await it again, or the next, later), and does not cancel the inputs; the
 * tasks made from coroutines keep running, as with asyncio. Stop them yourself if you stop iterating.
 *
 * <p>Invariants: the k-th result completes before the (k+1)-th; each input's outcome lands in exactly one
 * result; all of it happens on the loop thread.
 */
public final class AsCompleted {
    private AsCompleted() {
    }

    /** One awaitable per input, completing in the order the inputs finish. Loop thread only. */
    public static <T> List<Awaitable<T>> asCompleted(Collection<? extends Awaitable<? extends T>> awaitables) {
        Objects.requireNonNull(awaitables, "awaitables");
        EventLoop loop = EventLoop.current();
        List<Awaitable<?>> watched = new ArrayList<>(awaitables.size());
        for (Awaitable<? extends T> a : awaitables) {
            watched.add(CoroutineMachine.asWatchable(a, loop));
        }
        List<Slot<T>> slots = new ArrayList<>(watched.size());
        for (int i = 0; i < watched.size(); i++) {
            slots.add(new Slot<>());
        }
        int[] next = {0};
        for (Awaitable<?> a : watched) {
            CoroutineMachine.whenDoneOnLoop(a, loop, () -> slots.get(next[0]++).settle(a));
        }
        return Collections.unmodifiableList(new ArrayList<>(slots));
    }

    /** One result: done with the outcome of the input that finished in its position. Not cancellable. */
    private static final class Slot<T> extends PromiseBacked<T> {

        @SuppressWarnings("unchecked")
        void settle(Awaitable<?> finished) {
            Throwable f = finished.exception();
            if (f != null) {
                outcome.fail(f);
            } else {
                outcome.complete((T) finished.result());
            }
        }

        @Override
        public String toString() {
            return "AsCompleted.Slot[" + outcome + "]";
        }
    }
}
