package dev.weft.it.sync;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.sync.Condition;
import dev.weft.Coroutine;
import dev.weft.sync.Lock;
import dev.weft.sync.Queue;
import dev.weft.sync.Semaphore;
import dev.weft.Task;
import dev.weft.Weft;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;

import static dev.weft.Weft.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Many tasks using one primitive while the main task cancels random ones at random moments, often right after
 * its own release/get/put handed something to a waiter, in the same step. Afterwards the invariants must hold:
 * mutual exclusion was never violated, permits and items are conserved, nothing is left waiting, join() completes.
 * Deterministic: one fixed seed per run.
 */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a broken primitive deadlocks
class RandomCancellationTest {
    private static final int SEEDS = 25;

    @Async
    static Coroutine<Void> yieldSome(Random r) {
        int n = r.nextInt(3);
        for (int i = 0; i < n; i++) {
            await(Weft.sleep(Duration.ZERO));
        }
        return Coroutine.done();
    }

    static <T> Task<T> pick(Random r, List<Task<T>> tasks) {
        List<Task<T>> live = new ArrayList<>();
        for (Task<T> t : tasks) {
            if (!t.isDone()) {
                live.add(t);
            }
        }
        return live.isEmpty() ? null : live.get(r.nextInt(live.size()));
    }

    // ---------------------------------------------------------------- lock and semaphore

