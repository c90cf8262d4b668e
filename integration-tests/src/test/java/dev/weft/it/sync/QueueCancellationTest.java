package dev.weft.it.sync;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.sync.LifoQueue;
import dev.weft.sync.PriorityQueue;
import dev.weft.sync.Queue;
import dev.weft.sync.QueueFullException;
import dev.weft.Task;
import dev.weft.Weft;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static dev.weft.Weft.await;
import static dev.weft.it.sync.QueueTest.drain;
import static dev.weft.it.sync.QueueTest.getter;
import static dev.weft.it.sync.QueueTest.putter;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Queue waiters cancelled at every point: before they are served, and after an item was handed to a getter (or a
 * slot reserved for a putter) but before the task resumed; one at a time and two in a row. Afterwards no item is
 * lost or duplicated, the bound holds, and join() still completes.
 */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a broken primitive deadlocks
class QueueCancellationTest {

    /** Marks {@code items} done and checks that join() completes and nothing else is pending. */
    @Async
    static Coroutine<Void> finish(Queue<String> q, int items) {
        for (int i = 0; i < items; i++) {
            q.taskDone();
        }
        await(q.join());
        assertThrows(IllegalStateException.class, q::taskDone);
        assertTrue(q.toString().contains("getters:0, putters:0"), q.toString());
        return Coroutine.done();
    }

    // ---------------------------------------------------------------- getters

    @Async
    static Coroutine<List<String>> getterCancelledWhileWaiting() {
        Queue<String> q = new Queue<>();
        List<String> log = new ArrayList<>();
        Task<String> g1 = Weft.spawn(getter(q, "G1", log));
        Task<String> g2 = Weft.spawn(getter(q, "G2", log));
        await(Sync.until(() -> q.toString().contains("getters:2")));
        g1.cancel();
        await(Sync.pass(2));
        assertTrue(q.toString().contains("getters:1"), "no stale getter: " + q);
        q.putNowait("x");
        log.add("G1: " + await(Sync.outcome(g1)) + ", G2: " + await(Sync.outcome(g2)));
        await(finish(q, 1));
        return Coroutine.of(log);
    }

    @Test
    void aGetterCancelledWhileWaitingLeavesTheQueue() {
        assertEquals(List.of("G1 cancelled", "G2 got x", "G1: cancelled, G2: value x"),
                Weft.run(getterCancelledWhileWaiting()));
    }

    @Async
    static Coroutine<List<String>> getterCancelledAfterHandOver(Queue<String> q, String handed, String... more) {
        List<String> log = new ArrayList<>();
        Task<String> g = Weft.spawn(getter(q, "G", log));
        await(Sync.until(() -> q.toString().contains("getters:1")));
        q.putNowait(handed);  // straight to G ...
        for (String item : more) {
            q.putNowait(item);
        }
        g.cancel();           // ... cancelled before G resumed: the item goes back to the front
        log.add("G: " + await(Sync.outcome(g)));
        List<String> left = drain(q);
        log.add("left " + left);
        await(finish(q, left.size()));
        return Coroutine.of(log);
    }

    @Test
    void anItemHandedToACancelledGetterGoesBackToTheFront() {
        assertEquals(List.of("G cancelled", "G: cancelled", "left [x, y, z]"),
                Weft.run(getterCancelledAfterHandOver(new Queue<>(), "x", "y", "z")));
    }

    @Test
    void inALifoQueueTheGivenBackItemIsOnTop() {
        assertEquals(List.of("G cancelled", "G: cancelled", "left [x, z, y]"),
                Weft.run(getterCancelledAfterHandOver(new LifoQueue<>(), "x", "y", "z")));
    }

    @Test
    void inAPriorityQueueTheGivenBackItemGoesBackByPriority() {
        assertEquals(List.of("G cancelled", "G: cancelled", "left [a, m, m, z]"),
                Weft.run(getterCancelledAfterHandOver(new PriorityQueue<>(), "m", "z", "a", "m")));
    }

    @Async
    static Coroutine<List<String>> gettersCancelledInARow(boolean afterHandOver) {
        Queue<String> q = new Queue<>();
        List<String> log = new ArrayList<>();
        Task<String> g1 = Weft.spawn(getter(q, "G1", log));
        Task<String> g2 = Weft.spawn(getter(q, "G2", log));
        Task<String> g3 = Weft.spawn(getter(q, "G3", log));
        await(Sync.until(() -> q.toString().contains("getters:3")));
        if (afterHandOver) {
            q.putNowait("a"); // to G1
            q.putNowait("b"); // to G2
            g1.cancel();
            g2.cancel();
        } else {
            g1.cancel();
            g2.cancel();
            await(Sync.pass(2));
            q.putNowait("a"); // to G3
            q.putNowait("b"); // queued
        }
        log.add("G1: " + await(Sync.outcome(g1)) + ", G2: " + await(Sync.outcome(g2)) + ", G3: "
                + await(Sync.outcome(g3)));
        List<String> left = drain(q);
        log.add("left " + left);
        await(finish(q, 1 + left.size()));
        return Coroutine.of(log);
    }

