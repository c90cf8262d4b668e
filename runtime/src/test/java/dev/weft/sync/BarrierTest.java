package dev.weft.sync;

import dev.weft.Coroutine;
import dev.weft.EventLoop;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.internal.WovenCoroutine;
import dev.weft.test.HandWovenSteps;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The barrier's hand-written coroutines, driven step by step: a party held back while the round drains, woken to
 * arrive again and cancelled before it resumed, leaves the barrier exactly as it was (it never entered a round, so
 * it takes nothing out of {@code inside}); the party that completes a round passes at once with the last index; and
 * a corrupted frame of {@code arrive()}, {@code reset()} or {@code abort()} is reported, not misread.
 */
class BarrierTest {
    private final EventLoop loop = new EventLoop();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    @Test
    void aPartyWokenToArriveAgainAndCancelledBeforeItResumedLeavesNothingBehind() {
        Barrier barrier = new Barrier(2);
        Task<?>[] heldBack = new Task<?>[1];
        // A waits; once through, it cancels the party held back (C), which its leaving has just woken to arrive again
        Task<Object> a = loop.createTask(HandWovenSteps.script("A", r -> {
            if (r.n == 0) {
                return r.await(barrier.arrive());
            }
            heldBack[0].cancel("cancelled before it arrived again");
            return r.value();
        }));
        loop.runUntilIdle();
        assertEquals(1, barrier.waiting());
        Task<Integer> releaser = loop.createTask(barrier.arrive());
        heldBack[0] = loop.createTask(barrier.arrive()); // runs before A resumes: the round drains, C is held back
        loop.runUntilIdle();
        assertEquals(0, a.result());
        assertEquals(1, releaser.result());
        assertTrue(heldBack[0].isCancelled());
        assertEquals("Barrier[filling, waiters:0/2]", barrier.toString(), "C took nothing with it");

        Task<Integer> d = loop.createTask(barrier.arrive());
        Task<Integer> e = loop.createTask(barrier.arrive());
        loop.runUntilIdle();
        assertEquals(0, d.result(), "the next round is a whole one");
        assertEquals(1, e.result());
    }

    @Test
    void theNextRoundStillNeedsAllItsParties() {
        Barrier barrier = new Barrier(2);
        Task<Integer> a = loop.createTask(barrier.arrive());
        Task<Integer> b = loop.createTask(barrier.arrive());
        loop.runUntilIdle();
        assertEquals(0, a.result());
        assertEquals(1, b.result(), "the releasing party gets parties - 1, at once");
        Task<Integer> c = loop.createTask(barrier.arrive());
        loop.runUntilIdle();
        assertFalse(c.isDone(), "a new round");
        assertEquals(1, barrier.waiting());
        c.cancel();
        loop.runUntilIdle();
        assertEquals(0, barrier.waiting(), "a cancelled party leaves the round");
        assertFalse(barrier.isBroken());
    }

    @Test
    void aCorruptedFrameIsReported() {
        Barrier barrier = new Barrier(2);
        for (Coroutine<?> c : new Coroutine<?>[] {barrier.arrive(), barrier.reset(), barrier.abort()}) {
            ((WovenCoroutine<?>) c).label = 9;
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Weft.run(c));
            assertTrue(e.getMessage().contains("resumed at unknown label 9"), e.getMessage());
        }
        assertEquals("Barrier[filling, waiters:0/2]", barrier.toString(), "nothing was done to the barrier");
    }
}
