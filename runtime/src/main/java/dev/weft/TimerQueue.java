package dev.weft;

import java.util.Arrays;

/**
 * The timers of one {@link EventLoop}: a binary min-heap ordered by deadline, then by scheduling order, in
 * which every {@link TimerHandle} knows its index, so that a cancelled timer is removed at once in
 * {@code O(log n)} (as Netty does) instead of waiting in the heap until its deadline.
 *
 * <p>Invariants:
 * <ul>
 *   <li>touched only on the loop's thread (or before the loop runs); a cancellation from another thread is
 *       handed to the loop through its thread-safe inbox;</li>
 *   <li>{@code heap[0 .. size)} is a heap under {@link TimerHandle#compareTo}, {@code heap[i].heapIndex == i}, and
 *       every slot past {@code size} is null, so the queue holds only timers that may still fire;</li>
 *   <li>the array shrinks when it is mostly empty, so a burst of timers leaves no lasting footprint.</li>
 * </ul>
 */
final class TimerQueue {
    private static final int INITIAL_CAPACITY = 16;

    private final EventLoop loop;
    private TimerHandle[] heap = new TimerHandle[INITIAL_CAPACITY];
    private int size;
    private long sequence;

    TimerQueue(EventLoop loop) {
        this.loop = loop;
    }

    /** A new timer firing {@code callback} at {@code deadlineNanos}, queued. */
    TimerHandle schedule(long deadlineNanos, Runnable callback) {
        TimerHandle h = new TimerHandle(this, deadlineNanos, sequence++, callback);
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        heap[size] = h;
        h.heapIndex = size;
        size++;
        siftUp(h.heapIndex);
        return h;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The deadline of the next timer; only meaningful when not {@link #isEmpty()}. */
    long nextDeadline() {
        return heap[0].deadlineNanos();
    }

    /** Moves the callbacks of every timer due at {@code now} to the ready queue, earliest first. */
    void fireDue(long now, ReadyQueue ready) {
        while (size > 0 && heap[0].deadlineNanos() - now <= 0) {
            TimerHandle due = heap[0];
            removeAt(0);
            Runnable r = due.take();
            if (r != null) {
                ready.add(r);
            }
        }
    }

    /** A timer was cancelled: remove it now on the loop thread, else on the loop's next pass. */
    void cancelled(TimerHandle h) {
        if (!loop.runHereIfFree(() -> remove(h))) {
            loop.offerInternal(() -> remove(h)); // refused once the loop closed: its timers are gone already
        }
    }

    private void remove(TimerHandle h) {
        int i = h.heapIndex;
        if (i >= 0 && i < size && heap[i] == h) {
            removeAt(i);
            h.drop();
        }
    }

    /** Drops every timer (the loop closed): none of them will fire. */
    void clear() {
        for (int i = 0; i < size; i++) {
            heap[i].heapIndex = -1;
            heap[i].drop();
        }
        heap = new TimerHandle[INITIAL_CAPACITY];
        size = 0;
    }

    private void removeAt(int i) {
        TimerHandle removed = heap[i];
        removed.heapIndex = -1;
        size--;
        TimerHandle last = heap[size];
        heap[size] = null;
        if (i < size) {
            heap[i] = last;
            last.heapIndex = i;
            siftDown(i);
            if (heap[i] == last) {
                siftUp(i);
            }
        }
        if (heap.length > INITIAL_CAPACITY && size < heap.length / 4) {
            heap = Arrays.copyOf(heap, heap.length / 2);
        }
    }

    private void siftUp(int i) {
        TimerHandle h = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            TimerHandle p = heap[parent];
            if (h.compareTo(p) >= 0) {
                break;
            }
            heap[i] = p;
            p.heapIndex = i;
            i = parent;
        }
        heap[i] = h;
        h.heapIndex = i;
    }

    private void siftDown(int i) {
        TimerHandle h = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && heap[right].compareTo(heap[child]) < 0) {
                child = right;
            }
            if (h.compareTo(heap[child]) <= 0) {
                break;
            }
            heap[i] = heap[child];
            heap[i].heapIndex = i;
            i = child;
        }
        heap[i] = h;
        h.heapIndex = i;
    }
}
