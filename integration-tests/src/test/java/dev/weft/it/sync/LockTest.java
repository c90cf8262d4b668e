package dev.weft.it.sync;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Coroutine;
import dev.weft.sync.Lock;
import dev.weft.Task;
import dev.weft.Weft;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.weft.Weft.await;
import static org.junit.jupiter.api.Assertions.*;

/** dev.weft.Lock through woven code: FIFO hand-over, misuse, and cancellation at every point. */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a broken primitive deadlocks
class LockTest {

    /** Acquires, logs, holds the lock for one loop pass, releases. Logs its cancellation while waiting. */
    @Async
    static Coroutine<String> locker(Lock lock, String name, List<String> log) {
        try {
            await(lock.acquire());
        } catch (CancelledException e) {
            log.add(name + " cancelled");
            throw e;
        }
        try {
            log.add(name + " got");
            await(Weft.sleep(Duration.ZERO));
        } finally {
            log.add(name + " releases");
            lock.release();
        }
        return Coroutine.of(name);
    }

    static Task<String> spawnLocker(Lock lock, String name, List<String> log) {
        return Weft.spawn(locker(lock, name, log), name);
    }

    // ---------------------------------------------------------------- happy paths

    @Async
    static Coroutine<List<String>> fifo() {
        Lock lock = new Lock();
        List<String> log = new ArrayList<>();
        await(lock.acquire());
        assertTrue(lock.locked());
        Task<String> a = spawnLocker(lock, "A", log);
        Task<String> b = spawnLocker(lock, "B", log);
        Task<String> c = spawnLocker(lock, "C", log);
        await(Sync.until(() -> lock.toString().contains("waiters:3")));
        log.add("main releases");
        lock.release();
        assertTrue(lock.locked(), "ownership passed to A, still locked");
        // a newcomer arriving now queues behind B and C, even though A has not run yet
        Task<String> d = spawnLocker(lock, "D", log);
        for (Task<String> t : List.of(a, b, c, d)) {
            await(t);
        }
        assertFalse(lock.locked());
        assertEquals("Lock[unlocked, waiters:0]", lock.toString());
        return Coroutine.of(log);
    }

    @Test
    void waitersGetTheLockInFifoOrderAndNobodyOvertakes() {
        assertEquals(List.of("main releases", "A got", "A releases", "B got", "B releases", "C got", "C releases",
                "D got", "D releases"), Weft.run(fifo()));
    }

    @Async
    static Coroutine<List<String>> fastPath() {
        Lock lock = new Lock();
        List<String> log = new ArrayList<>();
        Weft.spawn(recordRun(log));
        await(lock.acquire()); // free: does not suspend, so the spawned task has not run yet
        log.add("main got");
        await(Weft.sleep(Duration.ZERO));
        lock.release();
        return Coroutine.of(log);
    }

    @Async
    static Coroutine<Void> recordRun(List<String> log) {
        log.add("other task ran");
        return Coroutine.done();
    }

    @Test
    void acquiringAFreeLockDoesNotSuspend() {
        assertEquals(List.of("main got", "other task ran"), Weft.run(fastPath()));
    }

