package dev.weft.io;

import dev.weft.Awaitable;
import dev.weft.internal.Cancellable;
import dev.weft.internal.PromiseBacked;

/**
 * What a {@link DatagramEndpoint} operation waits for when the socket cannot serve it yet: done as soon as the
 * socket is ready (a one-shot {@link dev.weft.EventLoop#readable} or {@code writable} wait) or the endpoint is
 * closed, whichever comes first. Closing therefore wakes every waiting operation instead of leaving it to a
 * readiness report that a closed channel never makes.
 *
 * <p>Invariants: completed at most once (normally by either signal, or cancelled with the waiting task); after
 * {@link #release()}, which runs on the loop's thread, nothing of it stays registered: the readiness wait is done
 * or cancelled, and the long-lived close signal no longer holds its wake-up.
 */
final class ReadyOrClosed extends PromiseBacked<Void> implements Cancellable {
    private final Awaitable<Void> ready;
    private final Awaitable<Void> closed;
    private final Runnable wake = () -> outcome.complete(null);

    ReadyOrClosed(Awaitable<Void> ready, Awaitable<Void> closed) {
        this.ready = ready;
        this.closed = closed;
        ready.whenDone(wake);
        closed.whenDone(wake);
    }

    /** Forgets both registrations; the readiness wait, if still pending, is cancelled. Idempotent. */
    void release() {
        closed.removeWhenDone(wake);
        if (!ready.isDone() && ready instanceof Cancellable) {
            ((Cancellable) ready).cancel(null);
        }
    }

    @Override
    public boolean cancel(String message) {
        if (!outcome.cancel(message)) {
            return false;
        }
        release();
        return true;
    }
}
