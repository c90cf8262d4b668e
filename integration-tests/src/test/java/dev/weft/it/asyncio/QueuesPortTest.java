package dev.weft.it.asyncio;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.EventLoop;
import dev.weft.Task;
import dev.weft.TaskGroup;
import dev.weft.TimeoutExpiredException;
import dev.weft.Weft;
import dev.weft.sync.Event;
import dev.weft.sync.LifoQueue;
import dev.weft.sync.PriorityQueue;
import dev.weft.sync.Queue;
import dev.weft.sync.QueueEmptyException;
import dev.weft.sync.QueueFullException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.weft.Weft.await;
import static dev.weft.it.asyncio.AsyncioPort.failure;
import static dev.weft.it.asyncio.AsyncioPort.ms;
import static dev.weft.it.asyncio.AsyncioPort.run;
import static org.junit.jupiter.api.Assertions.*;

/**
 * CPython's {@code Lib/test/test_asyncio/test_queues.py} (3.13), QueueBasicTests, QueueGetTests, LifoQueueTests and
 * PriorityQueueTests, ported to {@link Queue}, {@link LifoQueue} and {@link PriorityQueue}. QueuePutTests are in
 * {@link QueuesPutPortTest}, join and shutdown in {@link QueuesJoinShutdownPortTest}. {@code qsize()} is
 * {@code size()}, {@code QueueEmpty} / {@code QueueFull} are {@link QueueEmptyException} / {@link QueueFullException};
 * where CPython looks at the private {@code _getters} / {@code _putters} deques, the port reads the counts from
 * {@code toString()}. Times are virtual.
 *
 * <p>Not ported: test_repr, test_str (repr strings); test_generic_alias (Python typing); test_float_maxsize (a Java
 * queue's bound is an int).
 */
