package dev.weft.it.sync;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.sync.Condition;
import dev.weft.Coroutine;
import dev.weft.sync.Lock;
import dev.weft.Task;
import dev.weft.Weft;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static dev.weft.Weft.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * dev.weft.sync.Condition through woven code: FIFO notification, misuse, predicates, and the lock re-acquired before
 * a cancellation propagates, whenever it arrives.
 */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a broken primitive deadlocks
class ConditionTest {

    /** Takes the lock, waits once, logs whether it holds the lock when woken or cancelled, releases. */
    @Async
    static Coroutine<String> waiter(Condition cond, String name, List<String> log) {
        await(cond.acquire());
        try {
            log.add(name + " waits");
            await(cond.waitFor());
            log.add(name + " woke, locked=" + cond.locked());
        } catch (CancelledException e) {
            log.add(name + " cancelled (" + e.getMessage() + "), locked=" + cond.locked());
            throw e;
        } finally {
            cond.release();
        }
        return Coroutine.of(name);
    }

    @Async
    static Coroutine<List<String>> notifyInOrder() {
        Condition cond = new Condition();
        List<String> log = new ArrayList<>();
        List<Task<String>> tasks = new ArrayList<>();
        for (String name : List.of("A", "B", "C", "D")) {
            tasks.add(Weft.spawn(waiter(cond, name, log)));
        }
        await(Sync.until(() -> cond.toString().contains("waiters:4")));
        await(cond.acquire());
        cond.notifyOne();
        cond.release();
        await(tasks.get(0));
        await(cond.acquire());
        cond.notify(2);
        log.add("main notified 2");
        cond.release();
        await(tasks.get(2));
        await(cond.acquire());
        cond.notifyAllWaiters();
        cond.notifyAllWaiters(); // nobody left: harmless
        cond.release();
        await(tasks.get(3));
        assertEquals("Condition[unlocked, waiters:0]", cond.toString());
        return Coroutine.of(log);
    }

    @Test
    void notifyWakesWaitersInFifoOrderAndEachWakesHoldingTheLock() {
        assertEquals(List.of("A waits", "B waits", "C waits", "D waits", "A woke, locked=true", "main notified 2",
                "B woke, locked=true", "C woke, locked=true", "D woke, locked=true"), Weft.run(notifyInOrder()));
    }

    @Async
    static Coroutine<Void> waitWithoutLock(Condition cond) {
        await(cond.waitFor());
        return Coroutine.done();
    }

    @Test
    void waitingOrNotifyingWithoutTheLockIsAnError() {
        Condition cond = new Condition();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Weft.run(waitWithoutLock(cond)));
        assertTrue(e.getMessage().contains("without holding the lock"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> cond.notify(1));
        assertThrows(IllegalStateException.class, cond::notifyAllWaiters);
        assertFalse(cond.locked());
    }

    @Async
    static Coroutine<List<String>> predicate() {
        Lock lock = new Lock();
        Condition cond = new Condition(lock);
        assertSame(lock, cond.lock());
        List<Integer> items = new ArrayList<>();
        List<String> log = new ArrayList<>();
        Task<String> consumer = Weft.spawn(consume(cond, items, log));
        for (int i = 1; i <= 3; i++) {
            await(Sync.until(() -> cond.toString().contains("waiters:1")));
            await(lock.acquire());
            items.add(i);
            log.add("put " + i);
            cond.notifyAllWaiters();
            lock.release();
        }
        log.add(await(consumer));
        // already true: completes at once, without waiting
        await(cond.acquire());
        await(cond.waitFor(() -> true));
        cond.release();
        return Coroutine.of(log);
    }

    @Async
    static Coroutine<String> consume(Condition cond, List<Integer> items, List<String> log) {
        await(cond.acquire());
        try {
            await(cond.waitFor(() -> items.size() >= 3));
            return Coroutine.of("consumer saw " + items + ", locked=" + cond.locked());
        } finally {
            cond.release();
        }
    }

    @Test
    void waitForAPredicateWaitsUntilItHolds() {
        assertEquals(List.of("put 1", "put 2", "put 3", "consumer saw [1, 2, 3], locked=true"), Weft.run(predicate()));
    }

    // ---------------------------------------------------------------- cancellation

    @Async
    static Coroutine<List<String>> cancelWhileWaitingForNotification() {
        Condition cond = new Condition();
        List<String> log = new ArrayList<>();
        Task<String> a = Weft.spawn(waiter(cond, "A", log));
        await(Sync.until(() -> cond.toString().contains("waiters:1")));
        await(cond.acquire());
        a.cancel("stop");
        // A must not get past its wait while main holds the lock
        await(Sync.pass(5));
        assertFalse(a.isDone());
        log.add("main releases");
        cond.release();
        log.add("A: " + await(Sync.outcome(a)));
        assertEquals("Condition[unlocked, waiters:0]", cond.toString());
        return Coroutine.of(log);
    }

    @Test
    void aWaiterCancelledWhileWaitingReacquiresTheLockBeforeTheCancellationPropagates() {
        assertEquals(List.of("A waits", "main releases", "A cancelled (stop), locked=true", "A: cancelled"),
                Weft.run(cancelWhileWaitingForNotification()));
    }

