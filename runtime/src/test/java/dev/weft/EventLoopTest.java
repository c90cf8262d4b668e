package dev.weft;

import dev.weft.test.HandWoven;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Pins {@link EventLoop}'s own contract: callbacks in order, then timers by deadline; delays clamped (a negative
 * one is due now, a huge one is capped instead of overflowing); {@code runUntilComplete} of a coroutine wraps it
 * in a task unless it is already done; {@code stop} from the loop, from another thread, or before the loop runs;
 * a nested run is refused; a closed loop refuses work.
 */
class EventLoopTest {
    @Test
    void callbacksRunInOrderThenTimersByDeadline() {
        try (EventLoop loop = new EventLoop()) {
            List<String> order = new ArrayList<>();
            Promise<Void> done = new Promise<>();
            loop.callSoonThreadsafe(() -> {
                loop.callLater(Duration.ofMillis(30), () -> {
                    order.add("t30");
                    done.complete(null);
                });
                loop.callLater(Duration.ofMillis(10), () -> order.add("t10"));
                TimerHandle cancelled = loop.callLater(Duration.ofMillis(20), () -> order.add("t20"));
                cancelled.cancel();
                loop.callSoon(() -> order.add("a"));
                loop.callSoon(() -> order.add("b"));
            });
            loop.runUntilComplete(done);
            assertEquals(List.of("a", "b", "t10", "t30"), order);
        }
    }

    @Test
    void timersWithTheSameDeadlineFireInScheduleOrder() {
        try (EventLoop loop = new EventLoop()) {
            List<Integer> order = new ArrayList<>();
            Promise<Void> done = new Promise<>();
            loop.callSoonThreadsafe(() -> {
                long at = loop.nanoTime() + 1_000_000;
                for (int i = 0; i < 20; i++) {
                    int n = i;
                    loop.callAt(at, () -> order.add(n));
                }
                loop.callAt(at, () -> done.complete(null));
            });
            loop.runUntilComplete(done);
            for (int i = 0; i < 20; i++) {
                assertEquals(i, order.get(i));
            }
        }
    }

