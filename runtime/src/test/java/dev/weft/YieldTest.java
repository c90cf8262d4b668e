package dev.weft;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class YieldTest {
    /** A coroutine, written the way the weaver writes one, that yields {@code n} times, logging each step. */
    static final class Yielder extends CoroutineMachine<Integer> {
        private final List<String> log;
        private final int n;
        private int done;

        Yielder(List<String> log, int n) {
            super("YieldTest.yielder");
            this.log = log;
            this.n = n;
        }

        @Override
        Object advance(Object value, Throwable failure) {
            if (failure != null) {
                log.add("failed: " + failure.getMessage());
                throw rethrow(failure);
            }
            if (done == n) {
                return done;
            }
            log.add("yield " + done++);
            return await(Weft.sleep(Duration.ZERO));
        }
    }

    @Test
    void sleepZeroIsAYield() {
        assertInstanceOf(Yield.class, Weft.sleep(Duration.ZERO));
    }

    @Test
    void completesAfterTheCallbacksAlreadyReadyAndRunsItsCallbacksOnce() {
        try (EventLoop loop = new EventLoop()) {
            List<String> order = new ArrayList<>();
            Promise<Void> finished = new Promise<>();
            loop.callSoonThreadsafe(() -> {
                Yield y = new Yield();
                assertFalse(y.isDone());
                assertThrows(IllegalStateException.class, y::exception);
                loop.callSoon(() -> order.add("before"));
                y.whenDone(() -> {
                    order.add("yield done");
                    finished.complete(null);
                });
                y.whenDone(() -> order.add("second callback"));
                loop.callSoon(() -> order.add("after"));
            });
            loop.runUntilComplete(finished);
            loop.runUntilIdle();
            assertEquals(List.of("before", "yield done", "second callback", "after"), order);
        }
    }

    @Test
    void aDoneYieldRunsNewCallbacksAtOnceAndStaysDone() {
        try (EventLoop loop = new EventLoop()) {
            Yield y = new Yield();
            loop.callSoonThreadsafe(() -> y.whenDone(() -> { }));
            loop.runUntilIdle();
            assertTrue(y.isDone());
            assertNull(y.exception());
            assertNull(y.result());
            List<String> ran = new ArrayList<>();
            y.whenDone(() -> ran.add("now"));
            assertEquals(List.of("now"), ran);
            assertFalse(y.cancel("late"));
            assertNull(y.exception());
        }
    }

    @Test
    void cancellingCompletesItAtOnceWithACancelledException() {
        try (EventLoop loop = new EventLoop()) {
            List<String> ran = new ArrayList<>();
            Yield y = new Yield();
            loop.callSoonThreadsafe(() -> {
                y.whenDone(() -> ran.add("callback"));
                assertTrue(y.cancel("stop"));
                assertEquals(List.of("callback"), ran);
            });
            loop.runUntilIdle();
            assertTrue(y.isDone());
            assertEquals("stop", y.exception().getMessage());
            assertThrows(CancelledException.class, y::result);
            assertEquals(List.of("callback"), ran);
        }
    }

    @Test
    void tasksThatYieldTakeTurns() {
        List<String> log = new ArrayList<>();
        int total = Weft.run(new CoroutineMachine<Integer>("YieldTest.main") {
            Task<Integer> a;
            Task<Integer> b;

            @Override
            Object advance(Object value, Throwable failure) {
                if (a == null) {
                    a = Weft.spawn(new Yielder(log, 3).frame);
                    b = Weft.spawn(new Yielder(log, 3).frame);
                    return await(a);
                }
                if (!b.isDone()) {
                    return await(b);
                }
                return a.result() + b.result();
            }
        }.frame);
        assertEquals(6, total);
        assertEquals(List.of("yield 0", "yield 0", "yield 1", "yield 1", "yield 2", "yield 2"), log);
    }

    @Test
    void aTaskCancelledWhileYieldingGetsTheCancellationAtItsAwait() {
        List<String> log = new ArrayList<>();
        Task<?>[] task = new Task<?>[1];
        Object outcome = Weft.run(new CoroutineMachine<Object>("YieldTest.main") {
            @Override
            Object advance(Object value, Throwable failure) {
                if (task[0] == null) {
                    task[0] = Weft.spawn(new Yielder(log, 1_000_000).frame);
                    return await(Weft.sleep(Duration.ZERO));
                }
                if (!task[0].isDone()) {
                    task[0].cancel("enough");
                    return await(Weft.gatherSettled(task[0]));
                }
                return value;
            }
        }.frame);
        assertTrue(task[0].isCancelled());
        assertEquals("failed: enough", log.get(log.size() - 1));
        assertEquals(List.of("yield 0", "failed: enough"), log);
        assertNotNull(outcome);
    }
}
