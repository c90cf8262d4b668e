package dev.weft.sync;

import java.util.Comparator;

/**
 * A {@link Queue} whose {@code get} returns the smallest item first: asyncio's {@code PriorityQueue}. Items are
 * ordered by their natural order ({@link Comparable}) or by the given comparator; items that compare equal come
 * out in the order they were put (stable, unlike asyncio's heapq, where equal entries come out in any order).
 *
 * <p>Invariants: those of {@link Queue}. An item a cancelled getter gives back goes back in by its priority,
 * ahead of equal items (it was the smallest when it was handed out; a smaller one may have arrived since).
 *
 * <p>Single-threaded, like asyncio: use it only on the event loop's thread. The name clashes with
 * {@link java.util.PriorityQueue}: import one of them, qualify the other.
 *
 * @param <T> the type of the items
 */
public final class PriorityQueue<T> extends Queue<T> {

    /** An unbounded priority queue of {@link Comparable} items. */
    public PriorityQueue() {
        this(0);
    }

    /** A priority queue of at most {@code maxSize} {@link Comparable} items ({@code <= 0}: unbounded). */
    public PriorityQueue(int maxSize) {
        this(maxSize, null);
    }

    /** A priority queue of at most {@code maxSize} items ordered by {@code comparator} ({@code <= 0}: unbounded). */
    public PriorityQueue(int maxSize, Comparator<? super T> comparator) {
        super(maxSize, new HeapStore<>(comparator));
    }

    private static final class HeapStore<T> implements QueueStore<T> {
        private final java.util.PriorityQueue<Entry<T>> heap;
        private final boolean natural;
        private long nextBack;
        private long nextFront = -1;

        @SuppressWarnings("unchecked")
        HeapStore(Comparator<? super T> comparator) {
            natural = comparator == null;
            Comparator<? super T> order = natural ? (a, b) -> ((Comparable<Object>) a).compareTo(b) : comparator;
            heap = new java.util.PriorityQueue<>((x, y) -> {
                int c = order.compare(x.item, y.item);
                return c != 0 ? c : Long.compare(x.sequence, y.sequence);
            });
        }

        @Override
        public void add(T item) {
            heap.add(new Entry<>(item, nextBack++));
        }

        @Override
        public T poll() {
            return heap.poll().item;
        }

        @Override
        public void putBack(T item) {
            heap.add(new Entry<>(item, nextFront--));
        }

        @Override
        public void check(T item) {
            if (natural && !(item instanceof Comparable)) {
                throw new ClassCastException(item.getClass().getName() + " is not Comparable; give the PriorityQueue a"
                        + " Comparator");
            }
        }

        @Override
        public int size() {
            return heap.size();
        }

        @Override
        public void clear() {
            heap.clear();
        }
    }

    private static final class Entry<T> {
        final T item;
        final long sequence;

        Entry(T item, long sequence) {
            this.item = item;
            this.sequence = sequence;
        }
    }
}
