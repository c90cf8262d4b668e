package dev.weft;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Pins {@link LoopPass}: {@code runUntilIdle} runs what is ready or due, a timer made due by a callback included,
 * and never waits for one that is not due (on a manual clock or on the real one), even after {@code stop}; a loop
 * on a manual clock never waits for time: without auto-advance, or with nothing scheduled, it waits only for a
 * wake-up from another thread, and with auto-advance it jumps to the next timer; work handed in from another
 * thread while the loop is on its way to block is never left waiting (the loop re-checks its inbox after
 * announcing its sleep).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LoopPassTest {

    /** Completes {@code p} from another thread after {@code millis}. */
    private static Thread completeLater(Promise<String> p, long millis) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                return;
            }
            p.complete("woken");
        });
        t.start();
        return t;
    }

    @Test
    void runUntilIdleRunsWhatIsDueIncludingATimerACallbackMadeDue() {
        ManualClock clock = ManualClock.create();
        try (EventLoop loop = new EventLoop(clock)) {
            List<String> ran = new ArrayList<>();
            loop.callLater(Duration.ofSeconds(1), () -> ran.add("due after the advance"));
            loop.callLater(Duration.ofSeconds(5), () -> ran.add("not due"));
            loop.callSoon(() -> {
                ran.add("advance");
                clock.advance(Duration.ofSeconds(1));
            });
            loop.runUntilIdle();
            assertEquals(List.of("advance", "due after the advance"), ran);
            loop.runUntilIdle();
            assertEquals(2, ran.size(), "nothing ready, the next timer not due: nothing runs");
        }
    }

    @Test
    void runUntilIdleDoesNotWaitForATimerOnTheRealClock() {
        try (EventLoop loop = new EventLoop()) {
            List<String> ran = new ArrayList<>();
            TimerHandle far = loop.callLater(Duration.ofSeconds(30), () -> ran.add("far"));
            loop.callSoon(() -> ran.add("now"));
            long start = System.nanoTime();
            loop.runUntilIdle();
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos());
            assertEquals(List.of("now"), ran);
            assertFalse(far.isCancelled());
        }
    }

    @Test
    void aStopDuringRunUntilIdleDoesNotCutItShortNorCarryOver() {
        try (EventLoop loop = new EventLoop(ManualClock.create())) {
            List<String> ran = new ArrayList<>();
            loop.callSoon(() -> {
                loop.stop();
                loop.callLater(Duration.ZERO, () -> ran.add("timer due after the stop"));
            });
            loop.runUntilIdle();
            assertEquals(List.of("timer due after the stop"), ran);
            loop.callSoon(() -> {
                ran.add("runForever ran");
                loop.stop();
            });
            loop.runForever();
            assertEquals(List.of("timer due after the stop", "runForever ran"), ran);
        }
    }

    @Test
    void withoutAutoAdvanceTheLoopWaitsForAWakeUpNotForTime() throws Exception {
        ManualClock clock = ManualClock.create();
        try (EventLoop loop = new EventLoop(clock)) {
            Promise<String> timer = new Promise<>();
            loop.callLater(Duration.ofSeconds(1), () -> timer.complete("fired"));
            Promise<String> p = new Promise<>();
            Thread t = completeLater(p, 30);
            loop.runUntilComplete(p);
            t.join();
            assertEquals("woken", p.result());
            assertFalse(timer.isDone(), "virtual time did not move");
            assertEquals(Duration.ZERO, clock.elapsed());
        }
    }

    @Test
    void withAutoAdvanceAndNoTimerTheLoopWaitsForAWakeUp() throws Exception {
        ManualClock clock = ManualClock.autoAdvancing();
        try (EventLoop loop = new EventLoop(clock)) {
            Promise<String> p = new Promise<>();
            Thread t = completeLater(p, 30);
            loop.runUntilComplete(p);
            t.join();
            assertEquals("woken", p.result());
            assertEquals(Duration.ZERO, clock.elapsed());

            Promise<String> timer = new Promise<>();
            loop.callLater(Duration.ofHours(2), () -> timer.complete("fired"));
            loop.runUntilComplete(timer);
            assertEquals(Duration.ofHours(2), clock.elapsed(), "with a timer it jumps");
        }
    }

    /** The real clock; once armed, its next reading first runs a hook (as if the loop's thread stalled there). */
    private static final class StallingClock implements LoopClock {
        private Runnable hook;

        @Override
        public long nanoTime() {
            Runnable h = hook;
            hook = null;
            if (h != null) {
                h.run();
            }
            return System.nanoTime();
        }
    }

    /**
     * Another thread hands work in after the loop drained its inbox but before it announced its sleep (the loop's
     * thread is held in its reading of the clock, on the way to compute how long to block): the hand-off sees no
     * sleeper to wake, so only the loop's re-check of its inbox keeps it from sleeping until its far timer.
     */
    @Test
    void workHandedInJustBeforeTheLoopAnnouncesItsSleepIsNotLost() {
        StallingClock clock = new StallingClock();
        try (EventLoop loop = new EventLoop(clock)) {
            Promise<String> p = new Promise<>();
            loop.callLater(Duration.ofSeconds(30), () -> p.complete("the timer, 30 s later"));
            loop.callSoon(() -> clock.hook = () -> {
                Thread t = new Thread(() -> loop.callSoonThreadsafe(() -> p.complete("handed in")));
                t.start();
                try {
                    t.join();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            });
            long start = System.nanoTime();
            loop.runUntilComplete(p);
            assertEquals("handed in", p.result());
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos());
            assertNull(clock.hook, "the hook ran");
        }
    }
}