    @Async
    static Coroutine<List<String>> cancelAfterNotification(int cancelled) {
        Condition cond = new Condition();
        List<String> log = new ArrayList<>();
        Task<String> a = Weft.spawn(waiter(cond, "A", log));
        Task<String> b = Weft.spawn(waiter(cond, "B", log));
        Task<String> c = Weft.spawn(waiter(cond, "C", log));
        await(Sync.until(() -> cond.toString().contains("waiters:3")));
        await(cond.acquire());
        cond.notify(cancelled); // A (and B) notified ...
        a.cancel("a");          // ... and cancelled before they resumed: the notifications pass on
        if (cancelled == 2) {
            b.cancel("b");
        }
        cond.release();
        log.add("A: " + await(Sync.outcome(a)));
        // whoever is left is still waiting: wake everybody
        await(cond.acquire());
        cond.notifyAllWaiters();
        cond.release();
        log.add("B: " + await(Sync.outcome(b)));
        log.add("C: " + await(Sync.outcome(c)));
        assertEquals("Condition[unlocked, waiters:0]", cond.toString());
        return Coroutine.of(log);
    }

    @Test
    void aNotificationOfAWaiterCancelledBeforeItResumedPassesToTheNextWaiter() {
        assertEquals(List.of("A waits", "B waits", "C waits", "A cancelled (a), locked=true", "B woke, locked=true",
                "A: cancelled", "B: value B", "C woke, locked=true", "C: value C"),
                Weft.run(cancelAfterNotification(1)));
    }

    @Test
    void twoNotifiedWaitersCancelledInARowPassTheNotificationOnTwice() {
        assertEquals(List.of("A waits", "B waits", "C waits", "A cancelled (a), locked=true",
                "B cancelled (b), locked=true", "C woke, locked=true", "A: cancelled", "B: cancelled", "C: value C"), Weft.run(cancelAfterNotification(2)));
    }

    @Async
    static Coroutine<List<String>> cancelWhileReacquiring(boolean twice) {
        Condition cond = new Condition();
        List<String> log = new ArrayList<>();
        Task<String> a = Weft.spawn(waiter(cond, "A", log));
        await(Sync.until(() -> cond.toString().contains("waiters:1")));
        await(cond.acquire());
        if (twice) {
            a.cancel("first");        // while waiting for the notification
            await(Sync.pass(3));      // A now waits to re-acquire the lock main holds
        } else {
            cond.notifyOne();         // A is notified, and waits to re-acquire the lock main holds
            await(Sync.pass(3));
        }
        assertTrue(cond.lock().toString().contains("waiters:1"), cond.lock().toString());
        a.cancel(twice ? "second" : "only");
        await(Sync.pass(5));
        assertFalse(a.isDone(), "still waiting for the lock");
        assertTrue(cond.lock().toString().contains("waiters:1"), "kept its place: " + cond.lock());
        log.add("main releases");
        cond.release();
        log.add("A: " + await(Sync.outcome(a)));
        assertEquals("Lock[unlocked, waiters:0]", cond.lock().toString());
        return Coroutine.of(log);
    }

    @Test
    void aWaiterCancelledWhileReacquiringStillReacquires() {
        assertEquals(List.of("A waits", "main releases", "A cancelled (only), locked=true", "A: cancelled"),
                Weft.run(cancelWhileReacquiring(false)));
    }

    @Test
    void aWaiterCancelledTwiceReacquiresAndRethrowsTheMostRecentCancellation() {
        assertEquals(List.of("A waits", "main releases", "A cancelled (second), locked=true", "A: cancelled"),
                Weft.run(cancelWhileReacquiring(true)));
    }

    @Async
    static Coroutine<String> plainLocker(Lock lock, List<String> log) {
        await(lock.acquire());
        log.add("X got the lock");
        lock.release();
        return Coroutine.of("X");
    }

    @Async
    static Coroutine<List<String>> reacquireIsFair() {
        Lock lock = new Lock();
        Condition cond = new Condition(lock);
        List<String> log = new ArrayList<>();
        Task<String> a = Weft.spawn(waiter(cond, "A", log));
        await(Sync.until(() -> cond.toString().contains("waiters:1")));
        await(lock.acquire());
        Task<String> x = Weft.spawn(plainLocker(lock, log));
        await(Sync.until(() -> lock.toString().contains("waiters:1")));
        cond.notifyOne(); // A re-acquires behind X
        lock.release();
        await(a);
        await(x);
        return Coroutine.of(log);
    }

    @Test
    void reacquiringQueuesBehindTheLocksOtherWaiters() {
        assertEquals(List.of("A waits", "X got the lock", "A woke, locked=true"), Weft.run(reacquireIsFair()));
    }

    @Async
    static Coroutine<List<String>> cancelPredicateWait() {
        Condition cond = new Condition();
        List<String> log = new ArrayList<>();
        List<Integer> items = new ArrayList<>();
        Task<String> consumer = Weft.spawn(consume(cond, items, log));
        await(Sync.until(() -> cond.toString().contains("waiters:1")));
        await(cond.acquire());
        consumer.cancel();
        await(Sync.pass(3));
        assertFalse(consumer.isDone());
        cond.release();
        log.add(await(Sync.outcome(consumer)));
        assertEquals("Condition[unlocked, waiters:0]", cond.toString());
        return Coroutine.of(log);
    }

    @Test
    void cancellingAPredicateWaitReacquiresToo() {
        assertEquals(List.of("cancelled"), Weft.run(cancelPredicateWait()));
    }
}
