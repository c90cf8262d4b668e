package dev.weft.sync;

import dev.weft.CancelledException;
import dev.weft.Coroutine;

import java.util.ArrayDeque;
import java.util.Objects;

/**
 * A first-in first-out queue for coroutines: asyncio's {@code Queue}, with Python 3.13's {@code shutdown}.
 * {@link #put} waits while the queue is full, {@link #get} waits while it is empty; {@link #join} waits until
 * every item put has been marked done with {@link #taskDone}. {@link PriorityQueue} and {@link LifoQueue} differ
 * only in which item {@code get} returns.
 * <pre>{@code
 * Queue<String> q = new Queue<>(10);       // at most 10 items; 0 = unbounded
 * await(q.put("job"));                     // producer
 * String job = await(q.get());             // consumer
 * try { work(job); } finally { q.taskDone(); }
 * }</pre>
 *
 * <p>Items are handed over directly: an item put while getters wait goes straight to the first of them, and a
 * slot freed while putters wait is reserved for the first of them. Until that getter or putter resumes, the item
 * or slot still counts against {@code maxSize} (as in asyncio, where the item stays in the queue until the woken
 * getter runs), so the bound always holds, but nobody else can take it (asyncio lets another task snatch it).
 *
 * <p>Invariants:
 * <ul>
 *   <li>{@code size() + handed + reserved <= maxSize} when bounded, where {@code handed} counts items handed to
 *       getters and {@code reserved} slots reserved for putters whose tasks have not resumed yet;
 *       {@link #full()} is that sum reaching {@code maxSize};</li>
 *   <li>getters wait only while the queue is empty, putters only while it is full; both are served in the order
 *       they started waiting (FIFO), and a newcomer never overtakes a waiter;</li>
 *   <li>cancellation-safe, no item lost or duplicated: a getter cancelled while waiting leaves the queue; one
 *       cancelled after it was handed an item but before its task resumed gives the item back at the front of the
 *       queue (to the next waiting getter if there is one, else as the next item {@code get} returns). A putter
 *       cancelled while waiting, or after a slot was reserved for it, leaves its item out of the queue and frees
 *       the slot for the next putter: a put that throws {@link CancelledException} never enqueued its item;</li>
 *   <li>{@code unfinished} (what {@link #join} waits for) is incremented by every item that enters the queue
 *       (put, or handed to a getter) and decremented by {@link #taskDone} and by items dropped by an immediate
 *       shutdown; it never goes negative; a given-back item is not counted twice;</li>
 *   <li>after {@link #shutdown()} nothing enters the queue: putters waiting or woken fail with
 *       {@link QueueShutDownException}, getters take what is left and then fail; {@link #shutdown(boolean)
 *       shutdown(true)} also drops what is left and fails every getter, woken-but-not-resumed ones included.</li>
 * </ul>
 *
 * <p>Single-threaded, like asyncio: use it only on the event loop's thread. (To feed it from another thread,
 * go through {@code loop.callSoonThreadsafe(() -> q.putNowait(item))}.)
 *
 * <p>Differences from asyncio: {@code put_nowait}/{@code get_nowait}/{@code task_done}/{@code qsize}/
 * {@code maxsize} are {@link #putNowait}, {@link #getNowait}, {@link #taskDone}, {@link #size}, {@link #maxSize};
 * {@code null} items are refused ({@link NullPointerException}, as java.util.concurrent queues do); a negative
 * maxSize means unbounded, as asyncio's; calling {@link #taskDone} too often is an {@link IllegalStateException}
 * (asyncio: {@code ValueError}); the exceptions are {@link QueueFullException}, {@link QueueEmptyException},
 * {@link QueueShutDownException}; the direct hand-over described above (no snatching).
 *
 * @param <T> the type of the items
 */
public class Queue<T> {
    private final int maxSize;
    private final Store<T> store;
    private final ArrayDeque<Getter> getters = new ArrayDeque<>();
    private final ArrayDeque<Putter> putters = new ArrayDeque<>();
    private final ArrayDeque<Joiner> joiners = new ArrayDeque<>();
    private int handed;
    private int reserved;
    private int unfinished;
    private boolean shutDown;
    private boolean shutDownImmediately;

