package dev.weft;

import java.time.Duration;

/**
 * A clock that only moves when told to, for deterministic tests of timers, sleeps and timeouts (like Netty's
 * MockTicker or Trio's MockClock). A loop with this clock never waits for time to pass: with
 * {@link #autoAdvance()} it jumps straight to the next timer whenever every task is waiting (virtual time);
 * otherwise time moves only through {@link #advance}.
 *
 * <p>Invariants: time never goes backwards; it is only read and moved on the loop's thread (or before the
 * loop runs).
 */
public final class ManualClock implements LoopClock {
    private long now;
    private final boolean autoAdvance;

    private ManualClock(boolean autoAdvance) {
        this.autoAdvance = autoAdvance;
    }

    /** A clock at time zero that moves only through {@link #advance}. */
    public static ManualClock create() {
        return new ManualClock(false);
    }

    /** A clock at time zero that the loop advances to the next timer whenever it would otherwise sleep. */
    public static ManualClock autoAdvancing() {
        return new ManualClock(true);
    }

    @Override
    public long nanoTime() {
        return now;
    }

    /** Moves time forward; due timers fire on the loop's next pass. */
    public void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("time cannot go backwards: " + by);
        }
        now += by.toNanos();
    }

    /** Whether the loop jumps to the next timer instead of sleeping. */
    public boolean autoAdvance() {
        return autoAdvance;
    }

    /** Moves time to {@code deadline} if it is later; compared wrap-safe, as the loop compares deadlines. */
    void jumpTo(long deadline) {
        if (deadline - now > 0) {
            now = deadline;
        }
    }

    /** Time elapsed since the clock was made. */
    public Duration elapsed() {
        return Duration.ofNanos(now);
    }
}
