package dev.weft.internal;

import dev.weft.EventLoop;
import dev.weft.Promise;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Pins {@link SlowStepWatchdog}: a step longer than the threshold is reported once it ends, with its duration and
 * who ran it; when the watcher saw the step running late, the report adds where the loop's thread was blocked (one
 * sample per step, however long it lasts); a slow step the watcher never sampled, or whose thread had no stack to
 * show, is still reported, without a position; time between steps does not count, and a step within the threshold
 * is not reported.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SlowStepWatchdogTest {

    private static EventLoop loopReportingTo(List<String> reports) {
        EventLoop loop = new EventLoop();
        loop.setExceptionHandler((l, message, e) -> reports.add(message));
        return loop;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** A thread parked in a method of its own, until {@code release} counts down. */
    private static Thread parkedInAKnownMethod(CountDownLatch release) {
        Thread t = new Thread(() -> waitHereUntilReleased(release), "parked");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void waitHereUntilReleased(CountDownLatch release) {
        try {
            release.await();
        } catch (InterruptedException e) {
            // ends the helper
        }
    }

    @Test
    void aSlowStepOfADebugLoopIsReportedWithWhereItWasBlocked() {
        List<String> reports = Collections.synchronizedList(new ArrayList<>());
        try (EventLoop loop = loopReportingTo(reports)) {
            loop.setDebug(true);
            loop.setSlowStepThreshold(Duration.ofMillis(20));
            Promise<Void> done = new Promise<>();
            loop.callSoonThreadsafe(new Runnable() {
                @Override
                public void run() {
                    sleep(300); // the watcher looks every 10 ms: it samples this step once, and not again
                    done.complete(null);
                }

                @Override
                public String toString() {
                    return "sleeper";
                }
            });
            loop.runUntilComplete(done);
        }
        String report = reports.stream().filter(r -> r.startsWith("executing callback sleeper took ")).findFirst()
                .orElseThrow(() -> new AssertionError(reports.toString()));
        assertTrue(report.contains("blocking the event loop (slow-step threshold 20 ms); it was blocked at:\n\tat "),
                report);
        assertTrue(report.contains("Thread.sleep"), report);
        assertTrue(report.contains(SlowStepWatchdogTest.class.getName() + ".sleep"), report);
    }

    @Test
    void aStepTheWatcherNeverSampledIsReportedWithoutAPosition() {
        List<String> reports = new ArrayList<>();
        try (EventLoop loop = loopReportingTo(reports)) {
            SlowStepWatchdog w = SlowStepWatchdog.start(loop, Thread.currentThread(), Duration.ofMillis(5));
            w.stop(); // the watcher ends before it looks
            long started = w.begin();
            sleep(30);
            w.end(started, "task unseen");
        }
        assertEquals(1, reports.size(), reports.toString());
        assertTrue(reports.get(0).startsWith("executing task unseen took "), reports.get(0));
        assertTrue(reports.get(0).endsWith(" ms, blocking the event loop (slow-step threshold 5 ms)"), reports.get(0));
    }

    @Test
    void aSampleOfAThreadWithoutAStackGivesNoPosition() throws Exception {
        Thread gone = new Thread(() -> { });
        gone.start();
        gone.join(); // a terminated thread's stack trace is empty
        CountDownLatch release = new CountDownLatch(1);
        Thread parked = parkedInAKnownMethod(release);
        List<String> reports = new ArrayList<>();
        try (EventLoop loop = loopReportingTo(reports)) {
            SlowStepWatchdog onGone = SlowStepWatchdog.start(loop, gone, Duration.ofMillis(5));
            SlowStepWatchdog onParked = SlowStepWatchdog.start(loop, parked, Duration.ofMillis(5));
            try {
                long a = onGone.begin();
                long b = onParked.begin();
                sleep(300); // both watchers sample their thread during this step
                onGone.end(a, "callback on a thread that ended");
                onParked.end(b, "callback on a parked thread");
            } finally {
                onGone.stop();
                onParked.stop();
                release.countDown();
            }
        }
        assertEquals(2, reports.size(), reports.toString());
        assertFalse(reports.get(0).contains("blocked at"), reports.get(0));
        assertTrue(reports.get(1).contains("it was blocked at:\n\tat "), reports.get(1));
        assertTrue(reports.get(1).contains("waitHereUntilReleased"), reports.get(1));
    }

    @Test
    void aQuickStepAfterALongIdleTimeIsNotReported() {
        List<String> reports = new ArrayList<>();
        try (EventLoop loop = loopReportingTo(reports)) {
            SlowStepWatchdog w = SlowStepWatchdog.start(loop, Thread.currentThread(), Duration.ofMillis(20));
            try {
                sleep(80); // no step runs: the watcher looks and finds nothing to sample
                long started = w.begin();
                w.end(started, "quick");
            } finally {
                w.stop();
            }
        }
        assertEquals(List.of(), reports);
    }
}