    @Test
    void anotherThreadWakesASleepingLoop() {
        try (EventLoop loop = new EventLoop()) {
            Promise<String> p = new Promise<>();
            Thread t = new Thread(() -> {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
                loop.callSoonThreadsafe(() -> p.complete("woken"));
            });
            t.start();
            long start = System.nanoTime();
            loop.runUntilComplete(p);
            assertEquals("woken", p.result());
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos());
        }
    }

    @Test
    void currentIsOnlySetWhileRunning() {
        assertThrows(IllegalStateException.class, EventLoop::current);
        try (EventLoop loop = new EventLoop()) {
            Promise<EventLoop> seen = new Promise<>();
            loop.callSoonThreadsafe(() -> seen.complete(EventLoop.current()));
            loop.runUntilComplete(seen);
            assertSame(loop, seen.result());
        }
        assertThrows(IllegalStateException.class, EventLoop::current);
    }

    @Test
    void nestedRunIsRefused() {
        try (EventLoop loop = new EventLoop()) {
            Promise<Throwable> seen = new Promise<>();
            loop.callSoonThreadsafe(() -> {
                try {
                    new EventLoop().runUntilComplete(new Promise<>());
                } catch (IllegalStateException e) {
                    seen.complete(e);
                }
            });
            loop.runUntilComplete(seen);
            assertTrue(seen.result().getMessage().contains("already running"));
        }
    }

    @Test
    void closedLoopRefusesWork() {
        EventLoop loop = new EventLoop();
        loop.close();
        assertTrue(loop.isClosed());
        assertThrows(IllegalStateException.class, () -> loop.callSoonThreadsafe(() -> { }));
        assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(new Promise<>()));
    }

    @Test
    void aNegativeDelayIsDueNowAndAHugeOneIsCappedInsteadOfOverflowing() {
        ManualClock clock = ManualClock.create();
        clock.advance(Duration.ofSeconds(3));
        try (EventLoop loop = new EventLoop(clock)) {
            AtomicInteger fired = new AtomicInteger();
            TimerHandle past = loop.callLater(Duration.ofSeconds(-1), fired::incrementAndGet);
            TimerHandle far = loop.callLater(Duration.ofDays(365L * 1_000_000), fired::incrementAndGet);
            assertEquals(clock.nanoTime(), past.deadlineNanos());
            assertEquals(clock.nanoTime() + Long.MAX_VALUE / 4, far.deadlineNanos());
            assertTrue(far.deadlineNanos() > clock.nanoTime(), "not wrapped into the past");
            loop.runUntilIdle();
            assertEquals(1, fired.get(), "only the past one is due");
            assertFalse(far.isCancelled());
        }
    }

    @Test
    void runUntilCompleteWrapsAPendingCoroutineInATaskAndTakesADoneOneAsItIs() {
        try (EventLoop loop = new EventLoop()) {
            Coroutine<Integer> done = Coroutine.of(5);
            loop.runUntilComplete(done);
            assertEquals(5, done.result());

            Promise<Integer> p = new Promise<>();
            Coroutine<Integer> pending = HandWoven.awaitOne(p);
            loop.callSoonThreadsafe(() -> p.complete(7));
            loop.runUntilComplete(pending); // nobody else drives it: the loop runs it as a task
            assertTrue(pending.isDone());
            assertEquals(7, pending.result());
        }
    }

    @Test
    void stopFromTheLoopOrAnotherThreadEndsRunForever() throws Exception {
        try (EventLoop loop = new EventLoop()) {
            List<String> ran = new ArrayList<>();
            loop.callSoonThreadsafe(() -> {
                ran.add("before stop");
                loop.stop();
            });
            loop.runForever();
            assertEquals(List.of("before stop"), ran);

            Thread stopper = new Thread(() -> {
                try {
                    Thread.sleep(30);
                } catch (InterruptedException e) {
                    return;
                }
                loop.stop(); // another thread: handed to the loop, which is woken
            });
            loop.callSoonThreadsafe(() -> {
                ran.add("running");
                stopper.start();
            });
            loop.runForever();
            stopper.join();
            assertEquals(List.of("before stop", "running"), ran);
            assertFalse(loop.isRunning());
        }
    }

    @Test
    void aStopRequestedBeforeTheLoopRunsEndsTheNextRunOnly() {
        try (EventLoop loop = new EventLoop()) {
            loop.stop();
            loop.runForever(); // returns instead of running forever
            List<String> ran = new ArrayList<>();
            loop.callSoonThreadsafe(() -> {
                ran.add("ran");
                loop.stop();
            });
            loop.runForever(); // the earlier stop was consumed: this run goes on until its own
            assertEquals(List.of("ran"), ran);

            loop.stop();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(new Promise<>()));
            assertTrue(e.getMessage().contains("stopped before the awaited work completed"), e.getMessage());
        }
    }

    /**
     * Nothing scheduled on a closing loop once its last pass is over is silently lost: a task created by a callback
     * that the seal runs (rejecting queued work) is refused, not left pending for ever; a callback it schedules is
     * reported as dropped, as every callback the closing loop did not run.
     */
    @Test
    void aTaskCreatedWhileTheClosingLoopSealsIsRefusedAndACallbackScheduledThenIsReportedDropped() {
        EventLoop loop = new EventLoop();
        loop.setShutdownTimeout(java.time.Duration.ZERO);
        java.util.List<String> reports = new java.util.ArrayList<>();
        loop.setExceptionHandler((l, message, e) -> reports.add(message));
        Throwable[] refused = new Throwable[1];
        Runnable late = new Runnable() {
            @Override
            public void run() {
                reports.add("the late callback ran");
            }

            @Override
            public String toString() {
                return "late";
            }
        };
        Weft.runCoroutineThreadsafe(Coroutine.of(0), loop).whenComplete((v, e) -> {
            try {
                loop.createTask(dev.weft.test.HandWoven.awaitOne(new Promise<Integer>()));
            } catch (LoopClosedException closed) {
                refused[0] = closed;
            }
            loop.callSoon(late);
        });
        loop.close();
        assertInstanceOf(LoopClosedException.class, refused[0]);
        assertEquals(java.util.List.of("callback late was dropped: the event loop closed before running it"), reports);
    }

    /** asyncio: stop() before run_forever() makes it run the callbacks already scheduled, once, and return. */
    @Test
    void stopBeforeRunForeverRunsOnePassWithoutWaitingAndReturns() {
        try (EventLoop loop = new EventLoop()) {
            java.util.List<String> ran = new java.util.ArrayList<>();
            loop.callSoon(() -> {
                ran.add("first");
                loop.callSoon(() -> ran.add("scheduled by the first")); // the next pass's
            });
            loop.callLater(java.time.Duration.ofHours(1), () -> ran.add("much later"));
            loop.stop();
            loop.runForever();
            assertEquals(java.util.List.of("first"), ran);
            loop.stop();
            loop.runForever();
            assertEquals(java.util.List.of("first", "scheduled by the first"), ran);
        }
    }
}