    @Test
    void releasingAnUnlockedLockIsAnError() {
        Lock lock = new Lock();
        IllegalStateException e = assertThrows(IllegalStateException.class, lock::release);
        assertTrue(e.getMessage().contains("not locked"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> Weft.run(acquireReleaseTwice(lock)));
        assertFalse(lock.locked());
    }

    @Async
    static Coroutine<Void> acquireReleaseTwice(Lock lock) {
        await(lock.acquire());
        lock.release();
        lock.release();
        return Coroutine.done();
    }

    @Test
    void callingAcquireWithoutAwaitingDoesNothing() {
        Lock lock = new Lock();
        Coroutine<Void> unused = lock.acquire();
        assertFalse(lock.locked(), "acquire() is lazy, like an asyncio coroutine");
        assertEquals(Coroutine.State.CREATED, unused.state());
        unused.close();
    }

    // ---------------------------------------------------------------- cancellation

    @Async
    static Coroutine<List<String>> cancelWhileWaiting() {
        Lock lock = new Lock();
        List<String> log = new ArrayList<>();
        await(lock.acquire());
        Task<String> a = spawnLocker(lock, "A", log);
        Task<String> b = spawnLocker(lock, "B", log);
        await(Sync.until(() -> lock.toString().contains("waiters:2")));
        a.cancel();
        await(Sync.pass(2));
        assertEquals("Lock[locked, waiters:1]", lock.toString(), "the cancelled waiter left the queue");
        log.add("main releases");
        lock.release();
        log.add("A: " + await(Sync.outcome(a)));
        log.add("B: " + await(Sync.outcome(b)));
        assertEquals("Lock[unlocked, waiters:0]", lock.toString());
        return Coroutine.of(log);
    }

    @Test
    void aWaiterCancelledBeforeItGotTheLockLeavesTheQueue() {
        assertEquals(List.of("A cancelled", "main releases", "A: cancelled", "B got", "B releases", "B: value B"),
                Weft.run(cancelWhileWaiting()));
    }

    @Async
    static Coroutine<List<String>> cancelAfterHandOver(boolean another) {
        Lock lock = new Lock();
        List<String> log = new ArrayList<>();
        await(lock.acquire());
        Task<String> a = spawnLocker(lock, "A", log);
        Task<String> b = another ? spawnLocker(lock, "B", log) : null;
        await(Sync.until(() -> lock.toString().contains("waiters:" + (another ? 2 : 1))));
        // one loop callback: hand the lock to A, then cancel A before A's task has resumed
        lock.release();
        assertTrue(lock.locked());
        a.cancel();
        log.add("A: " + await(Sync.outcome(a)));
        if (b != null) {
            log.add("B: " + await(Sync.outcome(b)));
        }
        assertFalse(lock.locked(), "the lock A was handed went back");
        assertEquals("Lock[unlocked, waiters:0]", lock.toString());
        // and it works normally afterwards
        await(lock.acquire());
        lock.release();
        return Coroutine.of(log);
    }

    @Test
    void aWaiterCancelledAfterTheHandOverPassesTheLockOnToTheNextWaiter() {
        assertEquals(List.of("A cancelled", "B got", "A: cancelled", "B releases", "B: value B"),
                Weft.run(cancelAfterHandOver(true)));
    }

    @Test
    void aWaiterCancelledAfterTheHandOverUnlocksTheLockWhenNobodyElseWaits() {
        assertEquals(List.of("A cancelled", "A: cancelled"), Weft.run(cancelAfterHandOver(false)));
    }

    @Async
    static Coroutine<List<String>> cancelTwoInARow(boolean afterHandOver) {
        Lock lock = new Lock();
        List<String> log = new ArrayList<>();
        await(lock.acquire());
        Task<String> a = spawnLocker(lock, "A", log);
        Task<String> b = spawnLocker(lock, "B", log);
        Task<String> c = spawnLocker(lock, "C", log);
        await(Sync.until(() -> lock.toString().contains("waiters:3")));
        if (afterHandOver) {
            lock.release();      // A is handed the lock
            a.cancel();          // A gives it to B ... once A's task runs; B is cancelled before that
            b.cancel();
        } else {
            a.cancel();
            b.cancel();
            await(Sync.pass(2));
            assertEquals("Lock[locked, waiters:1]", lock.toString());
            lock.release();
        }
        log.add("A: " + await(Sync.outcome(a)));
        log.add("B: " + await(Sync.outcome(b)));
        log.add("C: " + await(Sync.outcome(c)));
        assertEquals("Lock[unlocked, waiters:0]", lock.toString());
        return Coroutine.of(log);
    }

    @Test
    void twoWaitersCancelledInARowBeforeTheHandOver() {
        assertEquals(List.of("A cancelled", "B cancelled", "A: cancelled", "B: cancelled", "C got", "C releases",
                "C: value C"), Weft.run(cancelTwoInARow(false)));
    }

    @Test
    void twoWaitersCancelledInARowAfterTheHandOver() {
        assertEquals(List.of("A cancelled", "B cancelled", "C got", "A: cancelled", "B: cancelled", "C releases",
                "C: value C"), Weft.run(cancelTwoInARow(true)));
    }

    @Async
    static Coroutine<String> cancelBeforeFirstStep() {
        Lock lock = new Lock();
        List<String> log = new ArrayList<>();
        Task<String> a = spawnLocker(lock, "A", log);
        a.cancel(); // before its first step: its body never runs, it never touches the lock
        String out = await(Sync.outcome(a));
        assertEquals("Lock[unlocked, waiters:0]", lock.toString());
        assertTrue(log.isEmpty());
        return Coroutine.of(out);
    }

    @Test
    void aTaskCancelledBeforeItStartedNeverTouchesTheLock() {
        assertEquals("cancelled", Weft.run(cancelBeforeFirstStep()));
    }

    @Async
    static Coroutine<String> cancelTwice() {
        Lock lock = new Lock();
        List<String> log = new ArrayList<>();
        await(lock.acquire());
        Task<String> a = spawnLocker(lock, "A", log);
        Task<String> b = spawnLocker(lock, "B", log);
        await(Sync.until(() -> lock.toString().contains("waiters:2")));
        lock.release();
        a.cancel("one");
        a.cancel("two");
        String out = await(Sync.outcome(a)) + ", " + await(Sync.outcome(b));
        assertEquals("Lock[unlocked, waiters:0]", lock.toString());
        return Coroutine.of(out);
    }

    @Test
    void cancellingTheSameWaiterTwiceGivesTheLockBackOnce() {
        assertEquals("cancelled, value B", Weft.run(cancelTwice()));
    }

    @Async
    static Coroutine<Void> waitForLock(Lock lock, List<String> log) {
        try {
            await(lock.acquire());
            log.add("got");
            lock.release();
        } finally {
            log.add("finally");
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<List<String>> closeWhileWaiting(boolean afterHandOver) {
        Lock lock = new Lock();
        List<String> log = new ArrayList<>();
        await(lock.acquire());
        Coroutine<Void> c = waitForLock(lock, log);
        Task<Void> t = Weft.spawn(c);
        await(Sync.until(() -> lock.toString().contains("waiters:1")));
        if (afterHandOver) {
            lock.release();
        }
        c.close(); // not through the task: the coroutine's own cleanup must withdraw the waiter
        t.cancel();
        await(Sync.outcome(t));
        if (!afterHandOver) {
            assertEquals("Lock[locked, waiters:0]", lock.toString());
            lock.release();
        }
        assertEquals("Lock[unlocked, waiters:0]", lock.toString());
        return Coroutine.of(log);
    }

    @Test
    void closingACoroutineThatWaitsForTheLockWithdrawsItsWaiter() {
        assertEquals(List.of("finally"), Weft.run(closeWhileWaiting(false)));
        assertEquals(List.of("finally"), Weft.run(closeWhileWaiting(true)));
    }

    @Async
    static Coroutine<List<String>> releaseDuringTheHandOver() {
        Lock lock = new Lock();
        List<String> log = new ArrayList<>();
        await(lock.acquire());
        Task<String> a = spawnLocker(lock, "A", log);
        Task<String> b = spawnLocker(lock, "B", log);
        await(Sync.until(() -> lock.toString().contains("waiters:2")));
        lock.release();                                  // handed to A, whose task has not resumed
        try {
            lock.release();                              // would hand A's lock on to B: two holders
            log.add("released twice");
        } catch (IllegalStateException e) {
            log.add("second release refused: " + e.getMessage().contains("has not resumed yet"));
        }
        assertTrue(lock.locked());
        log.add("A: " + await(Sync.outcome(a)) + ", B: " + await(Sync.outcome(b)));
        assertFalse(lock.locked());
        return Coroutine.of(log);
    }

    @Test
    void aLockReleasedToAWaiterThatHasNotResumedCannotBeReleasedAgain() {
        assertEquals(List.of("second release refused: true", "A got", "A releases", "B got", "B releases",
                "A: value A, B: value B"), Weft.run(releaseDuringTheHandOver()));
    }
}
