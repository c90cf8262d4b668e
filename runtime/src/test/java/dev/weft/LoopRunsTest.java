package dev.weft;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Pins {@link LoopRuns} through the loop's run methods: a stop requested during a run ends that run only (the next
 * run waits again), a stop before {@code runUntilComplete}'s target is done fails it instead of returning early,
 * and every run gives the loop up, however it ends.
 */
class LoopRunsTest {
    @Test
    void aStopEndsOnlyTheRunItStops() {
        try (EventLoop loop = new EventLoop(ManualClock.autoAdvancing())) {
            List<String> ran = new ArrayList<>();
            loop.callSoon(() -> {
                ran.add("one");
                loop.stop();
            });
            loop.runForever();
            loop.callLater(java.time.Duration.ofSeconds(1), () -> {
                ran.add("two");
                loop.stop();
            });
            loop.runForever(); // waits (virtual time) for the timer: the first stop did not carry over
            assertEquals(List.of("one", "two"), ran);
            assertFalse(loop.isRunning());
        }
    }

    @Test
    void aStopBeforeTheTargetIsDoneFailsRunUntilCompleteAndTheLoopIsGivenUp() {
        try (EventLoop loop = new EventLoop(ManualClock.create())) {
            loop.callSoon(loop::stop);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> loop.runUntilComplete(new Promise<Integer>()));
            assertEquals("event loop stopped before the awaited work completed", e.getMessage());
            assertFalse(loop.isRunning());
            loop.runUntilIdle(); // usable again
        }
    }
}
