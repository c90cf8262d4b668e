package dev.weft.internal;

import dev.weft.EventLoop;

import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Debug mode's guard against blocking the loop: the loop marks the start and end of every step;
 * a daemon thread looks every half threshold and, when one step has run longer than the threshold, samples
 * the loop thread's stack once — the exact code position that blocks. When the step ends, its duration and
 * that position are reported as a warning naming the task.
 *
 * <p>Measures real time (System.nanoTime), whatever clock the loop uses.
 */
public final class SlowStepWatchdog {
    private final EventLoop loop;
    private final Thread loopThread;
    private final long thresholdNanos;
    private final Thread watcher;
    private volatile long stepStart;
    private volatile long stepNumber;
    private volatile long sampledStep = -1;
    private volatile StackTraceElement[] sample;

    private SlowStepWatchdog(EventLoop loop, Thread loopThread, Duration threshold) {
        this.loop = loop;
        this.loopThread = loopThread;
        this.thresholdNanos = threshold.toNanos();
        this.watcher = new Thread(this::watch, "weft-slow-step-watchdog");
        this.watcher.setDaemon(true);
    }

    public static SlowStepWatchdog start(EventLoop loop, Thread loopThread, Duration threshold) {
        SlowStepWatchdog w = new SlowStepWatchdog(loop, loopThread, threshold);
        w.watcher.start();
        return w;
    }

    private void watch() {
        long napMillis = Math.max(1, thresholdNanos / 2_000_000);
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(napMillis);
            } catch (InterruptedException e) {
                return;
            }
            long started = stepStart;
            long step = stepNumber;
            if (started != 0 && System.nanoTime() - started > thresholdNanos && sampledStep != step) {
                sample = loopThread.getStackTrace();
                sampledStep = step;
            }
        }
    }

    /** Called by the loop before a step; returns its start time. */
    public long begin() {
        stepNumber++;
        long now = System.nanoTime();
        stepStart = now;
        return now;
    }

    /** Called by the loop after a step; warns if it was slow. */
    public void end(long started, String who) {
        long took = System.nanoTime() - started;
        stepStart = 0;
        if (took <= thresholdNanos) {
            return;
        }
        StackTraceElement[] where = sampledStep == stepNumber ? sample : null;
        StringBuilder message = new StringBuilder("executing ").append(who).append(" took ")
                .append(took / 1_000_000).append(" ms, blocking the event loop (slow-step threshold ")
                .append(thresholdNanos / 1_000_000).append(" ms)");
        if (where != null && where.length > 0) {
            message.append("; it was blocked at:\n\tat ").append(Arrays.stream(where).limit(12)
                    .map(String::valueOf).collect(Collectors.joining("\n\tat ")));
        }
        loop.report(message.toString(), null);
    }

    public void stop() {
        watcher.interrupt();
    }
}
