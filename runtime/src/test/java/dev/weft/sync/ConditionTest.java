package dev.weft.sync;

import dev.weft.Coroutine;
import dev.weft.EventLoop;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.internal.WovenCoroutine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Condition's hand-written waits, step by step: a wait closed while it re-acquires the lock cannot wait for the lock
 * (closing it says so) and leaves nothing holding the lock (its pinned lock waiter is skipped at the next release, and
 * its task ends cancelled); a corrupted frame of either wait is reported, not misread.
 */
class ConditionTest {
    private final EventLoop loop = new EventLoop();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    private void acquire(Condition cond) {
        Task<Void> t = loop.createTask(cond.acquire());
        loop.runUntilIdle();
        assertTrue(t.isDone() && cond.locked());
    }

    @Test
    void aWaitClosedWhileItReacquiresTheLockIsSkippedByTheNextRelease() {
        Condition cond = new Condition();
        acquire(cond);
        Coroutine<Void> wait = cond.waitFor();
        Task<Void> waiter = loop.createTask(wait);
        loop.runUntilIdle();
        assertFalse(cond.locked(), "waiting released the lock");
        acquire(cond);
        cond.notifyOne();
        loop.runUntilIdle();
        assertEquals("Lock[locked, waiters:1]", cond.lock().toString(), "notified, re-acquiring behind the holder");
        IllegalStateException e = assertThrows(IllegalStateException.class, wait::close);
        assertTrue(e.getMessage().contains("awaited something unfinished while being closed"), e.getMessage());
        assertEquals(Coroutine.State.CLOSED, wait.state());
        cond.release();
        assertFalse(cond.locked(), "nobody holds the lock for the closed wait");
        loop.runUntilIdle();
        assertTrue(waiter.isCancelled());
        acquire(cond);
        cond.release();
    }

    @Test
    void aCorruptedFrameIsReported() {
        Condition cond = new Condition();
        for (Coroutine<?> c : new Coroutine<?>[] {cond.waitFor(), cond.waitFor(() -> false)}) {
            ((WovenCoroutine<?>) c).label = 8;
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Weft.run(c));
            assertTrue(e.getMessage().contains("Condition.waitFor resumed at unknown label 8"), e.getMessage());
        }
        assertFalse(cond.locked());
    }
}
