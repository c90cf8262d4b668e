package dev.weft;

import dev.weft.test.ScopeBodies;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.weft.test.ScopeBodies.await;
import static dev.weft.test.ScopeBodies.script;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Pins {@link Gather}'s failure paths: a task passed twice that fails gives its failure once (never suppressed in
 * itself); the first failure cancels what can be cancelled and leaves alone what cannot; a second cancellation of the
 * awaiting task while the gather waits for its children's cleanup changes nothing (the first one is thrown, after the
 * cleanup); and a gather carrying an outside cancellation out, inside a timeout that then expires, does not make the
 * timeout cancel the task again at every pass while the children clean up. Children are hand-woven scripts.
 */
class GatherTest extends ManualLoopTest {
    GatherTest() {
        loop.setShutdownTimeout(Duration.ofMillis(200)); // a failed test does not wait for stuck tasks
    }

    /** A task that fails with {@code failure} once {@code p} completes. */
    private Task<Object> failingOn(Promise<Object> p, RuntimeException failure) {
        return loop.createTask(script("failing", 1, (f, v, e) -> await(p), (f, v, e) -> {
            throw failure;
        }));
    }

    private Task<Object> slowToStop(List<String> got, List<Promise<Object>> cleanups) {
        return loop.createTask(ScopeBodies.slowToStop(got, cleanups, "cleaned up"));
    }

    @Test
    void aFailingTaskPassedTwiceGivesItsFailureOnceNotSuppressedInItself() {
        Promise<Object> go = new Promise<>();
        IllegalStateException boom = new IllegalStateException("boom");
        Task<Object> twice = failingOn(go, boom);
        Task<List<Object>> g = loop.createTask(Gather.gather(twice, twice));
        loop.runUntilIdle();
        onLoop(() -> go.complete(null));
        assertSame(boom, g.exception());
        assertEquals(0, boom.getSuppressed().length);
    }

    @Test
    void theFirstFailureCancelsTheTasksAndLeavesWhatCannotBeCancelledAlone() {
        Promise<Object> go = new Promise<>();
        List<String> got = new ArrayList<>();
        List<Promise<Object>> cleanups = new ArrayList<>();
        Awaitable<Object> stubborn = ScopeBodies.stubborn();
        Task<Object> slow = slowToStop(got, cleanups);
        IllegalStateException boom = new IllegalStateException("boom");
        Task<List<Object>> g = loop.createTask(Gather.gather(failingOn(go, boom), stubborn, slow));
        loop.runUntilIdle();
        onLoop(() -> go.complete(null));
        assertEquals(1, got.size());
        assertTrue(got.get(0).startsWith("another awaitable of the gather failed"), got.get(0));
        assertFalse(g.isDone(), "the gather waits for the cancelled task's cleanup");
        ScopeBodies.finishCleanup(loop, cleanups);
        assertSame(boom, g.exception(), "thrown once the tasks are done; the awaitable that cannot be cancelled is not waited for");
        assertFalse(stubborn.isDone());
    }

    @Test
    void aSecondCancellationWhileTheGatherWaitsForCleanupChangesNothing() {
        List<String> got = new ArrayList<>();
        List<Promise<Object>> cleanups = new ArrayList<>();
        Task<Object> slow = slowToStop(got, cleanups);
        Task<List<Object>> g = loop.createTask(Gather.gather(slow));
        loop.runUntilIdle();
        onLoop(() -> g.cancel("first"));
        onLoop(() -> g.cancel("second"));
        assertEquals(List.of("the task awaiting gather was cancelled"), got, "the child is cancelled once");
        assertFalse(g.isDone());
        ScopeBodies.finishCleanup(loop, cleanups);
        assertEquals("cleaned up", slow.result());
        assertTrue(g.isCancelled());
        assertEquals("first", g.exception().getMessage());
    }

    @Test
    void aTimeoutExpiringWhileTheGatherCarriesAnOutsideCancellationOutCancelsTheTaskOnce() {
        List<String> got = new ArrayList<>();
        List<Promise<Object>> cleanups = new ArrayList<>();
        Task<Object> slow = slowToStop(got, cleanups);
        Task<List<Object>> t = loop.createTask(Timeout.timeout(Duration.ofMillis(100), Gather.gather(slow)));
        loop.runUntilIdle();
        onLoop(() -> t.cancel("outside"));
        assertEquals(1, got.size());
        clock.advance(Duration.ofMillis(100));
        loop.runUntilComplete(ScopeBodies.afterPasses(loop, 100)); // bounded: before the fix it never went idle
        assertEquals(2, t.cancelling(), "the outside request and the timeout's, not one more at every pass");
        assertFalse(t.isDone());
        ScopeBodies.finishCleanup(loop, cleanups);
        assertTrue(t.isCancelled(), "the outside cancellation wins over the timeout");
        assertEquals(1, t.cancelling());
    }
}
