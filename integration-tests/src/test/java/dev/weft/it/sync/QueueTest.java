package dev.weft.it.sync;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Coroutine;
import dev.weft.sync.LifoQueue;
import dev.weft.sync.PriorityQueue;
import dev.weft.sync.Queue;
import dev.weft.sync.QueueEmptyException;
import dev.weft.sync.QueueFullException;
import dev.weft.sync.QueueShutDownException;
import dev.weft.Task;
import dev.weft.Weft;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static dev.weft.Weft.await;
import static org.junit.jupiter.api.Assertions.*;

/** dev.weft.sync.Queue, PriorityQueue and LifoQueue through woven code: order, bounds, join, shutdown. */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a broken primitive deadlocks
class QueueTest {

    static <T> List<T> drain(Queue<T> q) {
        List<T> out = new ArrayList<>();
        while (!q.empty()) {
            out.add(q.getNowait());
        }
        return out;
    }

    @Test
    void theThreeKindsDifferInWhichItemComesOut() {
        Queue<Integer> fifo = new Queue<>();
        LifoQueue<Integer> lifo = new LifoQueue<>();
        PriorityQueue<Integer> prio = new PriorityQueue<>();
        for (int i : List.of(3, 1, 2)) {
            fifo.putNowait(i);
            lifo.putNowait(i);
            prio.putNowait(i);
        }
        assertEquals(3, fifo.size());
        assertEquals(List.of(3, 1, 2), drain(fifo));
        assertEquals(List.of(2, 1, 3), drain(lifo));
        assertEquals(List.of(1, 2, 3), drain(prio));
    }

    @Test
    void aPriorityQueueIsStableAndTakesAComparator() {
        PriorityQueue<String> q = new PriorityQueue<>(0, Comparator.comparingInt(String::length));
        for (String s : List.of("ccc", "a1", "b", "a2", "c", "a3")) {
            q.putNowait(s);
        }
        assertEquals(List.of("b", "c", "a1", "a2", "a3", "ccc"), drain(q));
        PriorityQueue<Object> natural = new PriorityQueue<>();
        assertThrows(ClassCastException.class, () -> natural.putNowait(new Object()));
        assertEquals(0, natural.size());
    }

    @Test
    void boundsAndNowaitFailures() {
        Queue<String> q = new Queue<>(2);
        assertEquals(2, q.maxSize());
        assertTrue(q.empty());
        assertFalse(q.full());
        QueueEmptyException empty = assertThrows(QueueEmptyException.class, q::getNowait);
        assertTrue(empty.getMessage().contains("empty"));
        q.putNowait("a");
        q.putNowait("b");
        assertTrue(q.full());
        assertThrows(QueueFullException.class, () -> q.putNowait("c"));
        assertThrows(NullPointerException.class, () -> q.putNowait(null));
        assertThrows(NullPointerException.class, () -> q.put(null));
        assertEquals(List.of("a", "b"), drain(q));
        Queue<Integer> unbounded = new Queue<>(0);
        Queue<Integer> negative = new Queue<>(-5);
        for (int i = 0; i < 1000; i++) {
            unbounded.putNowait(i);
            negative.putNowait(i);
        }
        assertFalse(unbounded.full());
        assertFalse(negative.full());
        assertEquals(0, negative.maxSize());
    }

    // ---------------------------------------------------------------- waiting

    @Async
    static Coroutine<String> getter(Queue<String> q, String name, List<String> log) {
        String item;
        try {
            item = await(q.get());
        } catch (CancelledException e) {
            log.add(name + " cancelled");
            throw e;
        } catch (QueueShutDownException e) {
            log.add(name + " shut down");
            throw e;
        }
        log.add(name + " got " + item);
        return Coroutine.of(item);
    }

    @Async
    static Coroutine<Void> putter(Queue<String> q, String item, List<String> log) {
        try {
            await(q.put(item));
        } catch (CancelledException e) {
            log.add("put " + item + " cancelled");
            throw e;
        } catch (QueueShutDownException e) {
            log.add("put " + item + " shut down");
            throw e;
        }
        log.add("put " + item);
        return Coroutine.done();
    }

