package dev.weft.it.asyncio;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.EventLoop;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.sync.BoundedSemaphore;
import dev.weft.sync.Semaphore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.weft.Weft.await;
import static dev.weft.it.asyncio.AsyncioPort.ms;
import static dev.weft.it.asyncio.AsyncioPort.outcome;
import static dev.weft.it.asyncio.AsyncioPort.run;
import static org.junit.jupiter.api.Assertions.*;

/**
 * CPython's {@code Lib/test/test_asyncio/test_locks.py} (3.13), SemaphoreTests, ported to {@link Semaphore} and
 * {@link BoundedSemaphore}. {@code sem._value} is {@link Semaphore#value()}; the waiter count is read from
 * {@code toString()}. A negative initial value is an {@link IllegalArgumentException} (asyncio: ValueError), a
 * release too many of a BoundedSemaphore an {@link IllegalStateException} (documented there).
 *
 * <p>Not ported: test_repr (repr strings); test_semaphore (awaiting the semaphore object itself, a compile error in
 * Java); test_acquire_fifo_order, _2, _3, _4 (another helper owns them).
 */
@org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class LocksSemaphorePortTest {

    /** test_initial_value_zero: a semaphore without permits is locked. */
    @Test
    void testInitialValueZero() {
        assertTrue(new Semaphore(0).locked());
    }

    /** test_semaphore_value: a negative initial value is refused. */
    @Test
    void testSemaphoreValue() {
        assertThrows(IllegalArgumentException.class, () -> new Semaphore(-1));
    }

    @Async
    static Coroutine<Boolean> acquireAndRecord(Semaphore sem, List<Integer> result, int n) {
        await(sem.acquire());
        result.add(n);
        return Coroutine.of(true);
    }

    @Async
    static Coroutine<Void> semaphoreAcquire() {
        Semaphore sem = new Semaphore(3);
        List<Integer> result = new ArrayList<>();
        await(sem.acquire());
        await(sem.acquire());
        assertFalse(sem.locked());
        Task<Boolean> t1 = Weft.spawn(acquireAndRecord(sem, result, 1));
        Task<Boolean> t2 = Weft.spawn(acquireAndRecord(sem, result, 2));
        Task<Boolean> t3 = Weft.spawn(acquireAndRecord(sem, result, 3));
        await(Weft.sleep(Duration.ZERO));
        assertEquals(List.of(1), result);
        assertTrue(sem.locked());
        assertTrue(sem.toString().contains("waiters:2"), sem.toString());
        assertEquals(0, sem.value());

        Task<Boolean> t4 = Weft.spawn(acquireAndRecord(sem, result, 4));
        sem.release();
        sem.release();
        assertEquals(0, sem.value());

        await(Weft.sleep(Duration.ZERO));
        assertEquals(0, sem.value());
        assertEquals(3, result.size());
        assertTrue(sem.locked());
        assertTrue(sem.toString().contains("waiters:1"), sem.toString());
        assertEquals(0, sem.value());

        assertTrue(t1.isDone());
        assertTrue(t1.result());
        List<Task<Boolean>> raceTasks = List.of(t2, t3, t4);
        assertEquals(2, raceTasks.stream().filter(t -> t.isDone() && t.result()).count());

        sem.release(); // clean up the locked semaphore
        await(Weft.gather(raceTasks));
        return Coroutine.done();
    }

    /** test_acquire: permits go to waiters as they are released. */
    @Test
    void testAcquire() {
        run(semaphoreAcquire());
    }

    @Async
    static Coroutine<Void> acquireCancel() {
        Semaphore sem = new Semaphore();
        await(sem.acquire());
        Task<Void> acquire = Weft.spawn(sem.acquire());
        EventLoop.current().callSoon(acquire::cancel);
        assertEquals("cancelled", await(outcome(acquire)));
        assertTrue(sem.toString().contains("waiters:0"), sem.toString());
        return Coroutine.done();
    }

    /** test_acquire_cancel: a cancelled acquire leaves no waiter behind. */
    @Test
    void testAcquireCancel() {
        run(acquireCancel());
    }

    @Async
    static Coroutine<Void> acquireCancelBeforeAwoken() {
        Semaphore sem = new Semaphore(0);
        Task<Void> t1 = Weft.spawn(sem.acquire());
        Task<Void> t2 = Weft.spawn(sem.acquire());
        Task<Void> t3 = Weft.spawn(sem.acquire());
        Task<Void> t4 = Weft.spawn(sem.acquire());
        await(Weft.sleep(Duration.ZERO));
        t1.cancel();
        t2.cancel();
        sem.release();
        await(Weft.sleep(Duration.ZERO));
        await(Weft.sleep(Duration.ZERO));
        assertEquals(1, List.of(t3, t4).stream().filter(Task::isDone).count());
        assertTrue(t3.isDone());
        assertFalse(t4.isDone());
        t3.cancel();
        t4.cancel();
        await(Weft.sleep(Duration.ZERO));
        return Coroutine.done();
    }

    /** test_acquire_cancel_before_awoken: cancelled waiters do not take the released permit. */
    @Test
    void testAcquireCancelBeforeAwoken() {
        run(acquireCancelBeforeAwoken());
    }

    @Async
    static Coroutine<Void> acquireHang() {
        Semaphore sem = new Semaphore(0);
        Task<Void> t1 = Weft.spawn(sem.acquire());
        Task<Void> t2 = Weft.spawn(sem.acquire());
        await(Weft.sleep(Duration.ZERO));
        t1.cancel();
        sem.release();
        await(Weft.sleep(Duration.ZERO));
        await(Weft.sleep(Duration.ZERO));
        assertTrue(sem.locked());
        assertTrue(t2.isDone());
        return Coroutine.done();
    }

    /** test_acquire_hang: the permit released after the first waiter's cancellation goes to the second. */
    @Test
    void testAcquireHang() {
        run(acquireHang());
    }

    @Async
    static Coroutine<Void> c1(Semaphore sem, Task<?>[] t2) {
        await(sem.acquire());
        try {
            await(Weft.sleep(Duration.ZERO));
        } finally {
            sem.release();
        }
        t2[0].cancel();
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> c2(Semaphore sem) {
        await(sem.acquire());
        try {
            fail("c2 must not get the permit");
        } finally {
            sem.release();
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> acquireNoHang() {
        Semaphore sem = new Semaphore(1);
        Task<?>[] t2 = {null};
        Task<Void> t1 = Weft.spawn(c1(sem, t2));
        t2[0] = Weft.spawn(c2(sem));
        List<Object> r = await(Weft.gatherSettled(t1, t2[0]));
        assertNull(r.get(0));
        assertInstanceOf(dev.weft.CancelledException.class, r.get(1));
        await(Weft.waitFor(sem.acquire(), ms(1000)));
        return Coroutine.done();
    }

    /** test_acquire_no_hang: a waiter cancelled right after it was handed the permit gives it back. */
    @Test
    void testAcquireNoHang() {
        run(acquireNoHang());
    }

    /** test_release_not_acquired: a BoundedSemaphore refuses a release too many. */
    @Test
    void testReleaseNotAcquired() {
        assertThrows(IllegalStateException.class, new BoundedSemaphore()::release);
    }

    @Async
    static Coroutine<Void> releaseNoWaiters() {
        Semaphore sem = new Semaphore();
        await(sem.acquire());
        assertTrue(sem.locked());
        sem.release();
        assertFalse(sem.locked());
        return Coroutine.done();
    }

    /** test_release_no_waiters: release gives the permit back. */
    @Test
    void testReleaseNoWaiters() {
        run(releaseNoWaiters());
    }
}
