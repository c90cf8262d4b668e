package dev.weft;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A callback handed in from another thread at the moment the loop closes, raced on real threads many times (the
 * model checker cannot replay this scenario, see {@link EventLoopLincheckTest}): each time, the callback is run by
 * the shutdown, refused with {@link LoopClosedException}, or reported as dropped — exactly one of the three — and
 * neither side hangs. The two threads meet at a barrier before each round so that the hand-in and the close
 * overlap.
 */
class LoopCloseRaceTest {
    private static final int ROUNDS = 20_000;

    @Test
    void aCallbackHandedInWhileTheLoopClosesIsRunRefusedOrReportedExactlyOnce() throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        CyclicBarrier end = new CyclicBarrier(2);
        EventLoop[] loop = new EventLoop[1];
        AtomicInteger ran = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        Thread caller = new Thread(() -> {
            try {
                for (int i = 0; i < ROUNDS; i++) {
                    start.await();
                    try {
                        loop[0].callSoonThreadsafe(ran::incrementAndGet);
                    } catch (LoopClosedException e) {
                        refused.incrementAndGet();
                    }
                    end.await();
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, "caller");
        caller.setDaemon(true);
        caller.start();
        int[] seen = new int[3];
        for (int i = 0; i < ROUNDS; i++) {
            ran.set(0);
            refused.set(0);
            AtomicInteger dropped = new AtomicInteger();
            loop[0] = new EventLoop();
            loop[0].setExceptionHandler((l, message, e) -> dropped.incrementAndGet());
            start.await();
            loop[0].close();
            end.await();
            assertTrue(loop[0].isClosed());
            assertEquals(1, ran.get() + refused.get() + dropped.get(), "round " + i);
            seen[ran.get() == 1 ? 0 : refused.get() == 1 ? 1 : 2]++;
        }
        caller.join(10_000);
        assertFalse(caller.isAlive());
        assertTrue(seen[0] + seen[1] + seen[2] == ROUNDS);
    }
}
