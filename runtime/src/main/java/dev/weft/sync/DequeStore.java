package dev.weft.sync;

import java.util.ArrayDeque;

/**
 * A {@link Queue}'s items in a deque, in the order they were put: taken from the front (first in, first out, for
 * {@link Queue}) or from the back (last in, first out, for {@link LifoQueue}). Invariant: a given-back item goes
 * where the next {@code poll} takes from, so it is the next one out.
 */
final class DequeStore<T> implements QueueStore<T> {
    private final ArrayDeque<T> items = new ArrayDeque<>();
    private final boolean lastInFirstOut;

    /** @param lastInFirstOut whether {@code poll} takes the most recently added item (a stack) */
    DequeStore(boolean lastInFirstOut) {
        this.lastInFirstOut = lastInFirstOut;
    }

    @Override
    public void add(T item) {
        items.addLast(item);
    }

    @Override
    public T poll() {
        return lastInFirstOut ? items.pollLast() : items.pollFirst();
    }

    @Override
    public void putBack(T item) {
        if (lastInFirstOut) {
            items.addLast(item);
        } else {
            items.addFirst(item);
        }
    }

    @Override
    public int size() {
        return items.size();
    }

    @Override
    public void clear() {
        items.clear();
    }
}
