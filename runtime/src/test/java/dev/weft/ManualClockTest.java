package dev.weft;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Pins {@link ManualClock}: it starts at zero and moves only forward, through {@link ManualClock#advance} or, when
 * auto-advancing, by the loop jumping to its next timer whenever nothing else can run; the jump follows the loop's
 * wrap-safe reading of deadlines, so virtual time keeps going past the wrap of its nanosecond counter (as timers
 * keep firing in order across it) instead of getting stuck.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ManualClockTest {

    @Test
    void itStartsAtZeroAndOnlyMovesForward() {
        ManualClock clock = ManualClock.create();
        assertFalse(clock.autoAdvance());
        assertEquals(0, clock.nanoTime());
        clock.advance(Duration.ofMillis(3));
        clock.advance(Duration.ZERO);
        assertEquals(3_000_000, clock.nanoTime());
        assertEquals(Duration.ofMillis(3), clock.elapsed());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> clock.advance(Duration.ofNanos(-1)));
        assertTrue(e.getMessage().contains("cannot go backwards"));
        assertEquals(3_000_000, clock.nanoTime(), "a refused move changes nothing");
        assertTrue(ManualClock.autoAdvancing().autoAdvance());
    }

    @Test
    void anAutoAdvancingLoopJumpsFromTimerToTimer() {
        ManualClock clock = ManualClock.autoAdvancing();
        try (EventLoop loop = new EventLoop(clock)) {
            List<Duration> firedAt = new ArrayList<>();
            Promise<Void> done = new Promise<>();
            loop.callLater(Duration.ofMinutes(5), () -> firedAt.add(clock.elapsed()));
            loop.callLater(Duration.ofHours(1), () -> {
                firedAt.add(clock.elapsed());
                done.complete(null);
            });
            long start = System.nanoTime();
            loop.runUntilComplete(done);
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos(), "no real waiting");
            assertEquals(List.of(Duration.ofMinutes(5), Duration.ofHours(1)), firedAt);
        }
    }

    @Test
    void virtualTimeKeepsJumpingPastTheWrapOfItsCounter() {
        ManualClock clock = ManualClock.autoAdvancing();
        try (EventLoop loop = new EventLoop(clock)) {
            // each delay is capped at Long.MAX_VALUE / 4 ns (about 73 years): the fifth deadline passes the wrap
            Duration longest = Duration.ofDays(365L * 1000);
            List<Long> firedAt = new ArrayList<>();
            Promise<Void> done = new Promise<>();
            Runnable[] tick = new Runnable[1];
            tick[0] = () -> {
                firedAt.add(clock.nanoTime());
                if (firedAt.size() == 6) {
                    done.complete(null);
                } else {
                    loop.callLater(longest, tick[0]);
                }
            };
            loop.callLater(longest, tick[0]);
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> loop.runUntilComplete(done),
                    "the loop must not get stuck at the wrap");
            assertEquals(6, firedAt.size());
            for (int i = 1; i < firedAt.size(); i++) {
                assertEquals(Long.MAX_VALUE / 4, firedAt.get(i) - firedAt.get(i - 1), "fired exactly on time: " + i);
            }
        }
    }
}