    @Async
    static Coroutine<List<String>> gettersInOrder() {
        Queue<String> q = new Queue<>();
        List<String> log = new ArrayList<>();
        List<Task<String>> getters = new ArrayList<>();
        for (String name : List.of("G1", "G2", "G3")) {
            getters.add(Weft.spawn(getter(q, name, log)));
        }
        await(Sync.until(() -> q.toString().contains("getters:3")));
        q.putNowait("x");
        q.putNowait("y");
        await(q.put("z")); // unbounded: does not wait
        assertTrue(q.empty(), "all three went straight to the waiting getters");
        for (Task<String> t : getters) {
            await(t);
        }
        // with items queued, get does not wait
        q.putNowait("w");
        log.add("main got " + await(q.get()));
        return Coroutine.of(log);
    }

    @Test
    void waitingGettersAreServedInFifoOrder() {
        assertEquals(List.of("G1 got x", "G2 got y", "G3 got z", "main got w"), Weft.run(gettersInOrder()));
    }

    @Async
    static Coroutine<List<String>> puttersInOrder() {
        Queue<String> q = new Queue<>(1);
        List<String> log = new ArrayList<>();
        await(q.put("a"));
        Task<Void> p1 = Weft.spawn(putter(q, "b", log));
        Task<Void> p2 = Weft.spawn(putter(q, "c", log));
        await(Sync.until(() -> q.toString().contains("putters:2")));
        log.add("main got " + q.getNowait());
        assertTrue(q.full(), "the freed slot is reserved for the first putter");
        assertThrows(QueueFullException.class, () -> q.putNowait("intruder"));
        await(p1);
        log.add("main got " + await(q.get()));
        await(p2);
        log.add("main got " + await(q.get()));
        assertTrue(q.empty());
        return Coroutine.of(log);
    }

    @Test
    void waitingPuttersAreServedInFifoOrderAndNobodyOvertakes() {
        assertEquals(List.of("main got a", "put b", "main got b", "put c", "main got c"), Weft.run(puttersInOrder()));
    }

    @Async
    static Coroutine<List<String>> join() {
        Queue<String> q = new Queue<>();
        List<String> log = new ArrayList<>();
        await(q.join()); // nothing pending: at once
        assertThrows(IllegalStateException.class, q::taskDone);
        q.putNowait("a");
        q.putNowait("b");
        Task<Void> joiner = Weft.spawn(joinAndLog(q, log));
        await(Sync.pass(3));
        q.getNowait();
        q.taskDone();
        await(Sync.pass(3));
        assertFalse(joiner.isDone(), "one item still unfinished");
        q.getNowait();
        log.add("last taskDone");
        q.taskDone();
        await(joiner);
        assertThrows(IllegalStateException.class, q::taskDone);
        return Coroutine.of(log);
    }

    @Async
    static Coroutine<Void> joinAndLog(Queue<String> q, List<String> log) {
        await(q.join());
        log.add("joined");
        return Coroutine.done();
    }

    @Test
    void joinWaitsUntilEveryItemIsMarkedDone() {
        assertEquals(List.of("last taskDone", "joined"), Weft.run(join()));
    }

    // ---------------------------------------------------------------- shutdown

    @Async
    static Coroutine<List<String>> shutdown() {
        Queue<String> q = new Queue<>(1);
        List<String> log = new ArrayList<>();
        await(q.put("a"));
        Task<Void> blockedPutter = Weft.spawn(putter(q, "b", log));
        await(Sync.until(() -> q.toString().contains("putters:1")));
        q.shutdown();
        assertTrue(q.isShutDown());
        log.add("b: " + await(Sync.outcome(blockedPutter)));
        assertThrows(QueueShutDownException.class, () -> q.putNowait("c"));
        log.add("put after shutdown: " + await(Sync.outcome(q.put("c"))));
        log.add("get: " + await(q.get()));          // what is left can still be taken
        log.add("get again: " + await(Sync.outcome(q.get())));
        assertThrows(QueueShutDownException.class, q::getNowait);
        q.taskDone();
        await(q.join());
        return Coroutine.of(log);
    }

