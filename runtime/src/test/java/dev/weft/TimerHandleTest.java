package dev.weft;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Pins {@link TimerHandle}: it fires at most once, not before its deadline; it reports itself cancelled once it
 * was cancelled, fired, or its loop closed (then it never fires); cancelling is idempotent, does nothing to a
 * timer that fired, and works from another thread while the loop waits for the timer; timers order by deadline
 * (compared wrap-safe, as nanosecond clocks are), then by scheduling order; it describes its state.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TimerHandleTest {

    @Test
    void itIsCancelledOnceCancelledFiredOrItsLoopClosed() {
        ManualClock clock = ManualClock.create();
        EventLoop loop = new EventLoop(clock);
        AtomicInteger fired = new AtomicInteger();
        TimerHandle firing = loop.callLater(Duration.ofMillis(5), fired::incrementAndGet);
        TimerHandle cancelled = loop.callLater(Duration.ofMillis(5), fired::incrementAndGet);
        TimerHandle dropped = loop.callLater(Duration.ofMillis(50), fired::incrementAndGet);
        assertFalse(firing.isCancelled());
        cancelled.cancel();
        assertTrue(cancelled.isCancelled());
        clock.advance(Duration.ofMillis(5));
        loop.runUntilIdle();
        assertEquals(1, fired.get());
        assertTrue(firing.isCancelled(), "a timer that fired can no longer be cancelled");
        firing.cancel(); // nothing to do: it ran already
        cancelled.cancel(); // idempotent
        assertFalse(dropped.isCancelled());
        loop.close();
        assertTrue(dropped.isCancelled(), "the loop closed: it will never fire");
        assertEquals(1, fired.get());
    }

    @Test
    void itDescribesWhetherItIsPendingCancelledOrDone() {
        try (EventLoop loop = new EventLoop(ManualClock.create())) {
            Runnable callback = () -> { };
            TimerHandle pending = loop.callAt(5_000, callback);
            TimerHandle cancelled = loop.callAt(6_000, callback);
            TimerHandle done = loop.callAt(0, callback);
            assertEquals(5_000, pending.deadlineNanos());
            assertEquals("TimerHandle[at 5000, " + callback + "]", pending.toString());
            cancelled.cancel();
            assertEquals("TimerHandle[cancelled, null]", cancelled.toString(), "a cancelled timer lets go of its callback");
            loop.runUntilIdle();
            assertEquals("TimerHandle[done, null]", done.toString());
        }
    }

    @Test
    void aTimerCancelledFromAnotherThreadWhileTheLoopWaitsForItNeverFires() throws Exception {
        ManualClock clock = ManualClock.create(); // the loop waits for wake-ups, never for time
        try (EventLoop loop = new EventLoop(clock)) {
            AtomicInteger fired = new AtomicInteger();
            TimerHandle timer = loop.callLater(Duration.ofMillis(100), fired::incrementAndGet);
            Promise<Void> done = new Promise<>();
            CountDownLatch running = new CountDownLatch(1);
            loop.callSoon(running::countDown);
            Thread other = new Thread(() -> {
                try {
                    assertTrue(running.await(10, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    return;
                }
                timer.cancel(); // the loop runs on another thread: the removal is handed to it
                loop.callSoonThreadsafe(() -> {
                    clock.advance(Duration.ofSeconds(1)); // the timer would be due on the next pass
                    loop.callSoon(() -> done.complete(null)); // runs after that pass fired what was due
                });
            });
            other.start();
            loop.runUntilComplete(done);
            other.join();
            assertEquals(0, fired.get());
            assertTrue(timer.isCancelled());
        }
    }

    @Test
    void timersOrderByDeadlineWrapSafeThenBySchedulingOrder() {
        try (EventLoop loop = new EventLoop(ManualClock.create())) {
            List<String> order = new ArrayList<>();
            TimerHandle late = loop.callAt(Long.MAX_VALUE - 5, () -> order.add("late"));
            TimerHandle wrapped = loop.callAt(Long.MAX_VALUE + 10, () -> order.add("wrapped")); // past MAX: negative
            TimerHandle first = loop.callAt(Long.MAX_VALUE - 5, () -> order.add("same deadline, scheduled later"));
            assertTrue(late.compareTo(wrapped) < 0, "15 ns later, although numerically smaller");
            assertTrue(wrapped.compareTo(late) > 0);
            assertTrue(late.compareTo(first) < 0);
            assertTrue(first.compareTo(late) > 0);
            assertEquals(0, late.compareTo(late));
        }
    }
}
