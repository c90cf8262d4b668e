package dev.weft.sync;

/**
 * A {@link Queue} whose {@code get} returns the most recently put item first (a stack): asyncio's
 * {@code LifoQueue}.
 *
 * <p>Invariants: those of {@link Queue}. An item a cancelled getter gives back goes back on top, so it is the
 * next one out (the "front" of a stack), ahead of items put while it was handed out.
 *
 * <p>Single-threaded, like asyncio: use it only on the event loop's thread.
 *
 * @param <T> the type of the items
 */
public final class LifoQueue<T> extends Queue<T> {

    /** An unbounded LIFO queue. */
    public LifoQueue() {
        this(0);
    }

    /** A LIFO queue of at most {@code maxSize} items ({@code <= 0}: unbounded). */
    public LifoQueue(int maxSize) {
        super(maxSize, new DequeStore<>(true));
    }
}
