package dev.weft.sync;

import java.util.ArrayDeque;

/**
 * The {@link Store} of a plain {@link Queue}: first in, first out. An item a cancelled getter gives back goes to
 * the front, so it is the next one out, ahead of items put while it was handed out.
 *
 * @param <T> the type of the items
 */
final class FifoStore<T> implements Store<T> {
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