@org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class QueuesPortTest {

    // ------------------------------------------------------------------ QueueBasicTests

    @Async
    static Coroutine<Void> empty() {
        Queue<Integer> q = new Queue<>();
        assertTrue(q.empty());
        await(q.put(1));
        assertFalse(q.empty());
        assertEquals(1, await(q.get()));
        assertTrue(q.empty());
        return Coroutine.done();
    }

    /** test_empty. */
    @Test
    void testEmpty() {
        run(empty());
    }

    @Async
    static Coroutine<Void> full() {
        assertFalse(new Queue<Integer>().full());
        Queue<Integer> q = new Queue<>(1);
        await(q.put(1));
        assertTrue(q.full());
        return Coroutine.done();
    }

    /** test_full. */
    @Test
    void testFull() {
        run(full());
    }

    @Async
    static Coroutine<List<Integer>> order(Queue<Integer> q) {
        for (int i : new int[] {1, 3, 2}) {
            await(q.put(i));
        }
        List<Integer> items = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            items.add(await(q.get()));
        }
        return Coroutine.of(items);
    }

    /** test_order: FIFO. */
    @Test
    void testOrder() {
        assertEquals(List.of(1, 3, 2), run(order(new Queue<>())));
    }

    /** LifoQueueTests.test_order: LIFO. */
    @Test
    void testLifoOrder() {
        assertEquals(List.of(2, 3, 1), run(order(new LifoQueue<>())));
    }

    /** PriorityQueueTests.test_order: smallest first. */
    @Test
    void testPriorityOrder() {
        assertEquals(List.of(1, 2, 3), run(order(new PriorityQueue<>())));
    }

    @Async
    static Coroutine<Boolean> putter(Queue<Integer> q, List<Integer> haveBeenPut) {
        for (int i = 0; i < 3; i++) {
            await(q.put(i));
            haveBeenPut.add(i);
        }
        return Coroutine.of(true);
    }

    @Async
    static Coroutine<Void> maxsize() {
        Queue<Integer> q = new Queue<>(2);
        assertEquals(2, q.maxSize());
        List<Integer> haveBeenPut = new ArrayList<>();
        Task<Boolean> t = Weft.spawn(putter(q, haveBeenPut));
        for (int i = 0; i < 2; i++) {
            await(Weft.sleep(Duration.ZERO));
        }
        assertEquals(List.of(0, 1), haveBeenPut, "the putter is blocked after two items");
        assertEquals(0, await(q.get()));
        await(Weft.sleep(Duration.ZERO)); // the putter resumes and puts the last item
        assertEquals(List.of(0, 1, 2), haveBeenPut);
        assertEquals(1, await(q.get()));
        assertEquals(2, await(q.get()));
        assertTrue(t.isDone());
        assertTrue(t.result());
        return Coroutine.done();
    }

    /** test_maxsize: a put waits while the queue is full. */
    @Test
    void testMaxsize() {
        run(maxsize());
    }

    // ------------------------------------------------------------------ QueueGetTests

    @Async
    static Coroutine<Integer> blockingGet() {
        Queue<Integer> q = new Queue<>();
        q.putNowait(1);
        return Coroutine.of(await(q.get()));
    }

    /** test_blocking_get: get of a non-empty queue. */
    @Test
    void testBlockingGet() {
        assertEquals(1, run(blockingGet()));
    }

    @Async
    static Coroutine<Void> getWithPutters() {
        Queue<Integer> q = new Queue<>(1);
        await(q.put(1));
        Task<Void> waitingPutter = Weft.spawn(q.put(2));
        await(Weft.sleep(Duration.ZERO));
        assertTrue(q.toString().contains("putters:1"), q.toString());
        assertEquals(1, await(q.get()));
        await(Weft.sleep(Duration.ZERO));
        assertTrue(waitingPutter.isDone(), "the get let the waiting putter in");
        assertNull(waitingPutter.result());
        return Coroutine.done();
    }

    /** test_get_with_putters: a get wakes a waiting putter (CPython plants a future in _putters; here a real putter). */
    @Test
    void testGetWithPutters() {
        run(getWithPutters());
    }

    @Async
    static Coroutine<Integer> queueGet(Queue<Integer> q, Event started, boolean[] finished) {
        started.set();
        int res = await(q.get());
        finished[0] = true;
        return Coroutine.of(res);
    }

    @Async
    static Coroutine<Integer> blockingGetWait() {
        Queue<Integer> q = new Queue<>();
        Event started = new Event();
        boolean[] finished = {false};
        Task<Integer> queueGetTask = Weft.spawn(queueGet(q, started, finished));
        await(started.waitFor());
        assertFalse(finished[0]);
        EventLoop.current().callLater(ms(10), () -> q.putNowait(1));
        int res = await(queueGetTask);
        assertTrue(finished[0]);
        return Coroutine.of(res);
    }

    /** test_blocking_get_wait: a get waits for a later put. */
    @Test
    void testBlockingGetWait() {
        assertEquals(1, run(blockingGetWait()));
    }

    /** test_nonblocking_get. */
    @Test
    void testNonblockingGet() {
        Queue<Integer> q = new Queue<>();
        q.putNowait(1);
        assertEquals(1, q.getNowait());
    }

    /** test_nonblocking_get_exception. */
    @Test
    void testNonblockingGetException() {
        assertThrows(QueueEmptyException.class, new Queue<Integer>()::getNowait);
    }

    @Async
    static Coroutine<String> getCancelledRace() {
        Queue<String> q = new Queue<>();
        Task<String> t1 = Weft.spawn(q.get());
        Task<String> t2 = Weft.spawn(q.get());
        await(Weft.sleep(Duration.ZERO));
        t1.cancel();
        await(Weft.sleep(Duration.ZERO));
        assertTrue(t1.isDone());
        await(q.put("a"));
        await(Weft.sleep(Duration.ZERO));
        return Coroutine.of(await(t2));
    }

    /** test_get_cancelled_race: an item put after the first getter was cancelled goes to the second. */
    @Test
    void testGetCancelledRace() {
        assertEquals("a", run(getCancelledRace()));
    }

    @Async
    static Coroutine<String> getWithWaitingPutters() {
        Queue<String> q = new Queue<>(1);
        Weft.spawn(q.put("a"));
        Weft.spawn(q.put("b"));
        return Coroutine.of(await(q.get()) + await(q.get()));
    }

    /** test_get_with_waiting_putters: gets let the waiting putters in, in order. */
    @Test
    void testGetWithWaitingPutters() {
        assertEquals("ab", run(getWithWaitingPutters()));
    }

    @Async
    static Coroutine<Void> consumer(Queue<Integer> queue, int numExpected) {
        for (int i = 0; i < numExpected; i++) {
            await(queue.get());
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> producer(Queue<Integer> queue, int numItems) {
        for (int i = 0; i < numItems; i++) {
            await(queue.put(i));
        }
        return Coroutine.done();
    }

    /** test_why_are_getters_waiting: a producer and a consumer through a queue of one. */
    @Test
    void testWhyAreGettersWaiting() {
        Queue<Integer> q = new Queue<>(1);
        run(TaskGroup.run(tg -> {
            tg.spawn(producer(q, 5));
            tg.spawn(consumer(q, 5));
            return Coroutine.done();
        }));
    }

    @Async
    static Coroutine<Void> cancelledGettersNotHeld() {
        Queue<Integer> queue = new Queue<>(5);
        assertInstanceOf(TimeoutExpiredException.class, await(failure(Weft.waitFor(queue.get(), ms(100)))));
        assertTrue(queue.toString().contains("getters:0"), queue.toString());
        return Coroutine.done();
    }

    /** test_cancelled_getters_not_being_held_in_self_getters: a timed-out get leaves no getter behind. */
    @Test
    void testCancelledGettersNotBeingHeldInSelfGetters() {
        run(cancelledGettersNotHeld());
    }
}
