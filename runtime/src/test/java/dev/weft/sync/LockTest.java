package dev.weft.sync;

import dev.weft.CancelledException;
import dev.weft.EventLoop;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.internal.WovenCoroutine;
import dev.weft.test.HandWoven;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The lock's waiter pinned to a coroutine frame (Condition's re-acquire): it keeps its place in the queue whatever the
 * task does (the task's cancellation cannot withdraw it), takes the lock when released to it, and is skipped (failed,
 * the lock passing to the next waiter, or unlocked) once its frame was closed; ordinary waiters are served FIFO and a
 * second release before the served waiter resumed is refused.
 */
class LockTest {
    private final EventLoop loop = new EventLoop();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    private Lock lockedLock() {
        Lock lock = new Lock();
        Task<Void> holder = loop.createTask(lock.acquire());
        loop.runUntilIdle();
        assertTrue(holder.isDone());
        assertTrue(lock.locked());
        return lock;
    }

    private static WovenCoroutine<?> someFrame() {
        return (WovenCoroutine<?>) HandWoven.awaitOne(new Promise<>());
    }

    @Test
    void aPinnedWaiterWhoseFrameClosedIsSkippedAndTheLockPassesOn() {
        Lock lock = lockedLock();
        WovenCoroutine<?> frame = someFrame();
        Lock.Waiter pinned = lock.pinnedWaiter(frame);
        pinned.start();
        Task<Void> next = loop.createTask(lock.acquire());
        loop.runUntilIdle();
        assertEquals("Lock[locked, waiters:2]", lock.toString());
        frame.close();
        lock.release();
        assertTrue(pinned.isDone());
        assertEquals("the waiting coroutine was closed",
                assertInstanceOf(CancelledException.class, pinned.exception()).getMessage());
        loop.runUntilIdle();
        assertTrue(next.isDone(), "the lock went to the waiter behind it");
        assertTrue(lock.locked());
        lock.release();
        assertFalse(lock.locked());
    }

    @Test
    void withNobodyBehindASkippedPinnedWaiterTheLockIsUnlocked() {
        Lock lock = lockedLock();
        WovenCoroutine<?> frame = someFrame();
        Lock.Waiter pinned = lock.pinnedWaiter(frame);
        pinned.start();
        frame.close();
        lock.release();
        assertFalse(lock.locked());
        assertEquals("Lock[unlocked, waiters:0]", lock.toString());
    }

    @Test
    void aPinnedWaiterCannotBeWithdrawnByTheTaskAndTakesTheLockReleasedToIt() {
        Lock lock = lockedLock();
        Lock.Waiter pinned = lock.pinnedWaiter(someFrame());
        pinned.start();
        assertFalse(pinned.cancel("the task was cancelled"), "only its frame withdraws it");
        pinned.abandoned();
        assertTrue(pinned.isWaiting());
        assertEquals("Lock[locked, waiters:1]", lock.toString());
        lock.release();
        assertTrue(pinned.isDone());
        assertThrows(IllegalStateException.class, lock::release, "handed to the pinned waiter, not resumed yet");
        pinned.take();
        assertTrue(lock.locked());
        lock.release();
        assertFalse(lock.locked());
    }

    @Test
    void aPinnedWaiterOfAFreeLockTakesItAtOnce() {
        Lock lock = new Lock();
        Lock.Waiter pinned = lock.pinnedWaiter(someFrame());
        pinned.start();
        assertTrue(pinned.isDone());
        pinned.take();
        assertTrue(lock.locked());
        lock.release();
        assertFalse(lock.locked());
    }
}