    /** Enters the critical section {@code rounds} times; {@code inside[0]} counts who is in, {@code inside[1]} the maximum. */
    @Async
    static Coroutine<Void> worker(Lock lock, Semaphore sem, int[] inside, Random r, int rounds) {
        for (int i = 0; i < rounds; i++) {
            await(lock != null ? lock.acquire() : sem.acquire());
            try {
                inside[0]++;
                inside[1] = Math.max(inside[1], inside[0]);
                await(yieldSome(r));
            } finally {
                inside[0]--;
                if (lock != null) {
                    lock.release();
                } else {
                    sem.release();
                }
            }
            await(yieldSome(r));
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<int[]> exclusion(long seed, boolean useLock) {
        Random r = new Random(seed);
        Lock lock = useLock ? new Lock() : null;
        Semaphore sem = useLock ? null : new Semaphore(3);
        int[] inside = new int[2];
        List<Task<Void>> workers = new ArrayList<>();
        int cancelled = 0;
        for (int i = 0; i < 8; i++) {
            workers.add(Weft.spawn(worker(lock, sem, inside, r, 20)));
        }
        while (pick(r, workers) != null) {
            int action = r.nextInt(10);
            if (action < 2) {
                Task<Void> t = pick(r, workers);
                if (t != null && t.cancel()) {
                    cancelled++;
                }
            } else if (action < 4 && (useLock ? !lock.locked() : !sem.locked())) {
                // take it ourselves, then release it and cancel somebody in the same step:
                // often the one it was just handed to
                await(useLock ? lock.acquire() : sem.acquire());
                if (useLock) {
                    lock.release();
                } else {
                    sem.release();
                }
                Task<Void> t = pick(r, workers);
                if (t != null && t.cancel()) {
                    cancelled++;
                }
            }
            await(Weft.sleep(Duration.ZERO));
        }
        for (Task<Void> t : workers) {
            String outcome = await(Sync.outcome(t));
            assertTrue(outcome.equals("value null") || outcome.equals("cancelled"), outcome);
        }
        assertEquals(0, inside[0]);
        if (useLock) {
            assertEquals("Lock[unlocked, waiters:0]", lock.toString());
        } else {
            assertEquals(3, sem.value(), "permits conserved");
            assertTrue(sem.toString().endsWith("waiters:0]"), sem.toString());
        }
        return Coroutine.of(new int[] {inside[1], cancelled});
    }

    @Test
    void aLockStaysExclusiveAndEndsUnlockedUnderRandomCancellation() {
        int cancelled = 0;
        for (long seed = 0; seed < SEEDS; seed++) {
            int[] result = Weft.run(exclusion(seed, true));
            assertEquals(1, result[0], "seed " + seed + ": two tasks held the lock at once");
            cancelled += result[1];
        }
        assertTrue(cancelled > SEEDS, "the runs did cancel tasks: " + cancelled);
    }

    @Test
    void aSemaphoreNeverOverCommitsAndConservesItsPermitsUnderRandomCancellation() {
        for (long seed = 0; seed < SEEDS; seed++) {
            int[] result = Weft.run(exclusion(seed, false));
            assertTrue(result[0] <= 3 && result[0] >= 1, "seed " + seed + ": max holders " + result[0]);
        }
    }

    // ---------------------------------------------------------------- queue

    @Async
    static Coroutine<Void> producer(Queue<Integer> q, int id, int count, List<Integer> putOk, Random r) {
        for (int i = 0; i < count; i++) {
            int item = id * 1000 + i;
            await(q.put(item));
            putOk.add(item); // no await in between: recorded iff the put took effect
            await(yieldSome(r));
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> consumer(Queue<Integer> q, List<Integer> got, Random r) {
        for (;;) {
            Integer item = await(q.get());
            got.add(item); // no await in between: recorded iff the get took effect
            q.taskDone();
            await(yieldSome(r));
        }
    }

    @Async
    static Coroutine<int[]> queueRun(long seed, int maxSize) {
        Random r = new Random(seed);
        Queue<Integer> q = new Queue<>(maxSize);
        List<Integer> putOk = new ArrayList<>();
        List<Integer> got = new ArrayList<>();
        List<Task<Void>> producers = new ArrayList<>();
        List<Task<Void>> consumers = new ArrayList<>();
        int cancelled = 0;
        for (int i = 0; i < 5; i++) {
            producers.add(Weft.spawn(producer(q, i + 1, 30, putOk, r)));
        }
        for (int i = 0; i < 4; i++) {
            consumers.add(Weft.spawn(consumer(q, got, r)));
        }
        int extra = 100;
        while (pick(r, producers) != null) {
            int action = r.nextInt(12);
            Task<Void> victim = null;
            if (action == 0) {
                victim = pick(r, producers);
            } else if (action < 3) {
                victim = pick(r, consumers);
                consumers.add(Weft.spawn(consumer(q, got, r)));
            } else if (action < 5 && !q.empty()) {
                got.add(q.getNowait()); // may reserve a slot for a waiting producer ...
                q.taskDone();
                victim = pick(r, producers); // ... which may be the one cancelled now
            } else if (action < 7 && !q.full()) {
                int item = extra++;
                q.putNowait(item); // may hand the item to a waiting consumer ...
                putOk.add(item);
                victim = pick(r, consumers); // ... which may be the one cancelled now
                if (victim != null) {
                    consumers.add(Weft.spawn(consumer(q, got, r)));
                }
            }
            if (victim != null && victim.cancel()) {
                cancelled++;
            }
            await(Weft.sleep(Duration.ZERO));
        }
        await(Sync.until(() -> q.toString().contains("putters:0")));
        await(Sync.pass(5));
        for (Task<Void> c : consumers) {
            c.cancel();
        }
        for (Task<Void> c : consumers) {
            assertEquals("cancelled", await(Sync.outcome(c)));
        }
        for (Task<Void> p : producers) {
            String outcome = await(Sync.outcome(p));
            assertTrue(outcome.equals("value null") || outcome.equals("cancelled"), outcome);
        }
        List<Integer> drained = new ArrayList<>();
        while (!q.empty()) {
            drained.add(q.getNowait());
            q.taskDone();
        }
        await(q.join());
        assertTrue(q.toString().contains("getters:0, putters:0, unfinished=0"), q.toString());
        List<Integer> out = new ArrayList<>(got);
        out.addAll(drained);
        assertEquals(out.size(), new HashSet<>(out).size(), "seed " + seed + ": an item came out twice");
        List<Integer> in = new ArrayList<>(putOk);
        Collections.sort(in);
        Collections.sort(out);
        assertEquals(in, out, "seed " + seed + ": items lost or invented");
        return Coroutine.of(new int[] {in.size(), cancelled});
    }

    @Test
    void aBoundedQueueLosesAndDuplicatesNothingUnderRandomCancellation() {
        int cancelled = 0;
        for (long seed = 0; seed < SEEDS; seed++) {
            cancelled += Weft.run(queueRun(seed, 3))[1];
        }
        assertTrue(cancelled > SEEDS, "the runs did cancel tasks: " + cancelled);
    }

    @Test
    void anUnboundedQueueLosesAndDuplicatesNothingUnderRandomCancellation() {
        for (long seed = 0; seed < SEEDS; seed++) {
            Weft.run(queueRun(seed, 0));
        }
    }

    // ---------------------------------------------------------------- condition

    @Async
    static Coroutine<Void> condConsumer(Condition cond, List<Integer> items, List<Integer> got, Random r) {
        for (;;) {
            await(cond.acquire());
            try {
                await(cond.waitFor(() -> !items.isEmpty()));
                assertTrue(cond.locked());
                got.add(items.remove(0));
            } catch (CancelledException e) {
                assertTrue(cond.locked(), "cancelled wait returns holding the lock");
                throw e;
            } finally {
                cond.release();
            }
            await(yieldSome(r));
        }
    }

    @Async
    static Coroutine<Integer> conditionRun(long seed) {
        Random r = new Random(seed);
        Condition cond = new Condition();
        List<Integer> items = new ArrayList<>();
        List<Integer> got = new ArrayList<>();
        List<Task<Void>> consumers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            consumers.add(Weft.spawn(condConsumer(cond, items, got, r)));
        }
        int produced = 0;
        for (int step = 0; step < 300; step++) {
            int action = r.nextInt(10);
            if (action < 4) {
                await(cond.acquire());
                items.add(produced++);
                if (r.nextBoolean()) {
                    cond.notifyOne();
                } else {
                    cond.notify(1 + r.nextInt(3));
                }
                Task<Void> victim = r.nextInt(3) == 0 ? pick(r, consumers) : null;
                if (victim != null) {
                    victim.cancel(); // possibly just notified, before it resumed
                    consumers.add(Weft.spawn(condConsumer(cond, items, got, r)));
                }
                await(yieldSome(r)); // holding the lock: woken consumers queue for it
                cond.release();
            } else if (action == 4) {
                Task<Void> victim = pick(r, consumers);
                if (victim != null) {
                    victim.cancel();
                    consumers.add(Weft.spawn(condConsumer(cond, items, got, r)));
                }
            }
            await(Weft.sleep(Duration.ZERO));
        }
        // wake everybody until all items are consumed
        await(Sync.pass(5));
        while (true) {
            await(cond.acquire());
            boolean empty = items.isEmpty();
            cond.notifyAllWaiters();
            cond.release();
            if (empty) {
                break;
            }
            await(Sync.pass(3));
        }
        for (Task<Void> c : consumers) {
            c.cancel();
        }
        for (Task<Void> c : consumers) {
            assertEquals("cancelled", await(Sync.outcome(c)));
        }
        assertEquals("Condition[unlocked, waiters:0]", cond.toString());
        assertEquals("Lock[unlocked, waiters:0]", cond.lock().toString());
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < produced; i++) {
            expected.add(i);
        }
        List<Integer> out = new ArrayList<>(got);
        out.addAll(items);
        Collections.sort(out);
        assertEquals(expected, out, "seed " + seed);
        return Coroutine.of(produced);
    }

    @Test
    void aConditionAlwaysReturnsWithTheLockAndLosesNoNotifiedItemUnderRandomCancellation() {
        for (long seed = 0; seed < SEEDS; seed++) {
            assertTrue(Weft.run(conditionRun(seed)) > 50);
        }
    }
}
