package dev.weft;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Pins {@link TimerQueue}: due timers move to the ready queue earliest first (same deadline: scheduling order),
 * a cancelled timer leaves the queue at once on the loop's thread or while the loop is idle, and on the loop's next
 * pass when cancelled from another thread while the loop runs, never firing even if it came due meanwhile; a
 * closing loop drops every timer.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TimerQueueTest {

    /** The entries queued in {@code ready}, in order (sealing hands each to the rejection). */
    private static List<Runnable> drain(ReadyQueue ready) {
        List<Runnable> out = new ArrayList<>();
        ready.drainInbox();
        ready.seal(out::add);
        return out;
    }

    @Test
    void dueTimersFireEarliestFirstAndCancelledOnesLeaveAtOnce() {
        try (EventLoop loop = new EventLoop(ManualClock.create())) {
            TimerQueue q = new TimerQueue(loop);
            Random random = new Random(7);
            List<long[]> expected = new ArrayList<>(); // {deadline, scheduling index}
            List<TimerHandle> handles = new ArrayList<>();
            List<Runnable> callbacks = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                long deadline = random.nextInt(100);
                Runnable r = () -> { };
                callbacks.add(r);
                handles.add(q.schedule(deadline, r));
                expected.add(new long[] {deadline, i});
            }
            for (int i = 0; i < 500; i += 3) {
                handles.get(i).cancel(); // the loop is idle: removed at once
            }
            assertEquals(500 - 167, q.size());
            expected.removeIf(e -> e[1] % 3 == 0);
            expected.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]));
            assertEquals(expected.get(0)[0], q.nextDeadline());

            ReadyQueue ready = new ReadyQueue(() -> { });
            q.fireDue(49, ready);
            q.fireDue(99, ready);
            assertTrue(q.isEmpty());
            List<Runnable> fired = drain(ready);
            List<Runnable> want = new ArrayList<>();
            for (long[] e : expected) {
                want.add(callbacks.get((int) e[1]));
            }
            assertEquals(want, fired);
            for (TimerHandle h : handles) {
                assertTrue(h.isCancelled());
            }
        }
    }

    @Test
    void aTimerCancelledFromAnotherThreadAfterItCameDueNeverFires() {
        try (EventLoop loop = new EventLoop()) {
            AtomicInteger fired = new AtomicInteger();
            Promise<TimerHandle> done = new Promise<>();
            loop.callSoonThreadsafe(() -> {
                TimerHandle h = loop.callLater(Duration.ofMillis(1), fired::incrementAndGet);
                Thread canceller = new Thread(h::cancel); // the loop runs elsewhere: the removal is handed to it
                canceller.start();
                try {
                    canceller.join();
                    Thread.sleep(20); // the timer is due now, its removal still queued
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                loop.callSoon(() -> done.complete(h)); // runs on the next pass, after that pass fired what was due
            });
            loop.runUntilComplete(done);
            assertEquals(0, fired.get());
            assertTrue(done.result().isCancelled());
        }
    }

    @Test
    void aTimerCancelledFromAnotherThreadWhileTheLoopIsIdleLeavesAtOnce() throws Exception {
        try (EventLoop loop = new EventLoop(ManualClock.create())) {
            TimerQueue q = new TimerQueue(loop);
            TimerHandle h = q.schedule(10, () -> { });
            Thread canceller = new Thread(h::cancel);
            canceller.start();
            canceller.join();
            assertTrue(q.isEmpty());
        }
    }

    @Test
    void clearingDropsEveryTimer() {
        ManualClock clock = ManualClock.create();
        EventLoop loop = new EventLoop(clock);
        AtomicInteger fired = new AtomicInteger();
        List<TimerHandle> handles = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            handles.add(loop.callLater(Duration.ofSeconds(i + 1), fired::incrementAndGet));
        }
        loop.close();
        for (TimerHandle h : handles) {
            assertTrue(h.isCancelled());
        }
        clock.advance(Duration.ofMinutes(1));
        assertThrows(LoopClosedException.class, loop::runUntilIdle);
        assertEquals(0, fired.get());

        try (EventLoop other = new EventLoop(clock)) {
            TimerQueue q = new TimerQueue(other);
            TimerHandle h = q.schedule(clock.nanoTime(), fired::incrementAndGet);
            q.clear();
            assertTrue(q.isEmpty());
            assertTrue(h.isCancelled());
            ReadyQueue ready = new ReadyQueue(() -> { });
            q.fireDue(Long.MAX_VALUE, ready);
            assertEquals(List.of(), drain(ready));
            q.schedule(0, fired::incrementAndGet); // still usable afterwards
            assertEquals(1, q.size());
        }
    }
}
