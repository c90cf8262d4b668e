package dev.weft.io;

import dev.weft.Awaitable;
import dev.weft.Promise;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many of a {@link Server}'s connections are still being handled, and the signal that all are done once the
 * server is closed. The accepting loop counts a connection in before it hands it to its loop; each connection's
 * loop counts it out when its handler finished: on an {@link EventLoopGroup} these are different threads.
 *
 * <p>Invariants: {@link #opened()} is called by the accepting loop only, never after {@link #close()} (the server
 * stops accepting first); {@link #allDone()} completes exactly when the server is closed and the count is zero,
 * whichever of the two happens last, and whatever the interleaving of the last {@link #finished()} with
 * {@link #close()}: each reads the other's write after making its own.
 */
final class LiveConnections {
    private final AtomicInteger live = new AtomicInteger();
    private final Promise<Void> allDone = new Promise<>();
    private final Promise<Void> closedSignal = new Promise<>();
    private volatile boolean closed;

    /** A connection was accepted (the accepting loop, before the server is closed). */
    void opened() {
        live.incrementAndGet();
    }

    /** A connection's handler finished, or its hand-off failed (any thread). */
    void finished() {
        if (live.decrementAndGet() == 0 && closed) {
            allDone.complete(null);
        }
    }

    /** The server stopped accepting. */
    void close() {
        closed = true;
        closedSignal.complete(null);
        if (live.get() == 0) {
            allDone.complete(null);
        }
    }

    boolean isClosed() {
        return closed;
    }

    int count() {
        return live.get();
    }

    /** Done once the server stopped accepting. */
    Awaitable<Void> closedSignal() {
        return closedSignal;
    }

    /** Done once closed with no connection left. */
    Awaitable<Void> allDone() {
        return allDone;
    }
}
