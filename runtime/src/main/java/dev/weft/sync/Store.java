package dev.weft.sync;

/**
 * Where a {@link Queue} keeps its items, and in which order they come out: the one thing the queue kinds change
 * ({@link FifoStore} for {@link Queue}, a stack for {@link LifoQueue}, a heap for {@link PriorityQueue}). The
 * queue does all the waiting, hand-over and counting; a store only holds the items not yet handed out.
 *
 * <p>Invariants the queue relies on: {@link #size} is the number of items added or put back and not yet polled
 * or cleared; {@link #poll} is only called when the store is not empty; an item put back is the next one
 * {@code poll} returns, as far as the store's order allows. Single-threaded, like the queue.
 *
 * @param <T> the type of the items
 */
interface Store<T> {
    /** Refuses an item this store cannot order (called before a put takes effect). */
    default void check(T item) {
    }

    /** Adds a newly put item. */
    void add(T item);

    /** Removes and returns the item {@code get} returns next; only called when not empty. */
    T poll();

    /** Puts back an item a cancelled getter gave back, so that it is the next one out (by its order). */
    void putBack(T item);

    int size();

    void clear();
}
