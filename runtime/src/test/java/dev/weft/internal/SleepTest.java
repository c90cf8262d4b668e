package dev.weft.internal;

import dev.weft.CancelledException;
import dev.weft.EventLoop;
import dev.weft.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A positive sleep: its timer is armed by the first registration, on the loop of the caller, and by no later one; a
 * sleep cancelled before anyone waited on it arms no timer at all (so it needs no loop); cancelling a started sleep
 * cancels its timer; its description says whether it is done.
 */
class SleepTest {
    @Test
    void aSleepCancelledBeforeItIsAwaitedArmsNoTimerAndNeedsNoLoop() {
        Sleep s = new Sleep(Duration.ofSeconds(1));
        assertEquals("Sleep[PT1S]", s.toString());
        assertTrue(s.cancel("early"));
        List<String> seen = new ArrayList<>();
        s.whenDone(() -> seen.add("done")); // no loop runs on this thread: arming a timer would throw
        assertEquals(List.of("done"), seen);
        assertEquals("early", assertInstanceOf(CancelledException.class, s.exception()).getMessage());
        assertEquals("Sleep[PT1S, done]", s.toString());
    }

    @Test
    void onlyTheFirstRegistrationArmsTheTimer() {
        ManualClock clock = ManualClock.create();
        EventLoop loop = new EventLoop(clock);
        Sleep s = new Sleep(Duration.ofSeconds(1));
        List<String> seen = new ArrayList<>();
        loop.callSoon(() -> s.whenDone(() -> seen.add("first")));
        loop.runUntilIdle();
        s.whenDone(() -> seen.add("second")); // outside the loop's run: a second timer could not be armed here
        assertTrue(seen.isEmpty());
        clock.advance(Duration.ofMillis(999));
        loop.runUntilIdle();
        assertTrue(seen.isEmpty(), "not due yet");
        clock.advance(Duration.ofMillis(1));
        loop.runUntilIdle();
        assertEquals(List.of("first", "second"), seen);
        assertNull(s.exception());
        assertEquals("Sleep[PT1S, done]", s.toString());
        loop.close();
    }

    @Test
    void cancellingAStartedSleepCancelsItsTimer() {
        ManualClock clock = ManualClock.create();
        EventLoop loop = new EventLoop(clock);
        Sleep s = new Sleep(Duration.ofSeconds(1));
        List<String> seen = new ArrayList<>();
        loop.callSoon(() -> s.whenDone(() -> seen.add(s.exception() == null ? "elapsed" : "cancelled")));
        loop.runUntilIdle();
        assertTrue(s.cancel("stop"));
        assertFalse(s.cancel("again"), "already done");
        clock.advance(Duration.ofSeconds(2));
        loop.runUntilIdle();
        assertEquals(List.of("cancelled"), seen);
        loop.close();
    }

    @Test
    void negativeAndHugeDelays() {
        assertThrows(IllegalArgumentException.class, () -> new Sleep(Duration.ofMillis(-1)));
        Sleep forever = new Sleep(Duration.ofSeconds(Long.MAX_VALUE));
        assertEquals("Sleep[" + Duration.ofNanos(Long.MAX_VALUE / 2) + "]", forever.toString(), "capped, not overflowed");
    }
}