    /** An unbounded FIFO queue. */
    public Queue() {
        this(0);
    }

    /** A FIFO queue of at most {@code maxSize} items; {@code maxSize <= 0} means unbounded. */
    public Queue(int maxSize) {
        this(maxSize, new FifoStore<>());
    }

    Queue(int maxSize, Store<T> store) {
        this.maxSize = Math.max(0, maxSize);
        this.store = store;
    }

    // ---------------------------------------------------------------- state

    /** The bound given at creation; 0 means unbounded. */
    public int maxSize() {
        return maxSize;
    }

    /** The number of items in the queue (not counting items already handed to getters). */
    public int size() {
        return store.size();
    }

    /** Whether the queue holds no item: {@link #getNowait()} would fail. */
    public boolean empty() {
        return store.size() == 0;
    }

    /** Whether a put would have to wait: {@code maxSize} items are queued, handed over or reserved. */
    public boolean full() {
        return maxSize > 0 && store.size() + handed + reserved >= maxSize;
    }

    /** Whether {@link #shutdown(boolean)} was called. */
    public boolean isShutDown() {
        return shutDown;
    }

    // ---------------------------------------------------------------- putting

    /**
     * Puts {@code item}, waiting while the queue is full. Lazy: nothing happens until the coroutine is awaited.
     *
     * @throws QueueShutDownException (when awaited) if the queue is or gets shut down before the item entered
     * @throws NullPointerException if {@code item} is null
     */
    public Coroutine<Void> put(T item) {
        Objects.requireNonNull(item, "item");
        store.check(item);
        return SyncWaiter.coroutine(getClass().getSimpleName() + ".put", new Putter(item));
    }

    /**
     * Puts {@code item} without waiting.
     *
     * @throws QueueFullException if the queue is full
     * @throws QueueShutDownException if the queue was shut down
     * @throws NullPointerException if {@code item} is null
     */
    public void putNowait(T item) {
        Objects.requireNonNull(item, "item");
        store.check(item);
        if (shutDown) {
            throw new QueueShutDownException("put on a queue that was shut down");
        }
        if (full()) {
            throw new QueueFullException("queue is full (maxSize " + maxSize + ")");
        }
        enter(item);
    }

    /** An item enters the queue: straight to the first waiting getter, else into the store. */
    private void enter(T item) {
        unfinished++;
        offer(item);
    }

    /** Hands {@code item} to the first live getter, or keeps it (at the back, or at the front if given back). */
    private void offer(T item, boolean givenBack) {
        Getter g;
        while ((g = getters.poll()) != null) {
            handed++;
            if (g.grant(item)) {
                return;
            }
            handed--;
        }
        if (givenBack) {
            store.putBack(item);
        } else {
            store.add(item);
        }
    }

    private void offer(T item) {
        offer(item, false);
    }

    /** A slot may have become free: reserve free slots for waiting putters, in order. */
    private void slotFreed() {
        Putter p;
        while (!shutDown && !full() && (p = putters.poll()) != null) {
            reserved++;
            if (!p.grant(null)) {
                reserved--;
            }
        }
    }

    // ---------------------------------------------------------------- getting

    /**
     * Removes and returns the next item, waiting while the queue is empty. Lazy.
     *
     * @throws QueueShutDownException (when awaited) if the queue is shut down and empty, or gets shut down while
     *                                this waits (or, with {@code immediate}, before this resumed)
     */
    public Coroutine<T> get() {
        return SyncWaiter.coroutine(getClass().getSimpleName() + ".get", new Getter());
    }

    /**
     * Removes and returns the next item without waiting.
     *
     * @throws QueueEmptyException if the queue is empty
     * @throws QueueShutDownException if the queue is empty and was shut down
     */
    public T getNowait() {
        if (store.size() == 0) {
            if (shutDown) {
                throw new QueueShutDownException("get on a queue that was shut down and is empty");
            }
            throw new QueueEmptyException("queue is empty");
        }
        T item = store.poll();
        slotFreed();
        return item;
    }

    // ---------------------------------------------------------------- join