    @Test
    void twoGettersCancelledInARowBeforeTheHandOver() {
        assertEquals(List.of("G1 cancelled", "G2 cancelled", "G3 got a", "G1: cancelled, G2: cancelled, G3: value a",
                "left [b]"), Weft.run(gettersCancelledInARow(false)));
    }

    @Test
    void twoGettersCancelledInARowAfterTheHandOverPassTheirItemsOnInOrder() {
        // G1 gives "a" back to G3 (still waiting), G2 gives "b" back to the queue
        assertEquals(List.of("G1 cancelled", "G2 cancelled", "G3 got a", "G1: cancelled, G2: cancelled, G3: value a",
                "left [b]"), Weft.run(gettersCancelledInARow(true)));
    }

    @Async
    static Coroutine<List<String>> boundHoldsAcrossAGiveBack() {
        Queue<String> q = new Queue<>(1);
        List<String> log = new ArrayList<>();
        Task<String> g = Weft.spawn(getter(q, "G", log));
        await(Sync.until(() -> q.toString().contains("getters:1")));
        q.putNowait("x");
        assertTrue(q.full(), "the item handed to G still occupies the only slot");
        assertTrue(q.empty(), "but nobody else can take it");
        assertThrows(QueueFullException.class, () -> q.putNowait("y"));
        Task<Void> p = Weft.spawn(putter(q, "y", log));
        g.cancel();
        log.add("G: " + await(Sync.outcome(g)));
        await(Sync.pass(3));
        assertFalse(p.isDone(), "x came back: still full");
        assertEquals(1, q.size());
        log.add("got " + q.getNowait());
        await(p);
        log.add("got " + q.getNowait());
        await(finish(q, 2));
        return Coroutine.of(log);
    }

    @Test
    void theBoundHoldsWhenACancelledGetterGivesItsItemBack() {
        assertEquals(List.of("G cancelled", "G: cancelled", "got x", "put y", "got y"),
                Weft.run(boundHoldsAcrossAGiveBack()));
    }

    // ---------------------------------------------------------------- putters

    @Async
    static Coroutine<List<String>> putterCancelled(boolean afterSlot, int cancelled) {
        Queue<String> q = new Queue<>(2);
        List<String> log = new ArrayList<>();
        await(q.put("a"));
        await(q.put("b"));
        List<Task<Void>> putters = new ArrayList<>();
        for (String item : List.of("c", "d", "e")) {
            putters.add(Weft.spawn(putter(q, item, log)));
        }
        await(Sync.until(() -> q.toString().contains("putters:3")));
        List<String> got = new ArrayList<>();
        if (afterSlot) {
            for (int i = 0; i < cancelled; i++) {
                got.add(q.getNowait()); // a slot reserved for putter i ...
            }
            for (int i = 0; i < cancelled; i++) {
                putters.get(i).cancel(); // ... which is cancelled before it resumed: the slot passes on
            }
        } else {
            for (int i = 0; i < cancelled; i++) {
                putters.get(i).cancel();
            }
            await(Sync.pass(2));
            assertTrue(q.toString().contains("putters:" + (3 - cancelled)), q.toString());
            for (int i = 0; i < cancelled; i++) {
                got.add(q.getNowait());
            }
        }
        StringBuilder outcomes = new StringBuilder();
        for (Task<Void> t : putters.subList(0, cancelled)) {
            outcomes.append(await(Sync.outcome(t))).append(' ');
        }
        log.add(outcomes.toString().trim());
        await(Sync.pass(3));
        got.addAll(drain(q));
        for (Task<Void> t : putters) {
            await(Sync.outcome(t));
        }
        got.addAll(drain(q));
        log.add("items " + got);
        assertFalse(q.full());
        await(finish(q, got.size()));
        return Coroutine.of(log);
    }

    @Test
    void aPutterCancelledWhileWaitingNeverEnqueuesItsItem() {
        assertEquals(List.of("put c cancelled", "cancelled", "put d", "put e", "items [a, b, d, e]"),
                Weft.run(putterCancelled(false, 1)));
    }

    @Test
    void aPutterCancelledAfterItsSlotWasReservedNeverEnqueuesItsItemAndTheSlotPassesOn() {
        assertEquals(List.of("put c cancelled", "put d", "cancelled", "put e", "items [a, b, d, e]"),
                Weft.run(putterCancelled(true, 1)));
    }

    @Test
    void twoPuttersCancelledInARowBeforeTheirSlots() {
        assertEquals(List.of("put c cancelled", "put d cancelled", "cancelled cancelled", "put e", "items [a, b, e]"),
                Weft.run(putterCancelled(false, 2)));
    }

    @Test
    void twoPuttersCancelledInARowAfterTheirSlotsWereReserved() {
        assertEquals(List.of("put c cancelled", "put d cancelled", "put e", "cancelled cancelled", "items [a, b, e]"),
                Weft.run(putterCancelled(true, 2)));
    }
}
