package dev.weft.it.sync;

import dev.weft.Async;
import dev.weft.sync.Condition;
import dev.weft.Coroutine;
import dev.weft.sync.Lock;
import dev.weft.sync.Queue;
import dev.weft.Task;
import dev.weft.Timeout;
import dev.weft.TimeoutExpiredException;
import dev.weft.Weft;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout.ThreadMode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.weft.Weft.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The primitives' waits under {@link Timeout}: the timeout's cancellation withdraws the waiter like any other, and
 * a Condition wait that times out still re-acquires its lock first (the scope sees the cancellation on its way
 * out in the wait's frame and does not cancel the re-acquire again).
 */
@org.junit.jupiter.api.Timeout(value = 10, threadMode = ThreadMode.SEPARATE_THREAD) // a broken primitive deadlocks
class TimeoutInteropTest {

    @Async
    static Coroutine<Void> holdFor(Lock lock, Duration d) {
        await(lock.acquire());
        try {
            await(Weft.sleep(d));
        } finally {
            lock.release();
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<List<String>> lockTimeout() {
        Lock lock = new Lock();
        List<String> log = new ArrayList<>();
        Task<Void> holder = Weft.spawn(holdFor(lock, Duration.ofMillis(30)));
        await(Sync.until(lock::locked));
        log.add(await(Sync.outcome(Timeout.timeout(Duration.ofMillis(2), lock.acquire()))));
        assertEquals("Lock[locked, waiters:0]", lock.toString(), "the timed-out waiter left the queue");
        await(holder);
        assertFalse(lock.locked());
        await(Timeout.timeout(Duration.ofMillis(50), lock.acquire())); // free: no timeout
        lock.release();
        return Coroutine.of(log);
    }

    @Test
    void aTimedOutAcquireLeavesNoWaiter() {
        assertEquals(List.of("TimeoutExpiredException"), Weft.run(lockTimeout()));
    }

    @Async
    static Coroutine<List<String>> getTimeout() {
        Queue<String> q = new Queue<>();
        List<String> log = new ArrayList<>();
        log.add(await(Sync.outcome(Timeout.timeout(Duration.ofMillis(2), q.get()))));
        q.putNowait("x");
        assertEquals(1, q.size(), "the item was not handed to the timed-out getter");
        log.add(await(Sync.outcome(Timeout.waitFor(q.get(), Duration.ofMillis(50)))));
        return Coroutine.of(log);
    }

    @Test
    void aTimedOutGetLeavesNoGetterAndTakesNoItem() {
        assertEquals(List.of("TimeoutExpiredException", "value x"), Weft.run(getTimeout()));
    }

    @Async
    static Coroutine<String> timedWaiter(Condition cond, List<String> log) {
        await(cond.acquire());
        try {
            await(Timeout.timeout(Duration.ofMillis(2), cond.waitFor()));
            log.add("notified");
        } catch (TimeoutExpiredException e) {
            log.add("timed out, locked=" + cond.locked());
        } finally {
            cond.release();
        }
        return Coroutine.of("done");
    }

    @Async
    static Coroutine<List<String>> conditionTimeout() {
        Condition cond = new Condition();
        List<String> log = new ArrayList<>();
        Task<String> w = Weft.spawn(timedWaiter(cond, log));
        await(Sync.until(() -> cond.toString().contains("waiters:1")));
        await(cond.acquire());                       // main holds the lock past W's deadline
        await(Weft.sleep(Duration.ofMillis(20)));
        assertFalse(w.isDone(), "W cannot leave its wait without the lock");
        assertEquals("Lock[locked, waiters:1]", cond.lock().toString());
        log.add("main releases");
        cond.release();
        log.add("W: " + await(Sync.outcome(w)));
        assertEquals("Condition[unlocked, waiters:0]", cond.toString());
        return Coroutine.of(log);
    }

    @Test
    void aConditionWaitThatTimesOutReacquiresTheLockBeforeTheTimeoutIsThrown() {
        assertEquals(List.of("main releases", "timed out, locked=true", "W: value done"),
                Weft.run(conditionTimeout()));
    }
}
