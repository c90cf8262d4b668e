package dev.weft;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A callback handed in from another thread at the moment the loop closes, raced on real threads many times (the
 * model checker cannot replay this scenario, see {@link EventLoopLincheckTest}): each time, the callback is run by
 * the shutdown, refused with {@link LoopClosedException}, or reported as dropped — exactly one of the three — and
 * neither side hangs ({@link CloseRace}).
 */
class LoopCloseRaceTest {
    private static final int ROUNDS = 20_000;

    @Test
    void aCallbackHandedInWhileTheLoopClosesIsRunRefusedOrReportedExactlyOnce() throws Exception {
        EventLoop[] loop = new EventLoop[1];
        AtomicInteger ran = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger dropped = new AtomicInteger();
        CloseRace.run(ROUNDS, i -> {
            ran.set(0);
            refused.set(0);
            dropped.set(0);
            loop[0] = new EventLoop();
            loop[0].setExceptionHandler((l, message, e) -> dropped.incrementAndGet());
            return loop[0];
        }, () -> {
            try {
                loop[0].callSoonThreadsafe(ran::incrementAndGet);
            } catch (LoopClosedException e) {
                refused.incrementAndGet();
            }
        }, i -> {
            assertTrue(loop[0].isClosed());
            assertEquals(1, ran.get() + refused.get() + dropped.get(), "round " + i);
        });
    }
}
