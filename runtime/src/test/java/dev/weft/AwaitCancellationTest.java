package dev.weft;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Pins {@link AwaitCancellation}: a request is passed on to a cancellable awaitable with its message and leaves
 * any other alone; delivering a cancellation makes the awaitable forget the task's
 * wake-up, so it never runs the task's step when the awaitable completes later.
 */
class AwaitCancellationTest {
    @Test
    void aRequestCancelsACancellableAwaitableWithItsMessageAndLeavesOthersAlone() {
        Promise<Integer> p = new Promise<>();
        AwaitCancellation.cancelAwaited(p, "stop");
        assertTrue(p.isCancelled());
        assertEquals("stop", p.exception().getMessage());
        AwaitCancellation.cancelAwaited(dev.weft.test.ScopeBodies.stubborn(), "stop"); // nothing to do, no failure
    }

    @Test
    void aDeliveredCancellationCarriesTheMessageAndTheAwaitableForgetsTheWakeUp() {
        try (EventLoop loop = new EventLoop(ManualClock.create())) {
            Promise<Integer> p = new Promise<>();
            Task<Integer> task = loop.createTask(dev.weft.test.HandWoven.awaitOne(p));
            loop.runUntilIdle();
            AtomicInteger others = new AtomicInteger();
            p.whenDone(others::incrementAndGet);
            CancelledException gone = new CancelledException("gone");
            assertSame(gone, AwaitCancellation.deliveredAt(task, null, p, gone));
            assertFalse(p.removeWhenDone(task), "the task's wake-up was already forgotten");
            p.complete(1);
            assertEquals(1, others.get(), "other callbacks still run");
        }
    }
}
