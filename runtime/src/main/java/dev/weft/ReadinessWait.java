package dev.weft;

import dev.weft.internal.Cancellable;
import dev.weft.internal.PromiseBacked;

/**
 * What {@link EventLoop#readable} and {@link EventLoop#writable} return: done once the channel can be read (or
 * accepted from), or written (or has connected), without blocking. It watches the channel from the moment it is
 * made until it is done; cancelling it stops its own watch and no other.
 *
 * <p>Invariants: completed at most once, on the loop's thread, by the selector's report or by cancellation; once
 * done it is no longer registered with its {@link IoInterest}.
 */
final class ReadinessWait extends PromiseBacked<Void> implements Cancellable {
    private final IoInterest interest;
    private final boolean reading;

    ReadinessWait(IoInterest interest, boolean reading) {
        this.interest = interest;
        this.reading = reading;
    }

    boolean reading() {
        return reading;
    }

    /** The selector reported readiness; the wait already left its interest. */
    void becameReady() {
        outcome.complete(null);
    }

    @Override
    public boolean cancel(String message) {
        if (!outcome.cancel(message)) {
            return false;
        }
        interest.removeWait(this);
        return true;
    }

    @Override
    public String toString() {
        return (reading ? "readable(" : "writable(") + interest.channel() + (isDone() ? ", done)" : ")");
    }
}
