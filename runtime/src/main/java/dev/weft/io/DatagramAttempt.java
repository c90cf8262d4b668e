package dev.weft.io;

import java.io.IOException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;

/**
 * One {@link DatagramEndpoint} operation (a receive or a send) as an {@link IoCoroutine.Attempt}: it tries the
 * non-blocking socket call, and when the socket cannot serve it yet it waits for readiness or the endpoint's
 * close, whichever comes first, then tries again. A cancelled wait took nothing from the socket.
 *
 * <p>Invariants (loop thread): {@code waiting} is the pending wait between a try and the next, else null; each
 * try first releases the previous wait, so nothing of an operation stays registered once it finished or was
 * abandoned; on a closed endpoint no socket call is made: the operation fails with
 * {@link AsynchronousCloseException} if it was waiting when the endpoint closed, else with
 * {@link ClosedChannelException}.
 */
abstract class DatagramAttempt implements IoCoroutine.Attempt {
    /** What {@link #tryOnce()} returns when the socket cannot serve the operation yet. */
    static final Object NOT_READY = new Object();

    final DatagramEndpoint endpoint;
    private final boolean reading;
    private ReadyOrClosed waiting;

    DatagramAttempt(DatagramEndpoint endpoint, boolean reading) {
        this.endpoint = endpoint;
        this.reading = reading;
    }

    /** The operation's value, or {@link #NOT_READY}. */
    abstract Object tryOnce() throws IOException;

    @Override
    public final Object attempt() throws IOException {
        boolean waited = waiting != null;
        release();
        if (endpoint.isClosed()) {
            throw waited ? new AsynchronousCloseException() : new ClosedChannelException();
        }
        Object outcome = tryOnce();
        if (outcome != NOT_READY) {
            return outcome;
        }
        waiting = new ReadyOrClosed(endpoint.readiness(reading), endpoint.closeSignal());
        return IoCoroutine.retryAfter(waiting);
    }

    @Override
    public final void abandoned() {
        release();
    }

    private void release() {
        if (waiting != null) {
            waiting.release();
            waiting = null;
        }
    }
}
