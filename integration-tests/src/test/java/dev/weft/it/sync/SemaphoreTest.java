package dev.weft.it.sync;

import dev.weft.Async;
import dev.weft.sync.BoundedSemaphore;
import dev.weft.CancelledException;
import dev.weft.Coroutine;
import dev.weft.sync.Semaphore;
import dev.weft.Task;
import dev.weft.Weft;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.weft.Weft.await;
import static org.junit.jupiter.api.Assertions.*;

/** dev.weft.sync.Semaphore and BoundedSemaphore through woven code: FIFO, bounds, permits conserved under cancellation. */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a broken primitive deadlocks
class SemaphoreTest {

    @Async
    static Coroutine<String> holder(Semaphore sem, String name, List<String> log) {
        try {
            await(sem.acquire());
        } catch (CancelledException e) {
            log.add(name + " cancelled");
            throw e;
        }
        try {
            log.add(name + " got");
            await(Weft.sleep(Duration.ZERO));
        } finally {
            sem.release();
        }
        return Coroutine.of(name);
    }

    @Async
    static Coroutine<List<String>> fifo() {
        Semaphore sem = new Semaphore(2);
        List<String> log = new ArrayList<>();
        await(sem.acquire());
        await(sem.acquire());
        assertTrue(sem.locked());
        assertEquals(0, sem.value());
        List<Task<String>> tasks = new ArrayList<>();
        for (String name : List.of("A", "B", "C", "D")) {
            tasks.add(Weft.spawn(holder(sem, name, log)));
        }
        await(Sync.until(() -> sem.toString().contains("waiters:4")));
        sem.release();
        assertEquals(0, sem.value(), "the permit went straight to A");
        Task<String> e = Weft.spawn(holder(sem, "E", log)); // queues behind B, C, D
        sem.release();
        tasks.add(e);
        for (Task<String> t : tasks) {
            await(t);
        }
        assertEquals(2, sem.value());
        assertFalse(sem.locked());
        return Coroutine.of(log);
    }

    @Test
    void permitsGoToWaitersInFifoOrder() {
        assertEquals(List.of("A got", "B got", "C got", "D got", "E got"), Weft.run(fifo()));
    }

    @Test
    void aNegativeInitialValueIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Semaphore(-1));
        assertThrows(IllegalArgumentException.class, () -> new BoundedSemaphore(-1));
        assertEquals(1, new Semaphore().value());
    }

    @Test
    void anUnboundedSemaphoreMayBeReleasedAboveItsInitialValue() {
        Semaphore sem = new Semaphore(0);
        assertTrue(sem.locked());
        sem.release();
        sem.release();
        assertEquals(2, sem.value());
    }

    @Async
    static Coroutine<Integer> boundedTooManyReleases(BoundedSemaphore sem) {
        await(sem.acquire());
        sem.release();
        try {
            sem.release();
            return Coroutine.of(-1);
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage().contains("released too many times"), e.getMessage());
            return Coroutine.of(sem.value());
        }
    }

    @Test
    void aBoundedSemaphoreRefusesAReleaseAboveItsInitialValue() {
        BoundedSemaphore sem = new BoundedSemaphore(2);
        assertThrows(IllegalStateException.class, sem::release);
        assertEquals(2, Weft.run(boundedTooManyReleases(sem)));
    }

    // ---------------------------------------------------------------- cancellation

    @Async
    static Coroutine<List<String>> cancellation(Semaphore sem, boolean afterHandOver) {
        List<String> log = new ArrayList<>();
        int initial = sem.value();
        for (int i = 0; i < initial; i++) {
            await(sem.acquire());
        }
        Task<String> a = Weft.spawn(holder(sem, "A", log));
        Task<String> b = Weft.spawn(holder(sem, "B", log));
        Task<String> c = Weft.spawn(holder(sem, "C", log));
        await(Sync.until(() -> sem.toString().contains("waiters:3")));
        if (afterHandOver) {
            sem.release();  // to A
            sem.release();  // to B
            a.cancel();     // both cancelled before their tasks resume: the permits go back, one reaches C
            b.cancel();
        } else {
            a.cancel();
            b.cancel();
            await(Sync.pass(2));
            assertTrue(sem.toString().contains("waiters:1"), sem.toString());
            sem.release();
            sem.release();
        }
        log.add("A: " + await(Sync.outcome(a)));
        log.add("B: " + await(Sync.outcome(b)));
        log.add("C: " + await(Sync.outcome(c)));
        for (int i = 2; i < initial; i++) {
            sem.release();
        }
        assertEquals(initial, sem.value(), "permits conserved");
        assertTrue(sem.toString().endsWith("waiters:0]"), sem.toString());
        return Coroutine.of(log);
    }

    @Test
    void waitersCancelledBeforeTheyGotAPermitLeaveTheQueue() {
        assertEquals(List.of("A cancelled", "B cancelled", "A: cancelled", "B: cancelled", "C got", "C: value C"),
                Weft.run(cancellation(new Semaphore(2), false)));
    }

    @Test
    void permitsHandedToCancelledWaitersGoBackAndReachTheNextOne() {
        assertEquals(List.of("A cancelled", "B cancelled", "C got", "A: cancelled", "B: cancelled", "C: value C"),
                Weft.run(cancellation(new Semaphore(3), true)));
    }

    @Test
    void aBoundedSemaphoreTakesBackPermitsOfCancelledWaitersWithoutComplaint() {
        assertEquals(List.of("A cancelled", "B cancelled", "C got", "A: cancelled", "B: cancelled", "C: value C"),
                Weft.run(cancellation(new BoundedSemaphore(2), true)));
    }

    // ---------------------------------------------------------------- served waiters that have not resumed yet

    @Async
    static Coroutine<List<String>> newcomerBehindAServedWaiter(boolean cancelTheServedOne) {
        Semaphore sem = new Semaphore(1);
        List<String> log = new ArrayList<>();
        await(sem.acquire());
        Task<String> a = Weft.spawn(holder(sem, "A", log));
        await(Sync.until(() -> sem.toString().contains("waiters:1")));
        sem.release();                                   // served to A, whose task has not resumed
        sem.release();                                   // a free permit, while A is still ahead
        assertEquals(1, sem.value());
        assertTrue(sem.locked(), "a newcomer would have to wait: " + sem);
        Task<String> b = Weft.spawnEager(holder(sem, "B", log));
        assertFalse(b.isDone());
        assertTrue(sem.toString().contains("waiters:1, served:1"), sem.toString());
        if (cancelTheServedOne) {
            a.cancel();                                  // A gives its permit back: B gets one of the two
        }
        log.add("A: " + await(Sync.outcome(a)));
        log.add("B: " + await(Sync.outcome(b)));
        assertEquals(2, sem.value(), "permits conserved");
        assertFalse(sem.locked());
        return Coroutine.of(log);
    }

    @Test
    void aNewcomerWaitsBehindAServedWaiterThatHasNotResumedAndIsServedWhenItResumes() {
        assertEquals(List.of("A got", "B got", "A: value A", "B: value B"), Weft.run(newcomerBehindAServedWaiter(false)));
    }

    @Test
    void aServedWaiterCancelledBeforeResumingLetsTheNewcomerBehindItThrough() {
        assertEquals(List.of("A cancelled", "B got", "A: cancelled", "B: value B"), Weft.run(newcomerBehindAServedWaiter(true)));
    }
}
