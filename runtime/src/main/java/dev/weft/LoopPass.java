package dev.weft;

/**
 * One pass of an {@link EventLoop}, asyncio's {@code _run_once}: take what other threads handed in, wait for I/O or
 * the next timer if nothing is ready, fire the due timers, run the ready callbacks.
 *
 * <p>Invariants:
 * <ul>
 *   <li>runs on the thread that owns the loop;</li>
 *   <li>a pass with callbacks ready does not block, and touches neither the {@code sleeping} handshake nor the
 *       selector (unless one exists) nor the clock (unless a timer is pending);</li>
 *   <li>a pass blocks only after announcing it and re-checking the inbox ({@link ReadyQueue}), so a wake-up from
 *       another thread is never lost;</li>
 *   <li>on a {@link ManualClock} the loop never waits for time to pass: it blocks only for I/O or a wake-up, and an
 *       auto-advancing clock jumps to the next timer when nothing is ready and no channel is watched.</li>
 * </ul>
 */
final class LoopPass {
    private final EventLoop loop;
    private final LoopClock clock;
    private final ReadyQueue ready;
    private final TimerQueue timers;
    private final IoSelector io;
    private final LoopDebug debug;

    LoopPass(EventLoop loop, LoopClock clock, ReadyQueue ready, TimerQueue timers, IoSelector io, LoopDebug debug) {
        this.loop = loop;
        this.clock = clock;
        this.ready = ready;
        this.timers = timers;
        this.io = io;
        this.debug = debug;
    }

    /** One pass, blocking at most {@code maxWaitNanos} (-1: no limit, 0: not at all); never when {@code stopping}. */
    void run(long maxWaitNanos, boolean stopping) {
        ready.drainInbox();
        long timeout = ready.isEmpty() && !stopping ? untilNextTimer() : 0;
        if (maxWaitNanos >= 0 && (timeout < 0 || timeout > maxWaitNanos)) {
            timeout = maxWaitNanos;
        }
        if (timeout == 0) {
            if (io.isOpen()) {
                io.poll(0, ready);
                ready.drainInbox();
            }
        } else {
            ready.beginSleep();
            try {
                if (!ready.inboxIsEmpty()) {
                    timeout = 0;
                } else if (clock instanceof ManualClock && ((ManualClock) clock).autoAdvance()
                        && !timers.isEmpty() && !io.watchesAny()) {
                    ((ManualClock) clock).jumpTo(timers.nextDeadline());
                    timeout = 0;
                }
                io.poll(timeout, ready);
            } finally {
                ready.endSleep();
            }
            ready.drainInbox();
        }
        if (!timers.isEmpty()) {
            timers.fireDue(clock.nanoTime(), ready);
        }
        ready.runReady(loop, debug);
    }

    /** Whether another pass without waiting would run something: work queued, or a timer due. */
    boolean hasWorkNow() {
        return ready.hasWork() || !timers.isEmpty() && timers.nextDeadline() - clock.nanoTime() <= 0;
    }

    /**
     * Real nanoseconds to wait for the next timer: 0 if one is due, -1 (no limit) if there is none or the clock is
     * manual (its time does not pass while the loop waits).
     */
    private long untilNextTimer() {
        if (timers.isEmpty()) {
            return -1;
        }
        long left = timers.nextDeadline() - clock.nanoTime();
        if (left <= 0) {
            return 0;
        }
        return clock instanceof ManualClock ? -1 : left;
    }
}
