package dev.weft;

import java.util.Objects;

/**
 * asyncio's {@code shield}: protects work from the cancellation of whoever awaits it.
 *
 * <pre>{@code
 * Receipt r = await(Shield.shield(saveOrder(order)));   // if this task is cancelled here, the save goes on
 * }</pre>
 *
 * <p>The inner work runs as a task (a coroutine that has not started is spawned at once; a task, promise or
 * other awaitable is used as it is). {@code shield} returns an outer awaitable that completes with the
 * inner outcome. Cancelling the task that awaits the outer one cancels only the outer one: that task gets its
 * {@link CancelledException} at once, the inner work keeps running to its end. If the inner work itself is
 * cancelled, the awaiter gets the {@link CancelledException} too.
 *
 * <p>Differences from asyncio: when the awaiter was cancelled and the inner task that {@code shield} spawned
 * later fails, the failure is reported to the loop's exception handler (asyncio silences it: nobody could
 * see it); for a task you passed in, the failure stays with that task, yours to look at.
 *
 * <p>Note that a shield does not make the awaiter wait: inside a {@link Timeout} or a cancelled
 * {@link TaskGroup} the awaiting body is cancelled at once while the shielded work goes on in the background.
 *
 * <p>Invariants: the outer awaitable is completed at most once, with the inner outcome unless it was
 * cancelled first; cancelling it never touches the inner work, and leaves no callback on work it did not spawn
 * (so shielding a long-lived promise again and again under timeouts does not pile up registrations).
 */
public final class Shield {
    private Shield() {
    }

    /** An awaitable of {@code inner}'s outcome whose cancellation does not cancel {@code inner}. */
    public static <T> Awaitable<T> shield(Awaitable<T> inner) {
        Objects.requireNonNull(inner, "inner");
        if (inner.isDone()) {
            return inner;
        }
        boolean spawned = inner instanceof Coroutine;
        Awaitable<T> work = spawned ? EventLoop.current().createTask((Coroutine<T>) inner) : inner;
        EventLoop loop = spawned ? ((Task<T>) work).loop() : null;
        Promise<T> outer = new Promise<>();
        Runnable relay = () -> {
            if (outer.isDone()) {
                if (spawned) {
                    Throwable f = work.exception();
                    if (f != null && !(f instanceof CancelledException)) {
                        loop.report("shielded task " + ((Task<T>) work).name() + " failed after its awaiter was cancelled", f);
                    }
                }
                return;
            }
            Throwable f = work.exception();
            if (f != null) {
                outer.fail(f);
            } else {
                outer.complete(work.result());
            }
        };
        work.whenDone(relay);
        if (!spawned) { // the awaiter gave up (asyncio removes its callback too): nothing stays on the inner work
            outer.whenDone(() -> {
                if (!work.isDone() && (!(work instanceof Task) || ((Task<?>) work).loop().inLoopThread())) {
                    work.removeWhenDone(relay);
                }
            });
        }
        return outer;
    }
}
