package dev.weft;

/**
 * The time source of an {@link EventLoop}: monotonic nanoseconds. The default is {@link System#nanoTime()};
 * tests use a {@link ManualClock} so that timers fire when the test says, without waiting.
 */
@FunctionalInterface
public interface LoopClock {
    /** Monotonic time in nanoseconds; only differences are meaningful. */
    long nanoTime();

    /** The system's monotonic clock. */
    static LoopClock system() {
        return System::nanoTime;
    }
}
