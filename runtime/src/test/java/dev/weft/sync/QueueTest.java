package dev.weft.sync;

import dev.weft.EventLoop;
import dev.weft.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The queue's accounting under an immediate shutdown, step by step: the items it drops count as done, so a
 * {@code join()} waiting for them completes; a getter that was handed an item, then cancelled after the shutdown
 * but before its task resumed, drops that item too (it is neither put back nor counted twice), so nothing is left
 * unfinished; and the description says when the queue was shut down.
 */
class QueueTest {
    private final EventLoop loop = new EventLoop();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    @Test
    void anImmediateShutdownReleasesTheJoinersOfTheItemsItDrops() {
        Queue<String> q = new Queue<>();
        q.putNowait("a");
        q.putNowait("b");
        Task<Void> join = loop.createTask(q.join());
        loop.runUntilIdle();
        assertFalse(join.isDone());
        assertEquals("Queue[maxSize=0, size=2, getters:0, putters:0, unfinished=2]", q.toString());
        q.shutdown(true);
        loop.runUntilIdle();
        assertTrue(join.isDone());
        assertNull(join.exception());
        assertEquals("Queue[maxSize=0, size=0, getters:0, putters:0, unfinished=0, shut down]", q.toString());
        assertThrows(QueueShutDownException.class, q::getNowait);
    }

    @Test
    void aGetterCancelledAfterAnImmediateShutdownDropsTheItemItWasHanded() {
        Queue<String> q = new Queue<>(1);
        Task<String> getter = loop.createTask(q.get());
        loop.runUntilIdle();
        q.putNowait("x"); // handed straight to the waiting getter, whose task has not resumed
        assertTrue(q.full(), "the handed item still counts against maxSize");
        q.shutdown(true);
        getter.cancel("gone");
        loop.runUntilIdle();
        assertTrue(getter.isCancelled());
        assertEquals(0, q.size(), "not given back into a queue that was shut down immediately");
        assertFalse(q.full());
        Task<Void> join = loop.createTask(q.join());
        loop.runUntilIdle();
        assertTrue(join.isDone(), "the dropped item counts as done: " + q);
    }

    @Test
    void withoutTheShutdownTheCancelledGettersItemGoesBackToTheFront() {
        Queue<String> q = new Queue<>();
        Task<String> getter = loop.createTask(q.get());
        loop.runUntilIdle();
        q.putNowait("x");
        q.putNowait("y");
        getter.cancel();
        loop.runUntilIdle();
        assertTrue(getter.isCancelled());
        assertEquals("x", q.getNowait(), "given back at the front");
        assertEquals("y", q.getNowait());
        q.taskDone();
        q.taskDone();
        assertThrows(IllegalStateException.class, q::taskDone, "each item counted once");
    }
}
