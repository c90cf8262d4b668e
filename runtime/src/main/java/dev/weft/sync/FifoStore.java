package dev.weft.sync;

import java.util.ArrayDeque;

/** A {@link Queue}'s items in the order they were put; a given-back item goes first again. */
final class FifoStore<T> implements QueueStore<T> {
    private final ArrayDeque<T> items = new ArrayDeque<>();

    @Override
    public void add(T item) {
        items.addLast(item);
    }

    @Override
    public T poll() {
        return items.pollFirst();
    }

    @Override
    public void putBack(T item) {
        items.addFirst(item);
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
