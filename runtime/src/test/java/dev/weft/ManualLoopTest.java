package dev.weft;

import org.junit.jupiter.api.AfterEach;

/**
 * The fixture of the runtime tests that drive a loop by hand: a fresh loop on a {@link ManualClock} (time moves only
 * when the test advances it) for each test, closed after it, and {@link #onLoop} to act on the loop's thread.
 */
abstract class ManualLoopTest {
    final ManualClock clock = ManualClock.create();
    final EventLoop loop = new EventLoop(clock);

    @AfterEach
    final void closeLoop() {
        loop.close();
    }

    /** Runs {@code action} on the loop, then everything that is ready or due. */
    final void onLoop(Runnable action) {
        loop.callSoonThreadsafe(action);
        loop.runUntilIdle();
    }
}
