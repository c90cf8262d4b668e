package dev.weft.sync;

import dev.weft.CancelledException;
import dev.weft.Coroutine;
import dev.weft.EventLoop;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.internal.WovenCoroutine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.*;

/**
 * One waiting call of a primitive, through a minimal primitive of the test's own: the life cycle
 * {@code NEW → WAITING → GRANTED → TAKEN | RETURNED} or {@code → FAILED}, each move made once (a second grant, fail or
 * take is refused); a waiter in its queue exactly while waiting; a waiter no longer live is skipped and failed;
 * done-callbacks run once, at once when registered late, and a coalescing waiter keeps one registration per callback;
 * and the coroutine around it: the grant is taken when the task resumes, given back when the task was cancelled or the
 * coroutine closed first, and a waiter still waiting leaves the queue.
 */
class SyncWaiterTest {
    private final EventLoop loop = new EventLoop();
    private final ArrayDeque<Probe> queue = new ArrayDeque<>();
    private final List<String> log = new ArrayList<>();

    /** Waits in {@code queue} unless {@code now} is set, in which case it is granted that at once. */
    private final class Probe extends SyncWaiter<String> {
        String now;
        boolean live = true;
        boolean coalesce;

        @Override
        void start() {
            if (now != null) {
                grant(now);
            } else {
                queue.add(this);
                enqueued();
            }
        }

        @Override
        void dequeue() {
            queue.remove(this);
            log.add("dequeued");
        }

        @Override
        void giveBack(String granted) {
            log.add("given back " + granted);
        }

        @Override
        String taken(String granted) {
            log.add("taken " + granted);
            return granted.toUpperCase();
        }

        @Override
        boolean live() {
            return live;
        }

        @Override
        boolean coalescesCallbacks() {
            return coalesce;
        }
    }

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    @Test
    void aWaiterIsInTheQueueExactlyWhileWaitingAndEachMoveHappensOnce() {
        Probe p = new Probe();
        assertFalse(p.isWaiting());
        assertEquals("Probe[new]", p.toString());
        p.start();
        assertTrue(p.isWaiting());
        assertEquals(List.of(p), List.copyOf(queue));
        assertFalse(p.isDone());
        assertTrue(assertThrows(IllegalStateException.class, p::result).getMessage().endsWith("is not done"));
        assertThrows(IllegalStateException.class, p::exception);
        queue.remove(p);
        assertTrue(p.grant("a"));
        assertFalse(p.isWaiting());
        assertTrue(p.isDone());
        assertEquals("a", p.result());
        assertNull(p.exception());
        assertFalse(p.grant("b"), "granted already: the caller keeps b");
        assertFalse(p.fail(new IllegalStateException()));
        assertFalse(p.cancel("too late"));
        assertEquals("A", p.take());
        assertEquals("Probe[taken]", p.toString());
        IllegalStateException twice = assertThrows(IllegalStateException.class, p::take);
        assertTrue(twice.getMessage().startsWith("waiter taken in state"), twice.getMessage());
        assertEquals(List.of("taken a"), log, "taken once, nothing given back");
    }

    @Test
    void aNewWaiterCanBeGrantedBeforeItWaits() {
        Probe p = new Probe();
        assertTrue(p.grant("fast"));
        assertEquals("FAST", p.take());
    }

    @Test
    void aFailedWaiterThrowsItsFailureAndRefusesEverythingElse() {
        Probe p = new Probe();
        p.start();
        QueueShutDownException shut = new QueueShutDownException("shut");
        assertTrue(p.fail(shut));
        assertTrue(p.isDone());
        assertSame(shut, p.exception());
        assertSame(shut, assertThrows(QueueShutDownException.class, p::result));
        assertFalse(p.fail(new IllegalStateException()), "failed already");
        assertFalse(p.grant("x"));
        assertSame(shut, assertThrows(QueueShutDownException.class, p::take));
        assertEquals("Probe[failed]", p.toString());

        Probe checked = new Probe();
        IOException io = new IOException("io");
        checked.fail(io);
        assertSame(io, assertThrows(CompletionException.class, checked::result).getCause(), "checked: wrapped by result()");
    }

    @Test
    void aWaiterNoLongerLiveIsSkippedAndFailed() {
        Probe p = new Probe();
        p.start();
        List<String> ran = new ArrayList<>();
        p.whenDone(() -> ran.add("woken"));
        p.live = false;
        assertFalse(p.grant("x"), "the caller keeps x for the next waiter");
        assertTrue(p.isDone());
        assertEquals("the waiting coroutine was closed", assertInstanceOf(CancelledException.class, p.exception()).getMessage());
        assertEquals(List.of("woken"), ran);
        assertFalse(p.grant("y"));
    }

