package dev.weft;

import java.util.concurrent.CyclicBarrier;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A race on real threads between {@code loop.close()} and an action of another thread, run many times: each round,
 * the test thread sets up a loop, both threads meet at a barrier, the test thread closes the loop while the other
 * acts, and after a second barrier the test thread checks what the round left. The barriers make the two overlap,
 * and make each round's state (set up before the first, read after the second) visible to both threads.
 */
final class CloseRace {
    private CloseRace() {
    }

    /**
     * @param setUp  makes round {@code i}'s loop (and whatever the action will use), on the test thread
     * @param action what the other thread does while the loop closes
     * @param check  asserts what round {@code i} left, on the test thread
     */
    static void run(int rounds, IntFunction<EventLoop> setUp, Runnable action, IntConsumer check) throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        CyclicBarrier end = new CyclicBarrier(2);
        Thread other = new Thread(() -> {
            try {
                for (int i = 0; i < rounds; i++) {
                    start.await();
                    action.run();
                    end.await();
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, "racing close");
        other.setDaemon(true);
        other.start();
        for (int i = 0; i < rounds; i++) {
            EventLoop loop = setUp.apply(i);
            start.await();
            loop.close();
            end.await();
            check.accept(i);
        }
        other.join(10_000);
        assertFalse(other.isAlive());
    }
}
