package dev.weft;

import dev.weft.internal.CoroutineTracking;
import dev.weft.internal.SlowStepWatchdog;

import java.time.Duration;

/**
 * The debug checks of one {@link EventLoop} (asyncio's debug mode): the slow-step watchdog, the tracking of
 * coroutines never awaited, and the refusal of loop calls made from the wrong thread; and where the loop reports
 * what nobody else will see (its exception handler).
 *
 * <p>Invariants:
 * <ul>
 *   <li>the mode changes only while the loop is not running; the watchdog and coroutine tracking run exactly
 *       while a debug loop runs ({@link #loopEntered} to {@link #loopExited});</li>
 *   <li>the thread checks guard the calls users make ({@code callSoon} and the like); the runtime's own
 *       wake-ups never go through them, so a promise completed on another thread always wakes its task;</li>
 *   <li>{@link #beginStep} returns 0 when no watchdog runs, and then {@link #endStep} is not called.</li>
 * </ul>
 */
final class LoopDebug {
    private final EventLoop loop;
    private volatile LoopExceptionHandler exceptionHandler = LoopExceptionHandler.logging();
    private boolean enabled = Boolean.getBoolean("weft.debug");
    private Duration slowStep = Duration.ofMillis(100);
    private SlowStepWatchdog watchdog;
    /** The task whose step ran last, for the watchdog's report; tracked only while a watchdog runs. */
    private Task<?> lastSteppedTask;

    LoopDebug(EventLoop loop) {
        this.loop = loop;
    }

    void setExceptionHandler(LoopExceptionHandler handler) {
        exceptionHandler = handler == null ? LoopExceptionHandler.logging() : handler;
    }

    /** Hands an error or warning to the exception handler; a handler that throws is ignored after printing. Any thread. */
    void report(String message, Throwable exception) {
        try {
            exceptionHandler.handle(loop, message, exception);
        } catch (Throwable handlerFailure) {
            System.err.println("[weft] the loop's exception handler failed: " + handlerFailure);
        }
    }

    boolean enabled() {
        return enabled;
    }

    void setEnabled(boolean on) {
        if (loop.runningThread() != null) {
            throw new IllegalStateException("set debug mode before running the loop");
        }
        enabled = on;
    }

    void setSlowStepThreshold(Duration threshold) {
        if (threshold == null || threshold.isNegative() || threshold.isZero()) {
            throw new IllegalArgumentException("slow-step threshold must be positive: " + threshold);
        }
        slowStep = threshold;
    }

    void loopEntered(Thread thread) {
        if (enabled) {
            watchdog = SlowStepWatchdog.start(loop, thread, slowStep);
            CoroutineTracking.enable();
        }
    }

    void loopExited() {
        if (watchdog != null) {
            watchdog.stop();
            watchdog = null;
            CoroutineTracking.disable();
        }
    }

    /** Before one ready entry runs: its start time, or 0 when no watchdog runs. */
    long beginStep() {
        SlowStepWatchdog w = watchdog;
        return w == null ? 0 : w.begin();
    }

    /** After the entry {@code r} ran, if {@link #beginStep} returned {@code started}. */
    void endStep(long started, Runnable r) {
        Task<?> t = lastSteppedTask;
        lastSteppedTask = null;
        SlowStepWatchdog w = watchdog;
        if (w != null) {
            w.end(started, t != null ? "task " + t.name() : "callback " + r);
        }
    }

    /** A task's step begins (the watchdog names it if the step is slow). */
    void taskStepped(Task<?> task) {
        if (watchdog != null) {
            lastSteppedTask = task;
        }
    }

    /**
     * Refuses a user call made off the loop's thread while it runs: always for calls that are never thread-safe,
     * and in debug mode also for {@code callSoon}, which would otherwise quietly take the thread-safe path.
     */
    void checkThread(String what, boolean onlyInDebugMode) {
        Thread t = loop.runningThread();
        if (t != null && t != Thread.currentThread() && (enabled || !onlyInDebugMode)) {
            throw new IllegalStateException(what + " called from thread " + Thread.currentThread().getName()
                    + " but the loop runs on " + t.getName() + "; use callSoonThreadsafe or Weft.runCoroutineThreadsafe");
        }
    }
}
