package dev.weft;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Pins {@link Yield}: done once the callbacks ready when it was first awaited have run, its callbacks run once (a
 * done one runs new ones at once), cancelling completes it at once; a callback removed before it runs never runs
 * (the yield still completes, even with none left), one not registered is not found, and nothing is removed from a
 * done yield; run before anyone awaited it does nothing; tasks that yield take turns.
 */
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

    @Test
    void aRemovedCallbackNeverRunsAndTheYieldStillCompletes() {
        try (EventLoop loop = new EventLoop()) {
            List<String> ran = new ArrayList<>();
            Yield y = new Yield();
            Runnable kept = () -> ran.add("kept");
            Runnable removed = () -> ran.add("removed");
            boolean[] outcomes = new boolean[3];
            loop.callSoonThreadsafe(() -> {
                y.whenDone(kept);
                y.whenDone(removed);
                outcomes[0] = y.removeWhenDone(removed);
                outcomes[1] = y.removeWhenDone(removed);
                outcomes[2] = y.removeWhenDone(() -> { });
                assertEquals("Yield[pending]", y.toString());
            });
            loop.runUntilIdle();
            assertArrayEquals(new boolean[] {true, false, false}, outcomes);
            assertEquals(List.of("kept"), ran);
            assertTrue(y.isDone());
            assertFalse(y.removeWhenDone(kept), "nothing to remove once done");
            assertEquals("Yield[done]", y.toString());
        }
    }

    @Test
    void aYieldWhoseOnlyCallbackWasRemovedStaysPendingUntilTheLoopCompletesIt() {
        try (EventLoop loop = new EventLoop()) {
            List<String> ran = new ArrayList<>();
            Yield y = new Yield();
            Runnable only = () -> ran.add("only");
            boolean[] state = new boolean[2];
            loop.callSoonThreadsafe(() -> {
                y.whenDone(only);
                state[0] = y.removeWhenDone(only);
                state[1] = y.isDone();
            });
            loop.runUntilIdle();
            assertTrue(state[0]);
            assertFalse(state[1]);
            assertTrue(y.isDone(), "still queued on the loop, which completes it");
            assertEquals(List.of(), ran);
        }
    }

    @Test
    void runningAYieldNobodyAwaitedDoesNothing() {
        Yield y = new Yield();
        y.run();
        assertFalse(y.isDone());
        assertEquals("Yield[pending]", y.toString());
        assertTrue(y.cancel("stop"));
        y.run(); // its queued run after a cancellation: nothing changes
        assertEquals("Yield[cancelled]", y.toString());
        assertEquals("stop", y.exception().getMessage());
    }
}