    @Test
    void afterShutdownPutsFailAndGetsFailOnceEmpty() {
        assertEquals(List.of("put b shut down", "b: QueueShutDownException", "put after shutdown: QueueShutDownException",
                "get: a", "get again: QueueShutDownException"), Weft.run(shutdown()));
    }

    @Async
    static Coroutine<List<String>> shutdownWakesGetters(boolean immediate) {
        Queue<String> q = new Queue<>();
        List<String> log = new ArrayList<>();
        Task<String> g1 = Weft.spawn(getter(q, "G1", log));
        Task<String> g2 = Weft.spawn(getter(q, "G2", log));
        await(Sync.until(() -> q.toString().contains("getters:2")));
        q.shutdown(immediate);
        log.add("G1: " + await(Sync.outcome(g1)) + ", G2: " + await(Sync.outcome(g2)));
        await(q.join());
        return Coroutine.of(log);
    }

    @Test
    void shutdownWakesWaitingGettersWithTheException() {
        List<String> expected = List.of("G1 shut down", "G2 shut down",
                "G1: QueueShutDownException, G2: QueueShutDownException");
        assertEquals(expected, Weft.run(shutdownWakesGetters(false)));
        assertEquals(expected, Weft.run(shutdownWakesGetters(true)));
    }

    @Async
    static Coroutine<List<String>> shutdownBeforeAGetterResumed(boolean immediate) {
        Queue<String> q = new Queue<>();
        List<String> log = new ArrayList<>();
        Task<String> g = Weft.spawn(getter(q, "G", log));
        await(Sync.until(() -> q.toString().contains("getters:1")));
        q.putNowait("handed");      // handed to G, which has not resumed yet
        q.putNowait("queued");
        Task<Void> joiner = Weft.spawn(joinAndLog(q, log));
        q.shutdown(immediate);
        log.add("G: " + await(Sync.outcome(g)) + ", left: " + drain(q));
        if (!immediate) {
            q.taskDone();
            q.taskDone();
        }
        await(joiner);
        assertThrows(IllegalStateException.class, q::taskDone, "every item counted exactly once");
        return Coroutine.of(log);
    }

    @Test
    void aShutdownKeepsAnItemAlreadyHandedToAGetter() {
        assertEquals(List.of("G got handed", "G: value handed, left: [queued]", "joined"),
                Weft.run(shutdownBeforeAGetterResumed(false)));
    }

    @Test
    void anImmediateShutdownAlsoFailsAGetterHandedAnItemThatHasNotResumed() {
        assertEquals(List.of("G shut down", "joined", "G: QueueShutDownException, left: []"),
                Weft.run(shutdownBeforeAGetterResumed(true)));
    }

    @Async
    static Coroutine<List<String>> shutdownBeforeAPutterResumed(boolean immediate) {
        Queue<String> q = new Queue<>(1);
        List<String> log = new ArrayList<>();
        await(q.put("a"));
        Task<Void> p = Weft.spawn(putter(q, "blocked", log));
        await(Sync.until(() -> q.toString().contains("putters:1")));
        q.getNowait();              // frees the slot: reserved for the putter, which has not resumed yet
        q.taskDone();
        q.shutdown(immediate);
        log.add("putter: " + await(Sync.outcome(p)) + ", left: " + drain(q));
        await(q.join());
        return Coroutine.of(log);
    }

    @Test
    void aShutdownFailsAPutterThatWasGivenASlotButHasNotResumed() {
        List<String> expected = List.of("put blocked shut down", "putter: QueueShutDownException, left: []");
        assertEquals(expected, Weft.run(shutdownBeforeAPutterResumed(false)));
        assertEquals(expected, Weft.run(shutdownBeforeAPutterResumed(true)));
    }
}