    @Test
    void callbacksRunOnceWhenItSettlesAndAtOnceWhenRegisteredLate() {
        Probe p = new Probe();
        p.start();
        List<String> ran = new ArrayList<>();
        Runnable removed = () -> ran.add("removed");
        p.whenDone(() -> ran.add("early"));
        p.whenDone(removed);
        assertTrue(p.removeWhenDone(removed));
        assertFalse(p.removeWhenDone(removed));
        p.grant("v");
        assertEquals(List.of("early"), ran);
        p.whenDone(() -> ran.add("late"));
        assertEquals(List.of("early", "late"), ran);
    }

    @Test
    void aCoalescingWaiterKeepsOneRegistrationPerCallback() {
        Probe p = new Probe();
        p.coalesce = true;
        p.start();
        int[] runs = new int[3];
        Runnable a = () -> runs[0]++;
        Runnable b = () -> runs[1]++;
        Runnable c = () -> runs[2]++;
        p.whenDone(a);
        p.whenDone(a); // the only one: kept once
        p.whenDone(b);
        p.whenDone(a); // already in the list
        p.whenDone(c);
        p.grant("v");
        assertArrayEquals(new int[] {1, 1, 1}, runs);

        Probe plain = new Probe();
        plain.start();
        int[] count = new int[1];
        Runnable r = () -> count[0]++;
        plain.whenDone(r);
        plain.whenDone(r);
        plain.grant("v");
        assertEquals(2, count[0], "an ordinary waiter keeps every registration");
    }

    // ---------------------------------------------------------------- the coroutine around a waiter

    @Test
    void theTaskTakesTheGrantWhenItResumes() {
        Probe p = new Probe();
        Task<String> t = loop.createTask(SyncWaiter.coroutine("Probe.wait", p));
        loop.runUntilIdle();
        assertTrue(p.isWaiting());
        assertSame(p, queue.poll());
        assertTrue(p.grant("v"));
        assertTrue(log.isEmpty(), "taken only when the task resumes");
        loop.runUntilIdle();
        assertEquals("V", t.result());
        assertEquals(List.of("taken v"), log);

        Probe fast = new Probe();
        fast.now = "now";
        assertEquals("NOW", Weft.run(SyncWaiter.coroutine("Probe.wait", fast)));
    }

    @Test
    void aTaskCancelledAfterTheGrantGivesItBack() {
        Probe p = new Probe();
        Task<String> t = loop.createTask(SyncWaiter.coroutine("Probe.wait", p));
        loop.runUntilIdle();
        queue.remove(p);
        p.grant("v");
        t.cancel("stop");
        loop.runUntilIdle();
        assertTrue(t.isCancelled());
        assertEquals(List.of("given back v"), log);
        assertEquals("Probe[returned]", p.toString());
    }

    @Test
    void aTaskCancelledWhileWaitingLeavesTheQueue() {
        Probe p = new Probe();
        Task<String> t = loop.createTask(SyncWaiter.coroutine("Probe.wait", p));
        loop.runUntilIdle();
        t.cancel("stop");
        loop.runUntilIdle();
        assertEquals("stop", assertInstanceOf(CancelledException.class, t.exception()).getMessage());
        assertTrue(queue.isEmpty());
        assertEquals(List.of("dequeued"), log);
        assertFalse(p.grant("x"), "no stale waiter is granted anything");
    }

    @Test
    void closingTheCoroutineWithdrawsTheWaiterWhateverItsState() {
        Probe waiting = new Probe();
        Coroutine<String> c = SyncWaiter.coroutine("Probe.wait", waiting);
        Task<String> t = loop.createTask(c);
        loop.runUntilIdle();
        c.close(); // not through the task: the coroutine's own cleanup withdraws the waiter
        assertTrue(queue.isEmpty());
        assertEquals(List.of("dequeued"), log);

        Probe granted = new Probe();
        Coroutine<String> d = SyncWaiter.coroutine("Probe.wait", granted);
        Task<String> u = loop.createTask(d);
        loop.runUntilIdle();
        queue.remove(granted);
        granted.grant("g");
        d.close();
        assertEquals(List.of("dequeued", "given back g"), log);
        loop.runUntilIdle();
        assertTrue(t.isCancelled());
        assertTrue(u.isCancelled());
    }

    @Test
    void aCorruptedFrameIsReported() {
        Coroutine<String> c = SyncWaiter.coroutine("Probe.wait", new Probe());
        ((WovenCoroutine<?>) c).label = 5;
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Weft.run(c));
        assertTrue(e.getMessage().contains("Probe.wait resumed at unknown label 5"), e.getMessage());
    }
}
