package dev.weft;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Pins what {@link Wait#waitAll} accepts and how it counts: a coroutine that already finished is taken as it is
 * (only one that has not run is refused), and an awaitable that (against the {@link Awaitable} contract) runs its
 * callback twice is counted once, so {@code ALL_COMPLETED} still waits for the others.
 */
class WaitTest {
    private final EventLoop loop = new EventLoop(ManualClock.create());

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    /** An awaitable that, once {@link #fire}d, runs its callback twice. */
    static final class Stutter implements Awaitable<String> {
        private Runnable callback;
        private boolean done;

        void fire() {
            done = true;
            callback.run();
            callback.run();
        }

        @Override
        public boolean isDone() {
            return done;
        }

        @Override
        public String result() {
            return "stutter";
        }

        @Override
        public Throwable exception() {
            return null;
        }

        @Override
        public void whenDone(Runnable c) {
            callback = c;
        }
    }

    @Test
    void aCoroutineThatAlreadyFinishedIsTakenAsItIs() {
        Coroutine<Integer> finished = Coroutine.of(1);
        Promise<Integer> pending = new Promise<>();
        Task<Done<Awaitable<Integer>>> t = loop.createTask(Wait.waitAll(List.of(finished, pending), WaitMode.FIRST_COMPLETED));
        loop.runUntilIdle();
        assertEquals(List.of(finished), t.result().done());
        assertEquals(List.of(pending), t.result().pending());
        assertThrows(IllegalArgumentException.class,
                () -> Wait.waitAll(List.of(dev.weft.test.HandWoven.awaitOne(pending)), WaitMode.ALL_COMPLETED));
    }

    @Test
    void anAwaitableRunningItsCallbackTwiceCountsOnce() {
        Stutter stutter = new Stutter();
        Promise<String> other = new Promise<>();
        Task<Done<Awaitable<String>>> t = loop.createTask(Wait.waitAll(List.of(stutter, other), WaitMode.ALL_COMPLETED));
        loop.runUntilIdle();
        loop.callSoonThreadsafe(stutter::fire);
        loop.runUntilIdle();
        assertFalse(t.isDone(), "the other is still pending");
        loop.callSoonThreadsafe(() -> other.complete("other"));
        loop.runUntilIdle();
        assertEquals(List.of(stutter, other), t.result().done());
        assertEquals(List.of(), t.result().pending());
    }
}