    /**
     * Marks one item taken from the queue as processed: asyncio's {@code task_done()}. When every item put has
     * been marked, {@link #join()} completes.
     *
     * @throws IllegalStateException if called more times than items were put
     */
    public void taskDone() {
        if (unfinished <= 0) {
            throw new IllegalStateException("Queue.taskDone() called more times than items were put");
        }
        unfinished--;
        if (unfinished == 0) {
            Joiner j;
            while ((j = joiners.poll()) != null) {
                j.grant(null);
            }
        }
    }

    /** Waits until every item put has been marked with {@link #taskDone()}; at once if none is pending. Lazy. */
    public Coroutine<Void> join() {
        return SyncWaiter.coroutine(getClass().getSimpleName() + ".join", new Joiner());
    }

    private void dropped(int items) {
        unfinished = Math.max(0, unfinished - items);
        if (unfinished == 0) {
            Joiner j;
            while ((j = joiners.poll()) != null) {
                j.grant(null);
            }
        }
    }

    // ---------------------------------------------------------------- shutdown

    /** {@code shutdown(false)}. */
    public void shutdown() {
        shutdown(false);
    }

    /**
     * Shuts the queue down (Python 3.13): later puts fail with {@link QueueShutDownException}, and so do gets once
     * the queue is empty; waiting putters and getters are woken with it. With {@code immediate}, the items left
     * are dropped (and count as done for {@link #join()}), so every get fails from now on, including getters that
     * were handed an item but have not resumed yet (their item is dropped too).
     */
    public void shutdown(boolean immediate) {
        shutDown = true;
        if (immediate) {
            shutDownImmediately = true;
            int left = store.size();
            store.clear();
            dropped(left);
        }
        Getter g;
        while ((g = getters.poll()) != null) {
            g.fail(new QueueShutDownException("the queue was shut down"));
        }
        Putter p;
        while ((p = putters.poll()) != null) {
            p.fail(new QueueShutDownException("the queue was shut down"));
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[maxSize=" + maxSize + ", size=" + store.size() + ", getters:"
                + getters.size() + ", putters:" + putters.size() + ", unfinished=" + unfinished
                + (shutDown ? ", shut down" : "") + "]";
    }

    // ---------------------------------------------------------------- waiters

    private final class Getter extends SyncWaiter<T> {
        @Override
        void start() {
            if (store.size() > 0) { // then no getter waits (invariant)
                handed++;
                grant(store.poll());
            } else if (shutDown) {
                fail(new QueueShutDownException("get on a queue that was shut down and is empty"));
            } else {
                getters.add(this);
                enqueued();
            }
        }

        @Override
        void dequeue() {
            getters.remove(this);
        }

        @Override
        T taken(T item) {
            handed--;
            slotFreed();
            if (shutDownImmediately) {
                dropped(1);
                throw new QueueShutDownException("the queue was shut down immediately");
            }
            return item;
        }

        @Override
        void giveBack(T item) {
            handed--;
            if (shutDownImmediately) {
                dropped(1);
            } else {
                offer(item, true);
            }
        }
    }

    private final class Putter extends SyncWaiter<Void> {
        private final T item;

        Putter(T item) {
            this.item = item;
        }

        @Override
        void start() {
            if (shutDown) {
                fail(new QueueShutDownException("put on a queue that was shut down"));
            } else if (!full()) { // then no putter waits (invariant)
                reserved++;
                grant(null);
            } else {
                putters.add(this);
                enqueued();
            }
        }

        @Override
        void dequeue() {
            putters.remove(this);
        }

        @Override
        Void taken(Void granted) {
            reserved--;
            if (shutDown) {
                throw new QueueShutDownException("the queue was shut down");
            }
            enter(item);
            return null;
        }

        @Override
        void giveBack(Void granted) {
            reserved--;
            slotFreed();
        }
    }

    private final class Joiner extends SyncWaiter<Void> {
        @Override
        void start() {
            if (unfinished == 0) {
                grant(null);
            } else {
                joiners.add(this);
                enqueued();
            }
        }

        @Override
        void dequeue() {
            joiners.remove(this);
        }
    }
}
