package dev.weft.it.asyncio;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.Task;
import dev.weft.TaskGroup;
import dev.weft.Weft;
import dev.weft.sync.LifoQueue;
import dev.weft.sync.PriorityQueue;
import dev.weft.sync.Queue;
import dev.weft.sync.QueueShutDownException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import static dev.weft.Weft.await;
import static dev.weft.it.asyncio.AsyncioPort.failure;
import static dev.weft.it.asyncio.AsyncioPort.run;
import static org.junit.jupiter.api.Assertions.*;

/**
 * CPython's {@code Lib/test/test_asyncio/test_queues.py} (3.13), _QueueJoinTestMixin and _QueueShutdownTestMixin,
 * each run for {@link Queue}, {@link LifoQueue} and {@link PriorityQueue} as CPython runs them for its three
 * queue classes. {@code task_done()} is {@code taskDone()}, too many of them an {@link IllegalStateException}
 * (asyncio: ValueError); {@code QueueShutDown} is {@link QueueShutDownException}.
 *
 * <p>Not ported: the two test_format tests (the private {@code _format()} string).
 */
@org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class QueuesJoinShutdownPortTest {

    /** CPython's q_class, for each of its three test classes: a queue of the given maxsize. */
    static final List<IntFunction<Queue<String>>> KINDS = List.of(Queue::new, LifoQueue::new, PriorityQueue::new);

    // ------------------------------------------------------------------ _QueueJoinTestMixin

    /** test_task_done_underflow: taskDone() without an item put is an error. */
    @Test
    void testTaskDoneUnderflow() {
        for (IntFunction<Queue<String>> kind : KINDS) {
            assertThrows(IllegalStateException.class, kind.apply(0)::taskDone);
        }
    }

    @Async
    static Coroutine<Void> worker(Queue<Integer> q, int[] accumulator, boolean[] running) {
        while (running[0]) {
            int item = await(q.get());
            accumulator[0] += item;
            q.taskDone();
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> workersAndJoin(TaskGroup tg, Queue<Integer> q, int[] accumulator) {
        boolean[] running = {true};
        List<Task<Void>> tasks = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            tasks.add(tg.spawn(worker(q, accumulator, running)));
        }
        await(q.join());
        assertEquals(4950, accumulator[0]);
        running[0] = false; // stop the workers
        for (int i = 0; i < tasks.size(); i++) {
            q.putNowait(0);
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> taskDone(Queue<Integer> q) {
        for (int i = 0; i < 100; i++) {
            q.putNowait(i);
        }
        int[] accumulator = {0};
        await(TaskGroup.run(tg -> workersAndJoin(tg, q, accumulator)));
        return Coroutine.done();
    }

    /** test_task_done: two workers; join() returns once every item was marked done. */
    @Test
    void testTaskDone() {
        run(taskDone(new Queue<>()));
        run(taskDone(new LifoQueue<>()));
        run(taskDone(new PriorityQueue<>()));
    }

    @Async
    static Coroutine<Void> joinEmptyQueue(Queue<String> q) {
        await(q.join()); // done twice for insurance
        await(q.join());
        return Coroutine.done();
    }

    /** test_join_empty_queue: join() of an empty queue returns at once. */
    @Test
    void testJoinEmptyQueue() {
        for (IntFunction<Queue<String>> kind : KINDS) {
            run(joinEmptyQueue(kind.apply(0)));
        }
    }

    // ------------------------------------------------------------------ _QueueShutdownTestMixin

    /** Checks that put, putNowait, get and getNowait all raise QueueShutDownException. */
    @Async
    static Coroutine<Void> assertEverythingShutDown(Queue<String> q) {
        assertInstanceOf(QueueShutDownException.class, await(failure(q.put("data"))));
        assertThrows(QueueShutDownException.class, () -> q.putNowait("data"));
        assertInstanceOf(QueueShutDownException.class, await(failure(q.get())));
        assertThrows(QueueShutDownException.class, q::getNowait);
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> shutdownEmpty(Queue<String> q) {
        Task<String> getTask = Weft.spawn(q.get());
        await(Weft.sleep(Duration.ZERO)); // the get pending before the shutdown
        q.shutdown(false); // unfinished tasks: 0 -> 0
        assertEquals(0, q.size());
        await(q.join());
        await(Weft.sleep(Duration.ZERO));
        assertTrue(getTask.isDone());
        assertInstanceOf(QueueShutDownException.class, await(failure(getTask)));
        await(assertEverythingShutDown(q));
        return Coroutine.done();
    }

    /** test_shutdown_empty: a pending get fails, join() returns, everything else fails. */
    @Test
    void testShutdownEmpty() {
        for (IntFunction<Queue<String>> kind : KINDS) {
            run(shutdownEmpty(kind.apply(0)));
        }
    }

    @Async
    static Coroutine<Void> shutdownNonempty(Queue<String> q) {
        q.putNowait("data");
        Task<Void> joinTask = Weft.spawn(q.join());
        Task<Void> putTask = Weft.spawn(q.put("data2"));
        await(Weft.sleep(Duration.ZERO));
        assertFalse(putTask.isDone());
        q.shutdown(false); // unfinished tasks: 1 -> 1
        assertEquals(1, q.size());
        await(Weft.sleep(Duration.ZERO));
        assertTrue(putTask.isDone());
        assertInstanceOf(QueueShutDownException.class, await(failure(putTask)));
        assertEquals("data", await(q.get()), "a get still takes what is left");
        await(Weft.sleep(Duration.ZERO));
        assertFalse(joinTask.isDone());
        await(assertEverythingShutDown(q));
        q.taskDone(); // the one unfinished item
        await(Weft.sleep(Duration.ZERO));
        assertTrue(joinTask.isDone());
        await(joinTask);
        assertThrows(IllegalStateException.class, q::taskDone);
        return Coroutine.done();
    }

    /** test_shutdown_nonempty: puts fail at once, gets once the queue is empty; join() waits for the last item. */
    @Test
    void testShutdownNonempty() {
        for (IntFunction<Queue<String>> kind : KINDS) {
            run(shutdownNonempty(kind.apply(1)));
        }
    }

    @Async
    static Coroutine<Void> shutdownImmediate(Queue<String> q) {
        q.putNowait("data");
        Task<Void> joinTask = Weft.spawn(q.join());
        q.shutdown(true); // unfinished tasks: 1 -> 0
        assertEquals(0, q.size());
        await(Weft.sleep(Duration.ZERO));
        assertTrue(joinTask.isDone());
        await(joinTask);
        await(assertEverythingShutDown(q));
        assertThrows(IllegalStateException.class, q::taskDone, "the dropped item counts as done");
        return Coroutine.done();
    }

    /** test_shutdown_immediate: the items left are dropped and count as done. */
    @Test
    void testShutdownImmediate() {
        for (IntFunction<Queue<String>> kind : KINDS) {
            run(shutdownImmediate(kind.apply(0)));
        }
    }

    @Async
    static Coroutine<Void> shutdownImmediateWithUnfinished(Queue<String> q) {
        q.putNowait("data");
        q.putNowait("data");
        Task<Void> joinTask = Weft.spawn(q.join());
        assertEquals("data", await(q.get()));
        q.shutdown(true); // unfinished tasks: 2 -> 1
        assertEquals(0, q.size());
        await(Weft.sleep(Duration.ZERO));
        assertFalse(joinTask.isDone());
        await(assertEverythingShutDown(q));
        q.taskDone(); // the item taken before the shutdown
        assertThrows(IllegalStateException.class, q::taskDone);
        await(Weft.sleep(Duration.ZERO));
        assertTrue(joinTask.isDone());
        await(joinTask);
        return Coroutine.done();
    }

    /** test_shutdown_immediate_with_unfinished: an item taken before the shutdown still has to be marked done. */
    @Test
    void testShutdownImmediateWithUnfinished() {
        for (IntFunction<Queue<String>> kind : KINDS) {
            run(shutdownImmediateWithUnfinished(kind.apply(0)));
        }
    }
}
