package dev.weft.sync;

/**
 * Where a {@link Queue} keeps its items, and in which order they come out: the one thing the queue kinds
 * ({@link Queue}, {@link PriorityQueue}, {@link LifoQueue}) change. Used only on the event loop's thread.
 *
 * @param <T> the type of the items
 */
interface QueueStore<T> {
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
