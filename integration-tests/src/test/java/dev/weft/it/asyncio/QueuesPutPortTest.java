package dev.weft.it.asyncio;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.EventLoop;
import dev.weft.Task;
import dev.weft.TaskGroup;
import dev.weft.Weft;
import dev.weft.sync.Event;
import dev.weft.sync.Queue;
import dev.weft.sync.QueueFullException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static dev.weft.Weft.await;
import static dev.weft.it.asyncio.AsyncioPort.ms;
import static dev.weft.it.asyncio.AsyncioPort.outcome;
import static dev.weft.it.asyncio.AsyncioPort.run;
import static org.junit.jupiter.api.Assertions.*;

/**
 * CPython's {@code Lib/test/test_asyncio/test_queues.py} (3.13), QueuePutTests, ported to {@link Queue}: blocking and
 * non-blocking puts, and puts and gets cancelled while they wait (a cancelled waiter neither takes an item nor keeps
 * its place). The names map as in {@link QueuesPortTest}: {@code QueueFull} is {@link QueueFullException}, the
 * private {@code _getters} / {@code _putters} counts are read from {@code toString()}. Times are virtual.
 */
@org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class QueuesPutPortTest {

    // ------------------------------------------------------------------ QueuePutTests

    @Async
    static Coroutine<Integer> blockingPut() {
        Queue<Integer> q = new Queue<>();
        await(q.put(1)); // no maxsize: does not block
        return Coroutine.of(await(q.get()));
    }

    /** test_blocking_put. */
    @Test
    void testBlockingPut() {
        assertEquals(1, run(blockingPut()));
    }

    @Async
    static Coroutine<Void> queuePut(Queue<Integer> q, Event started, boolean[] finished) {
        started.set();
        await(q.put(1));
        await(q.put(2));
        finished[0] = true;
        return Coroutine.done();
    }

    @Async
    static Coroutine<Boolean> blockingPutWait() {
        Queue<Integer> q = new Queue<>(1);
        Event started = new Event();
        boolean[] finished = {false};
        EventLoop.current().callLater(ms(10), q::getNowait);
        Task<Void> queuePutTask = Weft.spawn(queuePut(q, started, finished));
        await(started.waitFor());
        assertFalse(finished[0]);
        await(queuePutTask);
        return Coroutine.of(finished[0]);
    }

    /** test_blocking_put_wait: a put waits for a later get. */
    @Test
    void testBlockingPutWait() {
        assertTrue(run(blockingPutWait()));
    }

    /** test_nonblocking_put. */
    @Test
    void testNonblockingPut() {
        Queue<Integer> q = new Queue<>();
        q.putNowait(1);
        assertEquals(1, q.getNowait());
    }

    @Async
    static Coroutine<Integer> getCancelDropOnePendingReader() {
        Queue<Integer> q = new Queue<>();
        Task<Integer> reader = Weft.spawn(q.get());
        await(Weft.sleep(Duration.ZERO));
        q.putNowait(1);
        q.putNowait(2);
        reader.cancel();
        if (await(outcome(reader)).equals("cancelled")) {
            reader = Weft.spawn(q.get()); // try again
            await(reader);
        }
        return Coroutine.of(reader.result()); // 2 would mean 1 was dropped
    }

    /** test_get_cancel_drop_one_pending_reader: an item handed to a cancelled reader is not lost. */
    @Test
    void testGetCancelDropOnePendingReader() {
        assertEquals(1, run(getCancelDropOnePendingReader()));
    }

    @Async
    static Coroutine<Void> threeReaders(TaskGroup tg, Queue<Integer> q, List<Task<Integer>> readers) {
        readers.add(tg.spawn(q.get()));
        readers.add(tg.spawn(q.get()));
        readers.add(tg.spawn(q.get()));
        await(Weft.sleep(Duration.ZERO));
        q.putNowait(1);
        q.putNowait(2);
        readers.get(0).cancel();
        assertEquals("cancelled", await(outcome(readers.get(0))));
        await(readers.get(2));
        return Coroutine.done();
    }

    @Async
    static Coroutine<Set<Integer>> getCancelDropManyPendingReaders() {
        Queue<Integer> q = new Queue<>();
        List<Task<Integer>> readers = new ArrayList<>();
        await(TaskGroup.run(tg -> threeReaders(tg, q, readers)));
        return Coroutine.of(Set.of(readers.get(1).result(), readers.get(2).result()));
    }

    /** test_get_cancel_drop_many_pending_readers: the item of a cancelled reader goes to another reader. */
    @Test
    void testGetCancelDropManyPendingReaders() {
        assertEquals(Set.of(1, 2), run(getCancelDropManyPendingReaders()));
    }

    @Async
    static Coroutine<Void> putCancelDrop() {
        Queue<Integer> q = new Queue<>(1);
        q.putNowait(1);
        Task<Void> writer = Weft.spawn(q.put(2)); // has to wait: the queue is full
        await(Weft.sleep(Duration.ZERO));
        assertEquals(1, q.getNowait());
        writer.cancel();
        if (await(outcome(writer)).equals("cancelled")) {
            writer = Weft.spawn(q.put(2)); // try again
            await(writer);
        }
        assertEquals(2, q.getNowait());
        assertEquals(0, q.size());
        return Coroutine.done();
    }

    /** test_put_cancel_drop: a put cancelled as its slot came free can simply be retried. */
    @Test
    void testPutCancelDrop() {
        run(putCancelDrop());
    }

    /** test_nonblocking_put_exception. */
    @Test
    void testNonblockingPutException() {
        Queue<Integer> q = new Queue<>(1);
        q.putNowait(1);
        assertThrows(QueueFullException.class, () -> q.putNowait(2));
    }

    @Async
    static Coroutine<Boolean> putOne(Queue<Integer> q) {
        await(q.put(1));
        return Coroutine.of(true);
    }

    @Async
    static Coroutine<Void> putCancelled() {
        Queue<Integer> q = new Queue<>();
        Task<Boolean> t = Weft.spawn(putOne(q));
        assertEquals(1, await(q.get()));
        assertTrue(t.isDone());
        assertTrue(t.result());
        return Coroutine.done();
    }

    /** test_put_cancelled: a get waits for a put of another task. */
    @Test
    void testPutCancelled() {
        run(putCancelled());
    }

    @Async
    static Coroutine<Void> putCancelledRace() {
        Queue<String> q = new Queue<>(1);
        Task<Void> putA = Weft.spawn(q.put("a"));
        Task<Void> putB = Weft.spawn(q.put("b"));
        Task<Void> putC = Weft.spawn(q.put("X"));
        await(Weft.sleep(Duration.ZERO));
        assertTrue(putA.isDone());
        assertFalse(putB.isDone());
        putC.cancel();
        await(Weft.sleep(Duration.ZERO));
        assertTrue(putC.isDone());
        assertEquals("a", q.getNowait());
        await(Weft.sleep(Duration.ZERO));
        assertEquals("b", q.getNowait());
        await(putB);
        return Coroutine.done();
    }

    /** test_put_cancelled_race: a cancelled put never enters the queue. */
    @Test
    void testPutCancelledRace() {
        run(putCancelledRace());
    }

    @Async
    static Coroutine<String> putWithWaitingGetters() {
        Queue<String> q = new Queue<>();
        Task<String> t = Weft.spawn(q.get());
        await(Weft.sleep(Duration.ZERO));
        await(q.put("a"));
        return Coroutine.of(await(t));
    }

    /** test_put_with_waiting_getters: a put goes to the waiting getter. */
    @Test
    void testPutWithWaitingGetters() {
        assertEquals("a", run(putWithWaitingGetters()));
    }

    @Async
    static Coroutine<Void> getter(Queue<Integer> queue) {
        await(Weft.sleep(Duration.ZERO));
        int num = queue.size();
        for (int i = 0; i < num; i++) {
            queue.getNowait();
        }
        return Coroutine.done();
    }

    /** test_why_are_putters_waiting: putters blocked on a full queue get in once it is emptied without awaiting. */
    @Test
    void testWhyArePuttersWaiting() {
        Queue<Integer> queue = new Queue<>(2);
        run(TaskGroup.run(tg -> {
            tg.spawn(getter(queue));
            for (int i = 0; i < 4; i++) {
                tg.spawn(queue.put(i));
            }
            return Coroutine.done();
        }));
    }

    @Async
    static Coroutine<Void> cancelledPutsNotHeld() {
        Queue<Integer> queue = new Queue<>(1);
        queue.putNowait(1);
        Task<Void> putTask = Weft.spawn(queue.put(1)); // waits for space
        await(Weft.sleep(Duration.ZERO));
        assertTrue(queue.toString().contains("putters:1"), queue.toString());
        putTask.cancel();
        assertEquals("cancelled", await(outcome(putTask)));
        assertTrue(queue.toString().contains("putters:0"), queue.toString());
        return Coroutine.done();
    }

    /** test_cancelled_puts_not_being_held_in_self_putters: a cancelled put leaves no putter behind. */
    @Test
    void testCancelledPutsNotBeingHeldInSelfPutters() {
        run(cancelledPutsNotHeld());
    }

    @Async
    static Coroutine<String> cancelledPutSilenceValueError() {
        Queue<Integer> queue = new Queue<>(1);
        queue.putNowait(1);
        Task<Void> putTask = Weft.spawn(queue.put(1)); // waits for space
        await(Weft.sleep(Duration.ZERO));
        queue.getNowait(); // frees the slot for the waiting putter
        putTask.cancel(); // before that putter ran
        String how = await(outcome(putTask));
        assertEquals(0, queue.size(), "the cancelled put did not enter the queue");
        assertFalse(queue.full(), "and its reserved slot is free again");
        return Coroutine.of(how);
    }

    /** test_cancelled_put_silence_value_error_exception: a put cancelled just after its slot came free is just cancelled. */
    @Test
    void testCancelledPutSilenceValueErrorException() {
        assertEquals("cancelled", run(cancelledPutSilenceValueError()));
    }
}
