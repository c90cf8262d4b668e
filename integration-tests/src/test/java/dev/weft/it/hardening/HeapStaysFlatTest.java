package dev.weft.it.hardening;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Coroutine;
import dev.weft.EventLoop;
import dev.weft.ManualClock;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.TimeoutExpiredException;
import dev.weft.WaitMode;
import dev.weft.Weft;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.channels.Pipe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.weft.Weft.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * No timer, key or registration outlives its use: over a million cancelled sleeps, timeouts, readiness waits and
 * given-up waits in all (400,000 timeouts that end first; 150,000 each of cancelled sleeps, timeouts whose body
 * swallows the cancellation, sleeps awaited while a cancellation is pending, cancelled readiness waits, shielded
 * waits on a promise that outlives them, and first-completed waits beside a task that outlives them) leave the heap
 * where it was (before the fix each left an hour-long timer, the channel's selection key, or a callback on the
 * long-lived promise or task behind). Time is virtual, so an hour
 * costs nothing; the clock must end exactly where the test's own deadlines put it, which it would not if a forgotten
 * timer made it jump. Each cancellation makes exceptions with stack traces, which is what the time goes to.
 *
 * <p>Skipped in the JDK 25 pass of {@code .ci/run} ({@code -Dweft.unitTests.skip=true}): what it proves does not
 * depend on the JDK, and it is the longest test of the module.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class HeapStaysFlatTest {
    /** The size of the expensive phases; the cheap one (timeouts ending first) runs {@code 8 N / 3}. */
    private static final int N = Integer.getInteger("weft.heapFlat.iterations", 150_000);
    private static final long ALLOWED_GROWTH = 24L << 20;
    private static final Duration HOUR = Duration.ofHours(1);

    @Async
    static Coroutine<Void> sleepAnHour() {
        await(Weft.sleep(HOUR));
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> yieldOnce() {
        await(Weft.sleep(Duration.ZERO));
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> swallowsItsCancellation() {
        try {
            await(Weft.sleep(HOUR));
        } catch (CancelledException swallowed) {
            // a body that drops the timeout's cancellation; the scope cancels it again at its next await
        }
        await(Weft.sleep(HOUR));
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> cancelledSleeps(int n) {
        for (int i = 0; i < n; i++) {
            Task<Void> t = Weft.spawn(sleepAnHour());
            await(Weft.sleep(Duration.ZERO));
            t.cancel();
            try {
                await(t);
            } catch (CancelledException expected) {
                // the sleep was cancelled
            }
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> timeoutsEndingFirst(int n) {
        for (int i = 0; i < n; i++) {
            await(Weft.timeout(HOUR, yieldOnce()));
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> expiringTimeouts(int n) {
        for (int i = 0; i < n; i++) {
            try {
                await(Weft.timeout(Duration.ofMillis(1), swallowsItsCancellation()));
            } catch (TimeoutExpiredException expected) {
                // the deadline passed
            }
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> sleepsWhileCancelPending(int n) {
        for (int i = 0; i < n; i++) {
            Weft.currentTask().cancel();
            try {
                await(Weft.sleep(HOUR));
            } catch (CancelledException expected) {
                Weft.currentTask().uncancel();
            }
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> waitReadable(Pipe.SourceChannel source) {
        await(EventLoop.current().readable(source));
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> cancelledReadinessWaits(int n) throws IOException {
        Pipe pipe = Pipe.open();
        try {
            for (int i = 0; i < n; i++) {
                Task<Void> t = Weft.spawn(waitReadable(pipe.source()));
                await(Weft.sleep(Duration.ZERO));
                t.cancel();
                try {
                    await(t);
                } catch (CancelledException expected) {
                    // the wait was cancelled
                }
            }
        } finally {
            pipe.source().close();
            pipe.sink().close();
        }
        return Coroutine.done();
    }

    /** Shields a promise that outlives every wait, each wait given up by a timeout: no callback stays on it. */
    @Async
    static Coroutine<Void> shieldedWaitsOnALongLivedPromise(int n) {
        Promise<Void> longLived = new Promise<>();
        for (int i = 0; i < n; i++) {
            try {
                await(Weft.waitFor(Weft.shield(longLived), Duration.ofMillis(1)));
            } catch (TimeoutExpiredException expected) {
                // the shielded wait was given up; the promise lives on
            }
        }
        longLived.complete(null);
        return Coroutine.done();
    }

    /** waitAll returning at the first completion, again and again, beside a task that outlives every wait. */
    @Async
    static Coroutine<Void> firstCompletedBesideALongLivedTask(int n) {
        Promise<Void> never = new Promise<>();
        Task<Void> longLived = Weft.spawn(awaitPromise(never));
        Promise<String> done = new Promise<>();
        done.complete("at once");
        for (int i = 0; i < n; i++) {
            await(Weft.waitAll(List.of(longLived, done), WaitMode.FIRST_COMPLETED));
        }
        never.complete(null);
        await(longLived);
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> awaitPromise(Promise<Void> p) {
        await(p);
        return Coroutine.done();
    }

    @Async
    static Coroutine<List<Long>> allPhases() throws IOException {
        List<Long> growth = new ArrayList<>();
        await(cancelledSleeps(N / 10)); // warm up before the baseline
        long base = usedHeapAfterGc();
        await(cancelledSleeps(N));
        growth.add(usedHeapAfterGc() - base);
        await(timeoutsEndingFirst(N * 8 / 3));
        growth.add(usedHeapAfterGc() - base);
        long before = EventLoop.current().nanoTime();
        await(expiringTimeouts(N));
        long expiringTook = EventLoop.current().nanoTime() - before;
        growth.add(usedHeapAfterGc() - base);
        await(sleepsWhileCancelPending(N));
        growth.add(usedHeapAfterGc() - base);
        await(cancelledReadinessWaits(N));
        growth.add(usedHeapAfterGc() - base);
        await(shieldedWaitsOnALongLivedPromise(N));
        growth.add(usedHeapAfterGc() - base);
        await(firstCompletedBesideALongLivedTask(N));
        growth.add(usedHeapAfterGc() - base);
        before = EventLoop.current().nanoTime();
        await(Weft.sleep(HOUR)); // no key left: virtual time advances; no stale timer makes it jump elsewhere
        growth.add(EventLoop.current().nanoTime() - before);
        growth.add(expiringTook);
        return Coroutine.of(growth);
    }

    @Test
    void aMillionCancelledSleepsTimeoutsAndReadinessWaitsLeaveNothingBehind() throws Exception {
        Assumptions.assumeFalse(Boolean.getBoolean("weft.unitTests.skip"), "run once, in the JDK 17 pass");
        List<Long> r = Weft.run(allPhases(), new EventLoop(ManualClock.autoAdvancing()));
        String[] phases = {"cancelled sleeps", "timeouts ending first", "expiring timeouts",
                "sleeps while a cancellation is pending", "cancelled readiness waits",
                "shielded waits on a long-lived promise", "first-completed waits beside a long-lived task"};
        for (int i = 0; i < phases.length; i++) {
            assertTrue(r.get(i) < ALLOWED_GROWTH, phases[i] + ": the heap grew by " + (r.get(i) >> 20) + " MB");
        }
        assertEquals(HOUR.toNanos(), r.get(7), "the last hour-long sleep took exactly an hour of virtual time");
        assertEquals(Duration.ofMillis(N).toNanos(), r.get(8), "each expiring timeout took exactly its millisecond");
    }

    static long usedHeapAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
