package dev.weft.it.asyncio;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.Task;
import dev.weft.TaskGroup;
import dev.weft.Weft;
import dev.weft.sync.Lock;
import dev.weft.sync.Semaphore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static dev.weft.Weft.await;
import static dev.weft.it.asyncio.ApiPort.ms;
import static dev.weft.it.asyncio.ApiPort.runVirtual;
import static dev.weft.it.asyncio.ApiPort.sleep0;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The order in which a semaphore and a lock serve their waiters, as CPython pins it: test_locks.py's
 * SemaphoreTests test_acquire_fifo_order, _2 and _3 and test_acquire, and LockTests test_acquire. The point
 * they share: a waiter that was served (handed a permit, or the lock) but whose task has not resumed yet still
 * counts as ahead of every newcomer, the task that released included. {@code asyncio.sleep(0.01)} runs on a
 * virtual clock.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a broken primitive deadlocks
class SemaphoreFifoPortTest {

    @Async
    static Coroutine<Void> twice(Semaphore sem, String tag, List<String> result) {
        await(sem.acquire());
        result.add(tag + "_1");
        await(Weft.sleep(ms(10)));
        sem.release();

        await(sem.acquire());
        result.add(tag + "_2");
        await(Weft.sleep(ms(10)));
        sem.release();
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> spawnThree(TaskGroup tg, Semaphore sem, List<String> result) {
        tg.spawn(twice(sem, "c1", result));
        tg.spawn(twice(sem, "c2", result));
        tg.spawn(twice(sem, "c3", result));
        return Coroutine.done();
    }

    @Async
    static Coroutine<List<String>> acquireFifoOrder() {
        Semaphore sem = new Semaphore(1);
        List<String> result = new ArrayList<>();
        await(Weft.taskGroup(tg -> spawnThree(tg, sem, result)));
        return Coroutine.of(result);
    }

    @Test
    void test_acquire_fifo_order() {
        assertEquals(List.of("c1_1", "c2_1", "c3_1", "c1_2", "c2_2", "c3_2"), runVirtual(acquireFifoOrder()));
    }

    @Async
    static Coroutine<Boolean> appendAfterAcquire(Semaphore sem, List<Integer> result, int tag) {
        await(sem.acquire());
        result.add(tag);
        return Coroutine.of(true);
    }

    @Async
    static Coroutine<Boolean> releaseAndAcquireAgain(Semaphore sem, List<Integer> result) {
        await(sem.acquire());
        result.add(2);
        sem.release();
        await(sem.acquire());
        result.add(4);
        return Coroutine.of(true);
    }

    @Async
    static Coroutine<List<Integer>> acquireFifoOrder2() {
        Semaphore sem = new Semaphore(1);
        List<Integer> result = new ArrayList<>();
        Task<Boolean> t1 = Weft.spawn(appendAfterAcquire(sem, result, 1));
        Task<Boolean> t2 = Weft.spawn(releaseAndAcquireAgain(sem, result));
        Task<Boolean> t3 = Weft.spawn(appendAfterAcquire(sem, result, 3));
        await(sleep0());
        sem.release();
        sem.release();
        await(Weft.gather(t1, t2, t3));
        return Coroutine.of(result);
    }

    @Test
    void test_acquire_fifo_order_2() {
        // c2 releases and acquires again while c3 was served but has not run yet: c2 waits behind c3
        assertEquals(List.of(1, 2, 3, 4), Weft.run(acquireFifoOrder2()));
    }

    @Async
    static Coroutine<List<Integer>> acquireFifoOrder3() {
        Semaphore sem = new Semaphore(0);
        List<Integer> result = new ArrayList<>();
        Task<Boolean> t1 = Weft.spawn(appendAfterAcquire(sem, result, 1));
        Task<Boolean> t2 = Weft.spawn(appendAfterAcquire(sem, result, 2));
        Task<Boolean> t3 = Weft.spawn(appendAfterAcquire(sem, result, 3));
        await(sleep0());
        t1.cancel();
        await(sleep0());
        sem.release();
        sem.release();
        await(Weft.gatherSettled(t1, t2, t3));
        return Coroutine.of(result);
    }

    @Test
    void test_acquire_fifo_order_3() {
        assertEquals(List.of(2, 3), Weft.run(acquireFifoOrder3()));
    }

    @Async
    static Coroutine<Void> semaphoreAcquire() {
        Semaphore sem = new Semaphore(3);
        List<Integer> result = new ArrayList<>();
        await(sem.acquire());
        await(sem.acquire());
        assertFalse(sem.locked());

        Task<Boolean> t1 = Weft.spawn(appendAfterAcquire(sem, result, 1));
        Task<Boolean> t2 = Weft.spawn(appendAfterAcquire(sem, result, 2));
        Task<Boolean> t3 = Weft.spawn(appendAfterAcquire(sem, result, 3));
        await(sleep0());
        assertEquals(List.of(1), result);
        assertTrue(sem.locked());
        assertTrue(sem.toString().contains("waiters:2"), sem.toString());
        assertEquals(0, sem.value());

        Task<Boolean> t4 = Weft.spawn(appendAfterAcquire(sem, result, 4));
        sem.release();
        sem.release();
        assertEquals(0, sem.value());

        await(sleep0());
        assertEquals(0, sem.value());
        assertEquals(3, result.size());
        assertTrue(sem.locked());
        assertTrue(sem.toString().contains("waiters:1"), sem.toString());
        assertEquals(0, sem.value());

        assertTrue(t1.isDone());
        assertTrue(t1.result());
        int done = 0;
        for (Task<Boolean> t : List.of(t2, t3, t4)) {
            if (t.isDone() && t.result()) {
                done++;
            }
        }
        assertEquals(2, done);
        // (asyncio leaves open which two of t2, t3, t4; here it is the two that waited first)
        assertTrue(t2.isDone() && t3.isDone() && !t4.isDone());

        // cleanup locked semaphore
        sem.release();
        await(Weft.gather(t2, t3, t4));
        return Coroutine.done();
    }

    @Test
    void test_acquire_semaphore() {
        Weft.run(semaphoreAcquire());
    }

    @Async
    static Coroutine<Boolean> lockThenAppend(Lock lock, List<Integer> result, int tag) {
        await(lock.acquire());
        result.add(tag);
        return Coroutine.of(true);
    }

    @Async
    static Coroutine<List<Integer>> lockAcquire() {
        Lock lock = new Lock();
        List<Integer> result = new ArrayList<>();
        await(lock.acquire());

        Task<Boolean> t1 = Weft.spawn(lockThenAppend(lock, result, 1));
        Task<Boolean> t2 = Weft.spawn(lockThenAppend(lock, result, 2));
        await(sleep0());
        assertEquals(List.of(), result);

        lock.release();
        await(sleep0());
        assertEquals(List.of(1), result);
        await(sleep0());
        assertEquals(List.of(1), result);

        Task<Boolean> t3 = Weft.spawn(lockThenAppend(lock, result, 3));
        lock.release();
        await(sleep0());
        assertEquals(List.of(1, 2), result);

        lock.release();
        await(sleep0());
        assertEquals(List.of(1, 2, 3), result);

        assertTrue(t1.isDone() && t1.result());
        assertTrue(t2.isDone() && t2.result());
        assertTrue(t3.isDone() && t3.result());
        return Coroutine.of(result);
    }

    @Test
    void test_acquire_lock() {
        assertEquals(List.of(1, 2, 3), Weft.run(lockAcquire()));
    }
}
